"""The account-request review takes its decisions through ``core.views.flow_decide`` and draws its buttons
with ``includes/actions.html``, as every other review workflow; the e-mails and audit step names are those of
the named services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disnaker.accounts.constants import ACCOUNT_REQUEST_FLOW, AccountRequestStatus
from disnaker.accounts.models import AccountRequest, User
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _decide(account_request, step: str) -> str:
    return reverse("accounts:account_request_decide", args=[account_request.pk, step])


def test_the_decide_urls_keep_their_old_addresses(account_request):
    assert _decide(account_request, "setujui") == reverse(
        "accounts:account_request_approve", args=[account_request.pk]
    )
    assert _decide(account_request, "tolak") == reverse(
        "accounts:account_request_reject", args=[account_request.pk]
    )


def test_the_review_page_draws_the_flows_buttons(client, account_request, vera):
    client.force_login(vera)
    html = client.get(reverse("accounts:account_request_detail", args=[account_request.pk])).content.decode()
    assert 'id="decision-form"' in html
    assert f'formaction="{_decide(account_request, "setujui")}"' in html
    assert f'formaction="{_decide(account_request, "tolak")}"' in html
    assert 'name="note"' in html and "Alasan penolakan" in html
    assert 'data-confirm-danger="1"' in html  # the rejection asks first


def test_the_head_sees_no_buttons(client, account_request, hana):
    client.force_login(hana)
    html = client.get(reverse("accounts:account_request_detail", args=[account_request.pk])).content.decode()
    assert 'id="decision-form"' not in html


def test_approving_through_flow_decide_creates_the_account_and_says_so(client, account_request, vera):
    client.force_login(vera)
    response = client.post(_decide(account_request, "setujui"), follow=True)
    assert f"Permohonan {account_request.tracking_code} disetujui" in response.content.decode()
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.APPROVED
    assert User.objects.filter(email=account_request.email, company=account_request.company).exists()
    assert (
        OutboxMessage.objects.filter(kind="account_request_approved", to=account_request.email).count() == 1
    )


def test_rejecting_needs_a_note_of_ten_characters(client, account_request, vera):
    client.force_login(vera)
    for note in ("", "   ", "Kurang"):
        response = client.post(_decide(account_request, "tolak"), {"note": note})
        assert response.status_code == 400
        assert 'id="id_note_error"' in response.content.decode()
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.SUBMITTED
    assert not OutboxMessage.objects.filter(kind="account_request_rejected").exists()


def test_rejecting_through_flow_decide_mails_the_reason(client, account_request, vera):
    client.force_login(vera)
    response = client.post(
        _decide(account_request, "tolak"), {"note": "NPWP tidak sesuai dokumen"}, follow=True
    )
    assert f"Permohonan {account_request.tracking_code} ditolak." in response.content.decode()
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.REJECTED
    assert account_request.rejection_reason == "NPWP tidak sesuai dokumen"
    assert "NPWP tidak sesuai dokumen" in OutboxMessage.objects.get(kind="account_request_rejected").body


@pytest.mark.parametrize(("step", "service"), [("setujui", "approve"), ("tolak", "reject")])
def test_a_refusal_through_flow_decide_is_audited_with_the_services_step(
    client, account_request, hana, step, service
):
    client.force_login(hana)
    response = client.post(_decide(account_request, step), {"note": "Dokumen tidak terbaca dengan jelas"})
    assert response.status_code == 403
    steps = [
        row.data.get("step") for row in AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=hana)
    ]
    assert steps == [f"accounts.account_request_{service}"]
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.SUBMITTED


def test_an_unknown_step_is_404(client, account_request, vera):
    client.force_login(vera)
    assert client.post(_decide(account_request, "hapus")).status_code == 404


def test_a_taken_email_comes_back_on_the_review_page(client, account_request, vera, alice):
    account_request.email = alice.email
    account_request.save()
    client.force_login(vera)
    response = client.post(_decide(account_request, "setujui"))
    assert (response.status_code, "sudah dipakai akun lain" in response.content.decode()) == (400, True)
    assert AccountRequest.objects.get(pk=account_request.pk).status == AccountRequestStatus.SUBMITTED


def test_a_decided_request_shows_no_buttons_and_a_second_decision_is_refused(client, account_request, vera):
    client.force_login(vera)
    client.post(_decide(account_request, "tolak"), {"note": "Data tidak lengkap sama sekali"})
    response = client.post(_decide(account_request, "setujui"))
    assert response.status_code == 400
    assert 'id="decision-form"' not in response.content.decode()
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.REJECTED


def test_approve_is_the_services_own_step():
    step = ACCOUNT_REQUEST_FLOW.step("setujui")
    assert step.own_service and step.service.endswith("account_request_approve")
