"""Attendance fixtures: a Lancashire autumn term for the cast's schools and a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.schools.models import Term
from tests.conftest import Cast

#: A Friday in the autumn term 2026 (the term below runs 2 September to 18 December).
TODAY = date(2026, 11, 27)


@pytest.fixture
def term(cast: Cast) -> Cast:
    for la in (cast.lancashire, cast.blackpool):
        Term.objects.create(
            local_authority=la,
            name="Autumn 2026",
            first_day=date(2026, 9, 2),
            last_day=date(2026, 12, 18),
        )
    return cast
