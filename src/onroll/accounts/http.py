"""The request a signed-in view receives: ``request.user`` is Onroll's own :class:`User`.

After healthchecks' ``AuthenticatedHttpRequest``: the view decorators in
``onroll.core.decorators`` let only signed-in staff through, so a view typed with this class
needs no casts and no ``Any`` for its user.
"""

from __future__ import annotations

from django.http import HttpRequest

from onroll.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
