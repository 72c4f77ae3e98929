"""The suite's one clock.

Every test runs with the clock at :data:`NOW` (a Monday in the autumn term), whatever date the
machine has: ``tests/conftest.py`` starts ``time_machine`` at :data:`NOW` before any test or
fixture runs, ticking from there so durations still pass. Tests that need "today" use
:data:`TODAY` (or a date of their own, passed explicitly); none reads the wall clock.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
