"""Every page each demo user can reach reads like a service: no Python repr, no ISO date, no
server error.

The test loads the demo Lancashire, signs in as each demo user (every role), and follows the
same-origin links from their home page, plus every URL pattern that takes no arguments. Only
text a person reads is checked: attribute values (links, form input values, data attributes)
stay in machine formats. Downloads (CSV, XLSX) are not HTML and are not read.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from onroll.accounts.models import User
from onroll.cases.models import Notification
from onroll.core.display import govuk_date
from onroll.demo.loader import DEMO_USERS, load_demo
from onroll.people.models import Child
from onroll.registers.models import Registration
from onroll.registers.referrals import cme_referral_submit
from tests.clock import TODAY
from tests.conftest import sign_in

#: What must never be read on a page: a dict or list repr, or an ISO date.
LEAKS = re.compile(r"\{'|\[\{|\['|\b\d{4}-\d{2}-\d{2}\b")

#: Text inside these elements is not read as page text (or is a form's value).
_NOT_TEXT = {"script", "style", "template", "textarea"}

#: Never followed: signing out ends the crawl; the Django admin has its own test.
_SKIP_PREFIXES = ("/static/", "/django-admin/")

#: Pages per user, and pages per URL shape (digits masked): enough to open each kind of
#: detail page a few times without reading every child's record.
MAX_PAGES = 400
MAX_PER_SHAPE = 3


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_TEXT:
            self._skipping.append(tag)
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def leaks(html: str) -> list[str]:
    """Each repr or ISO date in the page's visible text, with a little context."""
    found = []
    for chunk in read_page(html).text:
        for match in LEAKS.finditer(chunk):
            start = max(match.start() - 40, 0)
            found.append(" ".join(chunk[start : match.end() + 40].split()))
    return found


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _shape(url: str) -> str:
    return re.sub(r"\d+", "#", urlsplit(url).path)


