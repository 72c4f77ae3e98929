"""Defaults shared by the engine and the command line (kept import-light for ``--help``)."""

from __future__ import annotations

#: Default link threshold (match probability). See docs/decisions/0003-record-linkage.md.
DEFAULT_THRESHOLD = 0.5
