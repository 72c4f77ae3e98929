from __future__ import annotations

from datetime import date

from django.core.management import call_command

from onroll.accounts.models import User
from onroll.accounts.roles import Role
from onroll.demo.loader import DEMO_USERS, load_demo
from onroll.people.models import Child
from onroll.registers.models import Registration, RegistrationKind
from onroll.rules.upn import is_valid_upn
from onroll.schools.models import School, Term


def test_demo_is_a_believable_lancashire_and_loading_twice_is_safe(db: None) -> None:
    first = load_demo(date(2026, 11, 29))
    second = load_demo(date(2026, 11, 29))
    assert first["children"] == second["children"] == Child.objects.count()
    assert 75 <= Child.objects.count() <= 85
    assert second["children_added"] == 0
    assert School.objects.count() == 5
    assert School.objects.filter(phase="pru").count() == 1
    assert User.objects.count() == len(DEMO_USERS)
    assert all(is_valid_upn(c.upn) for c in Child.objects.all())
    dual = Registration.objects.filter(kind=RegistrationKind.DUAL_SUBSIDIARY)
    assert dual.exists()
    assert all(d.school.is_pru for d in dual)
    assert Term.objects.filter(school__isnull=True).count() == 6
    roles = {r for u in User.objects.all() for r in u.roles}
    assert roles == set(Role.values)  # every role has a demo user


def test_load_demo_command_prints_the_sign_ins(db: None, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "pru.admissions" in out
    assert "cme.officer" in out
    assert "onroll-demo-2026" in out
