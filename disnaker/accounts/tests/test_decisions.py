import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts.constants import AccountRequestStatus, Role
from disnaker.accounts.models import User
from disnaker.accounts.services import account_request_approve, account_request_reject
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.notifications.models import OutboxMessage


def test_approval_creates_company_and_user_with_expiring_initial_password(account_request, vera, settings):
    settings.INITIAL_PASSWORD_VALID_DAYS = 3
    user = account_request_approve(account_request=account_request, actor=vera)
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.APPROVED
    assert account_request.decided_by == vera
    company = account_request.company
    assert company.name == account_request.company_name and company.office == account_request.office
    assert user.role == Role.COMPANY and user.company == company and user.must_change_password
    assert 2.9 < (user.password_expires_at - timezone.now()).total_seconds() / 86400 <= 3
    mail = OutboxMessage.objects.get(kind="account_request_approved")
    assert mail.to == account_request.email
    password = re.search(r"Kata sandi : (\S+)", mail.body).group(1)
    assert user.check_password(password)
    assert account_request.email in mail.body
    assert [h.to_status for h in status_history(account_request)] == ["approved"]


def test_rejection_needs_a_reason_and_emails_it(account_request, vera):
    with pytest.raises(ValidationError):
        account_request_reject(account_request=account_request, actor=vera, reason="  ")
    account_request_reject(account_request=account_request, actor=vera, reason="NPWP tidak sesuai dokumen")
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.REJECTED
    assert account_request.company is None
    mail = OutboxMessage.objects.get(kind="account_request_rejected")
    assert "NPWP tidak sesuai dokumen" in mail.body
    assert not User.objects.filter(email=account_request.email).exists()


def test_a_decided_request_cannot_be_decided_again(account_request, vera):
    account_request_reject(
        account_request=account_request, actor=vera, reason="Data tidak lengkap sama sekali"
    )
    with pytest.raises(TransitionNotAllowed):
        account_request_approve(account_request=account_request, actor=vera)
    assert not User.objects.filter(email=account_request.email).exists()


def test_approval_is_refused_when_the_email_already_has_an_account(account_request, vera, alice):
    account_request.email = alice.email
    account_request.save()
    with pytest.raises(ValidationError):
        account_request_approve(account_request=account_request, actor=vera)
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.SUBMITTED


def test_verifier_approves_from_the_review_page(client, account_request, vera):
    client.force_login(vera)
    response = client.post(
        reverse("accounts:account_request_approve", args=[account_request.pk]), follow=True
    )
    assert "disetujui" in response.content.decode()
    assert User.objects.filter(email=account_request.email, role=Role.COMPANY).exists()
    assert AuditLog.objects.filter(action=AuditAction.STATUS_CHANGED, actor=vera).exists()


def test_verifier_reject_without_reason_shows_the_error_next_to_the_field(client, account_request, vera):
    client.force_login(vera)
    response = client.post(
        reverse("accounts:account_request_reject", args=[account_request.pk]), {"note": ""}
    )
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.SUBMITTED


def test_the_queue_lists_waiting_requests_oldest_first_and_searches(client, vera, office):
    from disnaker.accounts.tests.factories import AccountRequestFactory

    first = AccountRequestFactory(company_name="PT Pertama")
    second = AccountRequestFactory(company_name="PT Kedua")
    AccountRequestFactory(company_name="PT Sudah Ditolak", status=AccountRequestStatus.REJECTED)
    client.force_login(vera)
    page = client.get(reverse("accounts:account_request_queue")).context["page"]
    assert list(page.object_list) == [first, second]
    page = client.get(reverse("accounts:account_request_queue"), {"status": "", "q": "ditolak"}).context[
        "page"
    ]
    assert [ar.company_name for ar in page.object_list] == ["PT Sudah Ditolak"]
    response = client.get(reverse("accounts:account_request_queue"), {"q": "kedua"}, HTTP_HX_REQUEST="true")
    assert "PT Kedua" in response.content.decode() and "<html" not in response.content.decode()


def test_viewing_a_document_is_audited_and_served_as_attachment(client, account_request, vera):
    client.force_login(vera)
    response = client.get(
        reverse("accounts:account_request_document", args=[account_request.pk, "ktp_image"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]  # images are shown sandboxed
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    inline = client.get(
        reverse("accounts:account_request_document", args=[account_request.pk, "application_letter"]),
        {"tampil": "1"},
    )
    assert inline["Content-Disposition"].startswith("inline;")
    assert AuditLog.objects.filter(action=AuditAction.DOCUMENT_VIEWED, actor=vera).count() == 2


def test_unknown_document_slot_is_404(client, account_request, vera):
    client.force_login(vera)
    response = client.get(reverse("accounts:account_request_document", args=[account_request.pk, "password"]))
    assert response.status_code == 404
