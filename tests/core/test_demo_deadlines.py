"""The demo's work queues: no deadline falls on a day the school does not meet (issue 11).

New-pupil returns are due by the end of the fifth calendar day after entry, so a pupil
entered on a Monday has a deadline on Saturday; the queues show such deadlines on the school
day before (R-CAL-7). On these mornings the demo's returns, leavers and reviews fell on
Saturday 5 and 12 or Sunday 6 and 13 December 2026 before the fix.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onroll.accounts.models import User
from onroll.core.registry import work_queue_for
from onroll.demo.loader import DEMO_USERS, load_demo
from onroll.rules.calendar_builder import bank_holidays


@pytest.mark.parametrize(
    "today", [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 8)]
)
def test_no_demo_deadline_falls_on_a_weekend_or_bank_holiday(db: None, today: date) -> None:
    with time_machine.travel(
        datetime(today.year, today.month, today.day, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    ):
        load_demo(today)
        holidays = bank_holidays()
        items = [
            (demo.username, item)
            for demo in DEMO_USERS
            for item in work_queue_for(User.objects.get(username=demo.username), today)
        ]
    assert {item.kind for _, item in items} >= {"return", "day6", "cme_case"}  # queues are full
    closed = [
        (username, item.kind, item.title, item.due)
        for username, item in items
        if item.due is not None and (item.due.weekday() >= 5 or item.due in holidays)
    ]
    assert closed == []
    returns = [item for _, item in items if item.kind == "return"]
    if today == date(2026, 12, 1):  # entered Tue 1 Dec: the law's deadline is Sun 6 Dec
        assert {item.due for item in returns} == {date(2026, 12, 4)}
        assert all("Due Sunday 6 December 2026" in item.detail for item in returns)
