"""onroll.rules — the statutory rules engine, pure (standard library only, no Django).

The stable interfaces of the architecture note are re-exported here by name; everything
else is imported from its module (``onroll.rules.alerts``, ``onroll.rules.returns``, ...).
"""

from onroll.rules.calendar import SchoolCalendar

__all__ = [
    "SchoolCalendar",
]
