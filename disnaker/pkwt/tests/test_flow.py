"""The office's review of a PKWT registration as one declared flow (``REGISTRATION_FLOW``): who sees which
button, the one decide view, and the rules that live in the flow rather than in views and templates."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from disnaker.core.flows import Note, Style, actions_for, run_step
from disnaker.core.workflow import status_history
from disnaker.pkwt import services
from disnaker.pkwt.constants import REGISTRATION_FLOW, RegistrationStatus, SigningState
from disnaker.pkwt.models import PkwtRegistration

from .helpers import submitted_sample


def _names(registration, user) -> list[str]:
    return [step.name for step in actions_for(flow=REGISTRATION_FLOW, obj=registration, user=user)]


@pytest.mark.django_db
def test_who_sees_which_step(alice, bob, vera, hana, oscar):
    registration = submitted_sample(alice)
    assert _names(registration, vera) == ["verifikasi", "perbaikan", "tolak"]
    assert _names(registration, hana) == []  # the head waits for the verifier
    assert _names(registration, oscar) == []  # another office's verifier
    assert _names(registration, alice) == [] and _names(registration, bob) == []

    verified = services.registration_verify(registration=registration, actor=vera)
    assert _names(verified, vera) == []  # a verifier may not sign
    assert _names(verified, hana) == ["tandatangani", "kembalikan"]

    verified.signing_state = SigningState.RUNNING  # signing in the background: nothing to press
    assert _names(verified, hana) == []


def test_the_flow_keeps_the_registrations_transitions():
    S = RegistrationStatus
    assert REGISTRATION_FLOW.transitions == {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.NEEDS_REVISION, S.VERIFIED, S.REJECTED},
        S.NEEDS_REVISION: {S.SUBMITTED},
        S.VERIFIED: {S.APPROVED, S.SUBMITTED},
    }


def test_irreversible_steps_ask_for_confirmation_and_notes_are_required_where_they_reach_the_company():
    steps = {step.name: step for step in REGISTRATION_FLOW.steps}
    assert steps["tolak"].style is Style.DANGER and "ditolak" in str(steps["tolak"].confirm)
    assert "ditandatangani" in str(steps["tandatangani"].confirm)
    assert {name for name, step in steps.items() if step.note is Note.REQUIRED} == {
        "perbaikan",
        "tolak",
        "kembalikan",
    }
    assert not steps["verifikasi"].confirm and not steps["perbaikan"].confirm


@pytest.mark.django_db
def test_signing_is_not_a_plain_status_step(alice, vera):
    """Signing numbers, renders and signs a decree in its own view; the runner refuses to just move the status."""
    registration = services.registration_verify(registration=submitted_sample(alice), actor=vera)
    with pytest.raises(ValueError, match="own view"):
        run_step(flow=REGISTRATION_FLOW, step="tandatangani", obj=registration, actor=vera)
    assert PkwtRegistration.objects.get(pk=registration.pk).status == RegistrationStatus.VERIFIED


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["tandatangani", "setujui", "hapus"])
def test_the_decide_view_takes_only_the_flows_plain_steps(client, alice, hana, vera, decision):
    registration = services.registration_verify(registration=submitted_sample(alice), actor=vera)
    client.force_login(hana)
    response = client.post(reverse("pkwt:office_decide", args=[registration.pk, decision]), {"note": "x"})
    assert response.status_code == 404
    assert PkwtRegistration.objects.get(pk=registration.pk).status == RegistrationStatus.VERIFIED


@pytest.mark.django_db
def test_the_review_page_shows_the_verifiers_buttons_from_the_flow(client, alice, vera):
    registration = submitted_sample(alice)
    client.force_login(vera)
    html = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    for step in ("verifikasi", "perbaikan", "tolak"):
        assert reverse("pkwt:office_decide", args=[registration.pk, step]) in html
    assert reverse("pkwt:office_sign", args=[registration.pk]) not in html
    # Only the rejection asks first, and says what will happen; it comes last, styled as destructive.
    assert html.count("data-confirm=") == 1
    assert 'class="btn btn-outline-danger mt-3"' in html and "data-confirm-danger" in html
    assert html.index("Minta perbaikan") < html.index(">Tolak<")
    assert 'id="confirm-dialog"' in html and "js/confirm.js" in html


@pytest.mark.django_db
def test_the_review_page_links_the_heads_sign_button_to_the_signing_screen(client, alice, vera, hana):
    registration = services.registration_verify(registration=submitted_sample(alice), actor=vera)
    client.force_login(hana)
    html = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    sign = reverse("pkwt:office_sign", args=[registration.pk])
    # The signing screen (what will happen, the preview, the BSrE passphrase) is the confirmation.
    assert f'href="{sign}">Setujui dan tandatangani SK</a>' in html
    assert f'formaction="{sign}"' not in html
    screen = client.get(sign).content.decode()
    assert "SK Pencatatan PKWT akan diberi nomor" in screen
    assert reverse("pkwt:office_decree_preview", args=[registration.pk]) in screen
    assert 'name="passphrase"' not in screen  # a pkcs12 office: no passphrase
    assert reverse("pkwt:office_decide", args=[registration.pk, "kembalikan"]) in html


@pytest.mark.django_db
def test_a_rejection_without_a_reason_shows_the_error_next_to_the_note(client, alice, vera):
    registration = submitted_sample(alice)
    client.force_login(vera)
    mail.outbox.clear()
    response = client.post(reverse("pkwt:office_decide", args=[registration.pk, "tolak"]), {"note": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_note_error">Tuliskan alasan penolakan.' in html
    assert PkwtRegistration.objects.get(pk=registration.pk).status == RegistrationStatus.SUBMITTED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_step_through_the_decide_view_writes_history_and_mails_the_company(
    client, alice, vera, django_capture_on_commit_callbacks
):
    registration = submitted_sample(alice)
    client.force_login(vera)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pkwt:office_decide", args=[registration.pk, "perbaikan"]), {"note": "Lampirkan kontrak."}
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.NEEDS_REVISION
    last = list(status_history(registration))[-1]
    assert (last.to_status, last.note, last.actor_id) == (
        RegistrationStatus.NEEDS_REVISION,
        "Lampirkan kontrak.",
        vera.pk,
    )
    [message] = mail.outbox
    assert message.to == [alice.company.email] and "perlu perbaikan" in message.subject
    assert "Lampirkan kontrak." in message.body