def _same_origin(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(_SKIP_PREFIXES):
        return None
    return path


def crawl(
    get: Callable[[str], Any],
    start: Iterable[str],
    *,
    skip: Iterable[str] = (),
    max_pages: int = MAX_PAGES,
    max_per_shape: int = MAX_PER_SHAPE,
) -> Crawl:
    """Breadth first from ``start``, GET only, following same-origin links and redirects."""
    result = Crawl()
    skipped = set(skip)
    queue = deque(start)
    seen = set(queue)
    shapes: Counter[str] = Counter()
    while queue and len(result.visited) < max_pages:
        url = queue.popleft()
        if shapes[_shape(url)] >= max_per_shape:
            continue
        shapes[_shape(url)] += 1
        result.visited.append(url)
        try:
            response = get(url)
        except Exception as exc:  # a crash is a finding, reported with its URL
            result.problems.append(f"{url}: raised {exc!r}")
            continue
        if response.status_code >= 500:
            result.problems.append(f"{url}: answered {response.status_code}")
            continue
        found: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            found = [response["Location"]]
        elif response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            result.problems += [f"{url}: {leak}" for leak in dict.fromkeys(leaks(html))]
            found = read_page(html).links
        for href in found:
            target = _same_origin(url, href)
            if target and target not in seen and urlsplit(target).path not in skipped:
                seen.add(target)
                queue.append(target)
    return result


def urls_without_arguments(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every named URL that takes no keyword (nor does any ``include`` above it)."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if entry.pattern.regex.groupindex:
            continue
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":  # the admin has its own test
                namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                found += urls_without_arguments(entry, namespace)
        elif entry.name and f"{prefix}{entry.name}" != "accounts:sign_out":
            found.append(reverse(f"{prefix}{entry.name}"))
    return found


@pytest.fixture
def demo(db: None, django_capture_on_commit_callbacks: Any) -> Notification:
    """The demo Lancashire, its attendance, and a school's CME referral, which carries the
    child's carers, registrations, moves and safeguarding to the LA."""
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(TODAY)
    officer = User.objects.get(username="hawthorn.admissions")
    registration = (
        Registration.objects.filter(
            school=officer.school, deleted_on__isnull=True, child__carer_links__isnull=False
        )
        .select_related("child", "school")
        .order_by("pk")
        .first()
    )
    assert registration is not None
    child: Child = registration.child
    submitted = cme_referral_submit(
        child=child,
        school=registration.school,
        situation="other",
        narrative="Not seen since the half-term holiday; the family may have moved.",
        acting_user=officer,
    )
    return Notification.objects.get(pk=submitted.pk)


@pytest.mark.parametrize("username", [u.username for u in DEMO_USERS])
def test_every_page_a_demo_user_reaches_reads_like_a_service(
    demo: Notification, username: str
) -> None:
    client = sign_in(Client(), User.objects.get(username=username))
    home = client.get("/", follow=True).request["PATH_INFO"]
    referral = reverse("cases:notification", args=[demo.pk])
    result = crawl(
        client.get,
        [home, referral, *urls_without_arguments()],
        skip=[reverse("accounts:sign_out")],
    )
    assert len(urls_without_arguments()) >= 20, "too few URLs: is the resolver walk broken?"
    assert len(result.visited) > 30, f"{username} reached almost nothing: {result.visited}"
    assert not result.problems, f"{username}:\n" + "\n".join(result.problems)


def test_a_school_referral_reads_as_summary_lists(demo: Notification) -> None:
    """The LA officer's main reading page: carers, registrations, moves and safeguarding
    as GOV.UK summary lists, dates in words."""
    client = sign_in(Client(), User.objects.get(username="cme.officer"))
    html = client.get(reverse("cases:notification", args=[demo.pk])).content.decode()
    text = " ".join(" ".join(read_page(html).text).split())
    assert leaks(html) == []
    assert "Parents and carers" in text
    assert "School registrations" in text
    assert 'class="govuk-summary-card"' in html
    carer = demo.details["carers"][0]["name"]
    assert carer in text
    born = demo.details["date_of_birth"]
    assert govuk_date(born) in text
    assert " at " in text  # when it was received: "30 November 2026 at 9:30am"


# The checker itself: it must find a repr or an ISO date planted in a page's text.

_PLANTED = {
    "/": '<a href="/bad/">bad</a> <a href="https://example.org/">away</a>'
    '<input name="d" value="2026-12-03"><a href="/ok/?date=2026-12-03">fine</a>',
    "/ok/": "<p>3 December 2026</p><script>var d = '2026-12-03';</script>",
    "/bad/": "<dd>[{'name': 'Niamh Kay', 'relationship': 'Mother'}]</dd><p>Due 2026-12-03</p>",
}


@dataclass
class _Stub:
    status_code: int
    content: bytes
    headers: dict[str, str]

    def get(self, key: str, default: Any = None) -> Any:
        return self.headers.get(key, default)

    def __getitem__(self, key: str) -> str:
        return self.headers[key]


def _stub_get(url: str) -> _Stub:
    if url == "/boom/":
        raise RuntimeError("crashed")
    path = urlsplit(url).path
    body = _PLANTED.get(path)
    if body is None:
        return _Stub(404, b"", {"Content-Type": "text/html"})
    return _Stub(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})


def test_the_crawl_finds_a_planted_repr_and_iso_date_in_text_only() -> None:
    result = crawl(_stub_get, ["/", "/boom/"])
    assert set(result.visited) == {"/", "/boom/", "/bad/", "/ok/?date=2026-12-03"}
    assert any("[{'name': 'Niamh Kay'" in p for p in result.problems), result.problems
    assert any(p.startswith("/bad/") and "2026-12-03" in p for p in result.problems)
    assert any(p.startswith("/boom/") for p in result.problems)
    # attribute values, URLs and scripts are machine formats, not reading matter
    assert not any(p.startswith(("/: ", "/ok/")) for p in result.problems), result.problems


def test_leaks_reads_text_nodes_not_attributes() -> None:
    assert leaks("<p>['a', 'b']</p>") == ["['a', 'b']"]
    assert leaks("<p>{'a': 1}</p>")
    assert leaks('<a href="/x/?d=2026-12-03" title="2026-12-03">3 December 2026</a>') == []
    assert leaks("<textarea>2026-12-03</textarea>") == []
