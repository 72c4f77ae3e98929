"""What a browser posts for the forms' GOV.UK fields, for tests that post forms directly."""

from __future__ import annotations

from datetime import date


def date_fields(prefix: str, day: date) -> dict[str, str]:
    """The day, month and year boxes of the GOV.UK date input named ``prefix``."""
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }
