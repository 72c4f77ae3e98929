"""Where a change came from, for its audit row, without passing the request through services.

``AuditContextMiddleware`` (``onroll.core.middleware``) sets :func:`current` for the length of
each request; :func:`onroll.core.services.audit_record` reads it. Outside a request (a
management command, a background job, a test calling a service directly) there is none and the
audit row records no address. :func:`using` sets one by hand, e.g. for a job that acts on behalf
of a request it was queued from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class RequestMeta:
    """What the audit log keeps of a request: the client address and user agent."""

    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> RequestMeta:
        """The proxy sets REMOTE_ADDR in production; the user agent is cut to its column."""
        return cls(
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:300],
        )


_CURRENT: ContextVar[RequestMeta | None] = ContextVar("onroll_request_meta", default=None)


def current() -> RequestMeta | None:
    """The request being served, if any."""
    return _CURRENT.get()


@contextmanager
def using(meta: RequestMeta | None) -> Iterator[None]:
    """Make ``meta`` the current request's metadata inside the block."""
    token = _CURRENT.set(meta)
    try:
        yield
    finally:
        _CURRENT.reset(token)
