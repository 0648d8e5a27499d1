"""The main guidance pages in headless Chromium at desktop and phone width: they render with no console error
(a CSP violation is one) and no horizontal scroll on a phone. Screenshots go to ``e2e/artifacts/guidance``."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from disnaker.guidance.demo import seed_guidance_demo
from disnaker.placement.models import Bkk
from disnaker.placement.tests.helpers import registered_bkk

from .helpers import record_activity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(django_settings.BASE_DIR) / "e2e" / "artifacts" / "guidance"
CHROMIUM = "/usr/bin/chromium"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def reference_data(transactional_db):
    """The regions and offices the migrations seed: a transactional test's flush removes them."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    importlib.import_module("disnaker.core.migrations.0002_seed_regions_offices").seed(apps, None)


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url}  # fmt: skip


def _shoot(browser, live_server, user, pages: dict[str, str]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size_name, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport, locale="id-ID")
        context.add_cookies([_session_cookie(user, live_server)])
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, (name, response.status)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{size_name}.png"), full_page=True)
            if size_name == "phone":
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, (name, overflow)
        assert not errors, errors
        context.close()


def test_guidance_pages_in_a_browser(request, reference_data, live_server, vera, hana, bima, bkk):
    seed_guidance_demo(bkk, vera)
    today = timezone.localdate()
    late = record_activity(vera, bkk, kind="online", topic="Evaluasi rekap penempatan",
                           date=today - datetime.timedelta(days=45), follow_up_due=today - datetime.timedelta(days=3))  # fmt: skip
    stale = registered_bkk(vera, hana, name="BKK SMK Karya Bangsa")
    Bkk.objects.filter(pk=stale.pk).update(registered_at=timezone.now() - datetime.timedelta(days=400))
    watch = registered_bkk(vera, hana, name="BKK Politeknik Cikarang")
    Bkk.objects.filter(pk=watch.pk).update(last_report_at=timezone.now() - datetime.timedelta(days=220))
    from disnaker.guidance.models import PlacementReport

    report = PlacementReport.objects.get(bkk=bkk)
    # Playwright runs an event loop in this thread: start it only once the decrees above are signed.
    browser = request.getfixturevalue("browser")
    _shoot(browser, live_server, vera, {
        "activity-list": reverse("guidance:activity_list"),
        "activity-detail": reverse("guidance:activity_detail", args=[late.pk]),
        "activity-create": reverse("guidance:activity_create"),
        "monitoring": reverse("guidance:bkk_monitoring"),
        "report-summary": reverse("guidance:report_summary"),
        "report-detail": reverse("guidance:report_detail", args=[report.pk]),
    })  # fmt: skip
    _shoot(browser, live_server, bima, {
        "operator-report-list": reverse("guidance:report_list"),
        "operator-report-form": reverse("guidance:report_create"),
        "operator-activities": reverse("guidance:activity_list"),
    })  # fmt: skip
