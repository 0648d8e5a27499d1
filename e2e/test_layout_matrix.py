"""Every page of the permission matrix, in Chromium, as each persona who may open it (issue 16 §4 and §9).

For each persona the matrix (disnaker/core/tests/permission_matrix.py) answers 200, the page is opened once in
one signed-in context per persona and checked:

- at 1280×800 the top menu (``nav.navbar``) is one line high: at most ``MENU_MAX_HEIGHT`` px;
- at 390×844 the page does not scroll sideways: ``document.documentElement.scrollWidth`` ≤ 390;
- axe-core (axe-playwright-python, locked in uv.lock) reports no violation of impact ``serious`` or
  ``critical`` (WCAG 2.1 AA, issue 16 §9), at both widths.

HTML fragments (htmx partials such as ``pkwt:import_status``), file downloads (PDF, Excel, images) and other
non-HTML answers are skipped: the Django test client fetches each page first, as the same persona, and only a
whole ``text/html`` document goes on to the browser. The Django admin (ADMIN_MODELS, ADMIN_EXTRA) is Django's
own interface and is not walked. The world is the permission matrix's own (one object of each kind).

Every finding is listed at once (also in ``e2e/artifacts/layout/findings.txt``); a screenshot of each page
with a finding goes to ``e2e/artifacts/layout/``. The seconds taken and the number of pages are printed (``-s``)."""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache

from disnaker.core.tests import test_permission_matrix as matrix_test
from disnaker.core.tests.permission_matrix import MATRIX, PERSONAS

# Pages and CSS do not depend on the database engine: the walk runs in the SQLite pass only (scripts/test.sh).
pytestmark = [pytest.mark.e2e, pytest.mark.layout, pytest.mark.django_db(transaction=True)]

world = matrix_test.world  # the permission matrix's world, as a fixture of this module

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: One line of Bootstrap's navbar is 56 px (a 40 px link and 2 × 8 px padding); a second line makes it ≥ 96.
MENU_MAX_HEIGHT = 64
#: The impacts that fail the test (issue 16 §9: "0 serious or critical axe violations").
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa",
               "wcag21a", "wcag21aa", "best-practice"]}}  # fmt: skip


def _is_whole_page(response) -> bool:
    """A whole HTML document (not a fragment, a download or another format)."""
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if "attachment" in response.get("Content-Disposition", ""):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return b"<html" in response.content[:600].lower()


def _pages_for(persona: str, client, w: dict) -> list[tuple[str, str]]:
    """(URL name, path) of every whole HTML page the matrix opens (200) to ``persona``."""
    index = PERSONAS.index(persona)
    pages = []
    for name, row in MATRIX.items():
        if row[index] != 200:
            continue
        path = matrix_test.path_for(name, w)
        cache.clear()  # rate-limit counters
        if _is_whole_page(client.get(path)):
            pages.append((name, path))
    return pages


def _signed_in_client(client_class, user):
    client = client_class()
    if user is not None:
        client.force_login(user)  # the suite's client also passes the second step (conftest.py)
    return client


def _violations(axe: Axe, page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in FAILING_IMPACTS:
            continue
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"axe {violation['impact']} {violation['id']}: {' | '.join(targets)}")
    return found


def test_every_matrix_page_fits_both_widths_and_passes_axe(
    world, client, new_context, live_server, artifacts, capsys
):
    shots = artifacts / "layout"
    shots.mkdir(exist_ok=True)
    axe = Axe()
    findings: list[str] = []
    checked = 0
    started = time.monotonic()
    for persona in PERSONAS:
        user = world["personas"][persona]
        django_client = _signed_in_client(type(client), user)
        pages = _pages_for(persona, django_client, world)
        context = new_context(viewport=DESKTOP)
        if user is not None:
            cookie = django_client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page = context.new_page()
        for name, path in pages:
            cache.clear()  # rate-limit counters
            page.set_viewport_size(DESKTOP)
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{persona} {name}: {response}"
            here = f"{persona:9} {name:42}"
            page_findings = []
            menu = page.evaluate(
                "(() => { const n = document.querySelector('nav.navbar');"
                " return n ? n.getBoundingClientRect().height : 0; })()"
            )
            if menu > MENU_MAX_HEIGHT:
                page_findings.append(f"1280: the menu is {menu:.0f} px high (wraps)")
            page_findings += [f"1280: {v}" for v in _violations(axe, page)]
            page.set_viewport_size(PHONE)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                page_findings.append(f"390: the page is {width} px wide (scrolls sideways)")
            page_findings += [f"390: {v}" for v in _violations(axe, page)]
            if page_findings:
                slug = f"{persona}-{name.replace(':', '-')}"
                page.screenshot(path=shots / f"{slug}-390.png", full_page=True)
                page.set_viewport_size(DESKTOP)
                page.screenshot(path=shots / f"{slug}-1280.png", full_page=True)
            findings += [f"{here} {finding}" for finding in page_findings]
            checked += 1
    seconds = time.monotonic() - started
    (shots / "findings.txt").write_text("\n".join(findings) + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\nlayout matrix: {checked} pages, {len(findings)} findings, {seconds:.0f} s")
    assert checked > 250, f"only {checked} pages were walked"
    assert findings == [], f"{len(findings)} findings on {checked} pages:\n" + "\n".join(findings)
