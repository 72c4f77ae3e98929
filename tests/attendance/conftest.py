"""Attendance fixtures: a Lancashire autumn term for the cast's schools and a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.schools.factories import TermFactory
from tests.conftest import Cast

#: A Friday in the autumn term 2026 (the term below runs 2 September to 18 December).
TODAY = date(2026, 11, 27)


@pytest.fixture
def term(cast: Cast) -> Cast:
    for la in (cast.lancashire, cast.blackpool):
        TermFactory(local_authority=la)  # Autumn 2026
    return cast
