"""In Chromium with an English browser: dates are typed and read dd/mm/yyyy (issue 16 §3), and a session
that ended is told on the sign-in page and the user brought back to the page (issue 16 §6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, CompanyFactory, UserFactory, bekasi_office

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/wt/shots/dates")


def _shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    if SHOTS.is_dir():
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _sign_in(page: Page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_an_english_browser_types_and_reads_dates_dd_mm_yyyy(
    live_server, new_context, artifacts, width, height
):
    UserFactory(email="verif.tanggal@disnaker.go.id", role=Role.VERIFIER, office=bekasi_office())
    page = new_context(locale="en-US", viewport={"width": width, "height": height}).new_page()
    assert page.evaluate("navigator.language") == "en-US"
    page.goto("/")
    _sign_in(page, "verif.tanggal@disnaker.go.id")
    page.goto("/kantor/pkwt/")

    since = page.get_by_label("Diajukan sejak")
    assert since.get_attribute("type") == "text" and since.get_attribute("placeholder") == "hh/bb/tttt"
    since.press_sequentially("03072026")  # digits only: the slashes come by themselves
    expect(since).to_have_value("03/07/2026")
    expect(page.locator("#id_date_from_help")).to_have_text("3 Juli 2026")
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"date_from=03%2F07%2F2026"))
    page.reload()
    expect(page.get_by_label("Diajukan sejak")).to_have_value("03/07/2026")
    expect(page.locator("#id_date_from_help")).to_have_text("3 Juli 2026")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, artifacts, f"dates-office-queue-{width}")

    # An old bookmark with the native input's ISO date still works and is shown dd/mm/yyyy.
    page.goto("/kantor/pkwt/?date_to=2026-07-31")
    expect(page.get_by_label("Diajukan sampai")).to_have_value("31/07/2026")


def test_a_date_that_does_not_exist_is_said_next_to_the_field(live_server, new_context, artifacts):
    page = new_context(locale="en-US", viewport={"width": 390, "height": 844}).new_page()
    page.goto("/cek-kontrak/")
    page.get_by_label("NIK").fill("3216015507950003")
    birth = page.get_by_label("Tanggal lahir")
    birth.press_sequentially("31022026")
    expect(birth).to_have_value("31/02/2026")
    expect(page.locator("#id_birth_date_help")).to_have_text("Tanggal 31/02/2026 tidak ada")
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("#id_birth_date_error")).to_have_text(
        "Tanggal 31/02/2026 tidak ada: periksa hari dan bulannya."
    )
    expect(page.get_by_label("Tanggal lahir")).to_have_value("31/02/2026")
    # Deleting does not put a slash straight back.
    birth = page.get_by_label("Tanggal lahir")
    birth.fill("")
    expect(page.locator("#id_birth_date_help")).to_have_text("Format hh/bb/tttt, contoh 03/07/1988.")
    birth.press_sequentially("0307")
    expect(birth).to_have_value("03/07")
    birth.press("Backspace")
    birth.press("Backspace")
    birth.press("Backspace")
    expect(birth).to_have_value("03")
    birth.press_sequentially("071988")
    expect(birth).to_have_value("03/07/1988")
    expect(page.locator("#id_birth_date_help")).to_have_text("3 Juli 1988")
    _shot(page, artifacts, "dates-worker-check-390")


def test_an_ended_session_is_told_and_the_user_brought_back(live_server, new_context, artifacts):
    UserFactory(email="hrd.sesi@contoh.co.id", role=Role.COMPANY, company=CompanyFactory(name="PT Sesi"))
    page = new_context().new_page()
    page.goto("/")
    expect(page.get_by_text("Sesi Anda berakhir")).to_have_count(0)  # a first visit: no word
    _sign_in(page, "hrd.sesi@contoh.co.id")
    expect(page).to_have_url(re.compile(r"/dasbor/$"))

    Session.objects.all().delete()  # the session ended on the server (expired)
    page.goto("/permohonan/?status=draft")
    expect(page).to_have_url(re.compile(r"/\?next="))
    expect(page.get_by_role("status")).to_contain_text("Sesi Anda berakhir, silakan masuk lagi.")
    _shot(page, artifacts, "session-expired-1280")
    _sign_in(page, "hrd.sesi@contoh.co.id")
    expect(page).to_have_url(re.compile(r"/permohonan/\?status=draft$"))

    # Signing out on purpose: the sign-in page says nothing about an ended session.
    page.locator(
        ".nav-item.dropdown:has(button:text-is('Keluar')) .dropdown-toggle"
    ).click()  # the account menu
    page.get_by_role("button", name="Keluar").click()
    page.goto("/permohonan/")
    expect(page.get_by_role("button", name="Masuk", exact=True)).to_be_visible()
    expect(page.get_by_text("Sesi Anda berakhir")).to_have_count(0)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_office_date_forms_have_no_native_date_input(live_server, new_context, artifacts, width, height):
    UserFactory(email="verif.form@disnaker.go.id", role=Role.VERIFIER, office=bekasi_office())
    page = new_context(locale="en-US", viewport={"width": width, "height": height}).new_page()
    page.goto("/")
    _sign_in(page, "verif.form@disnaker.go.id")
    for path, label, name in [
        ("/bimtek/baru/", "Tanggal mulai", "training-form"),
        ("/pembinaan-bkk/catat/", "Tanggal kegiatan", "activity-form"),
        ("/pembinaan-bkk/", "Sejak tanggal", "activity-list"),
    ]:
        page.goto(path)
        assert page.locator('input[type="date"]').count() == 0, path
        box = page.get_by_label(label)
        box.press_sequentially("01072026")
        expect(box).to_have_value("01/07/2026")
        expect(page.locator(f"#{box.get_attribute('id')}_help")).to_have_text("1 Juli 2026")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        _shot(page, artifacts, f"dates-{name}-{width}")
