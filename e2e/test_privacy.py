"""A PAK's NIK in headless Chromium: masked on the office's PAK page, the proposal under review, the province's
verification page and the PAK's own profile, and
"Lihat NIK" (htmx) swaps in the full NIK, audited, at desktop and phone width with no sideways scroll.
Screenshots go to ``e2e/artifacts/privacy-*.png``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.placement.models import PlacementOfficer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _registered_pak(vera, hana) -> int:
    """An appointed PAK with a profile awaiting verification. Built in a worker thread: signing the decrees
    runs asyncio, and Playwright's event loop already runs in this one."""
    from disnaker.placement.tests.helpers import appointed_officers, registered_bkk, registered_profile

    def build() -> int:
        try:
            bkk = registered_bkk(vera, hana)
            officer = appointed_officers(bkk.operator, vera, hana, count=1)[0]
            registered_profile(officer)
            return officer.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(build).result()


def _signed_in(new_context, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = new_context(viewport=viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


@pytest.mark.parametrize("size", list(SIZES))
def test_lihat_nik_reveals_one_nik_in_the_browser(
    new_context, live_server, artifacts, vera, hana, prita, size
):
    officer = PlacementOfficer.objects.select_related("profile").get(pk=_registered_pak(vera, hana))
    masked = officer.nik[:6] + "******" + officer.nik[-4:]
    pages = {
        "office": (vera, reverse("placement:office_officer", args=[officer.pk])),
        "proposal": (vera, reverse("placement:office_proposal_review", args=[officer.proposal_id])),
        "province": (prita, reverse("placement:province_review", args=[officer.profile.pk])),
        "own-profile": (officer.profile.user, reverse("placement:my_profile")),
    }
    for name, (user, path) in pages.items():
        context = _signed_in(new_context, live_server, user, SIZES[size])
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.goto(path)
        nik = page.locator(".nik-reveal")
        expect(nik).to_contain_text(masked)
        expect(page.locator("body")).not_to_contain_text(officer.nik)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        page.screenshot(path=str(artifacts / f"privacy-{name}-{size}-masked.png"), full_page=True)

        reveals = AuditLog.objects.filter(
            action=AuditAction.PERSONAL_DATA_VIEWED, actor=user, object_id=str(officer.pk), data__field="nik"
        )
        before = reveals.count()
        page.get_by_role("button", name="Lihat NIK").click()
        expect(page.get_by_text(officer.nik, exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Lihat NIK")).to_have_count(0)
        page.screenshot(path=str(artifacts / f"privacy-{name}-{size}-revealed.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        assert not errors, errors
        assert reveals.count() == before + 1
        context.close()
