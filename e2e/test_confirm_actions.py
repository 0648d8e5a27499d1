"""Irreversible review steps ask first, in Chromium: the dialog names what will happen, *Batal* sends
nothing, and only the dialog's own button takes the step. Shown at desktop and phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, CompanyFactory, UserFactory, bekasi_office
from disnaker.core.workflow import status_history
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.tests.helpers import submitted_sample

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_verifier_confirms_a_rejection_in_a_dialog(live_server, new_context, artifacts, width, height):
    company_user = UserFactory(role=Role.COMPANY, company=CompanyFactory(name="PT Konfirmasi"))
    registration = submitted_sample(company_user)
    UserFactory(email="verif.dialog@disnaker.go.id", role=Role.VERIFIER, office=bekasi_office())

    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.goto("/")
    page.get_by_label("Email").fill("verif.dialog@disnaker.go.id")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.goto(f"/kantor/pkwt/{registration.pk}/")

    page.get_by_label("Catatan").fill("Dokumen kontrak tidak sesuai dengan daftar pekerja.")
    page.get_by_role("button", name="Tolak", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("akan ditolak")
    expect(dialog.get_by_role("heading")).to_have_text("Tolak")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / f"confirm-reject-{width}.png")

    # Batal: nothing is sent, the note stays as typed.
    dialog.get_by_role("button", name="Batal").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Catatan")).to_have_value("Dokumen kontrak tidak sesuai dengan daftar pekerja.")
    assert PkwtRegistration.objects.get(pk=registration.pk).status == RegistrationStatus.SUBMITTED

    # Escape closes it too; then the dialog's own button takes the step.
    page.get_by_role("button", name="Tolak", exact=True).click()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Tolak", exact=True).click()
    dialog.get_by_role("button", name="Ya, tolak").click()
    expect(page.locator(".alert-success")).to_contain_text("Permohonan ditolak.")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REJECTED
    assert list(status_history(registration))[-1].note.startswith("Dokumen kontrak")
