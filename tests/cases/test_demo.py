"""The cases demo: open cases at several stages and priorities, some overdue, closed ones
with outcomes, a family to hand over, and Blackpool's own case; loading twice is safe."""

from __future__ import annotations

from datetime import date

from onroll.accounts.models import User
from onroll.cases.models import Case
from onroll.cases.workflow import CaseStage
from onroll.core.registry import work_queue_for
from onroll.demo.loader import load_demo


def test_cases_demo_has_every_stage_some_overdue_and_is_idempotent(db: None) -> None:
    today = date(2026, 11, 30)
    load_demo(today)
    first = Case.objects.count()
    load_demo(today)
    assert Case.objects.count() == first
    demo = Case.objects.filter(reference__startswith="CASE-DEMO-")
    assert set(demo.values_list("stage", flat=True)) == set(CaseStage.values)
    family = demo.get(reference="CASE-DEMO-A001")
    assert family.case_children.count() >= 2
    assert demo.get(reference="CASE-DEMO-B001").local_authority.code == "890"
    assert len(set(demo.values_list("priority", flat=True))) >= 2
    officer = User.objects.get(username="cme.officer")
    queue = [i for i in work_queue_for(officer, today) if i.kind == "cme_case"]
    assert sum(i.overdue for i in queue) >= 3
    assert queue[0].overdue
    blackpool = User.objects.get(username="blackpool.cme")
    assert all("CASE-DEMO-A" not in i.title for i in work_queue_for(blackpool, today))
