"""onroll.rules — the statutory rules engine, pure (standard library only, no Django).

The stable interfaces of the architecture note are re-exported here by name; everything
else is imported from its module (``onroll.rules.alerts``, ``onroll.rules.returns``, ...).
"""

from onroll.rules.age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_compulsory_school_age,
)
from onroll.rules.attendance import ATTENDANCE_CODES, AttendanceSummary, summarise_attendance
from onroll.rules.school_calendar import SchoolCalendar
from onroll.rules.upn import is_valid_upn, upn_check_letter

__all__ = [
    "ATTENDANCE_CODES",
    "AttendanceSummary",
    "SchoolCalendar",
    "compulsory_school_age_end",
    "compulsory_school_age_start",
    "is_compulsory_school_age",
    "is_valid_upn",
    "summarise_attendance",
    "upn_check_letter",
]
