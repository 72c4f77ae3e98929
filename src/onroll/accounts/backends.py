"""Sign-in backend that loads a user's organisation with the user, once per request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from onroll.accounts.models import User


class OrganisationBackend(ModelBackend):
    """Django's model backend, but the user comes with their organisation (and, for a school,
    its local authority) in the same query, so ``user.school`` and ``user.local_authority``
    never query again during the request."""

    def get_user(self, user_id: Any) -> User | None:
        user = (
            User.objects.select_related(
                "organisation__school__local_authority", "organisation__localauthority"
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
