"""The audit trail stays complete: the account-request services check their actor, users with history are
deactivated (never deleted) in the admin, and what the admin opens of personal data is audited."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from disnaker.accounts.constants import AccountRequestStatus, Role
from disnaker.accounts.models import AccountRequest, User
from disnaker.accounts.services import account_request_approve, account_request_reject
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog, StatusChange

from .factories import PASSWORD, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _denial_steps(actor) -> list[str]:
    return [
        r.data.get("step") for r in AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=actor)
    ]


# --- The account-request services check their actor -----------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "oscar", "hana", "adam"])
def test_only_a_verifier_of_the_office_can_approve_even_calling_the_service(
    request, account_request, persona
):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        account_request_approve(account_request=account_request, actor=actor)
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.SUBMITTED and account_request.company is None
    assert not User.objects.filter(email=account_request.email).exists()
    assert _denial_steps(actor) == ["accounts.account_request_approve"]


@pytest.mark.parametrize("persona", ["alice", "oscar", "hana", "adam"])
def test_only_a_verifier_of_the_office_can_reject_even_calling_the_service(request, account_request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        account_request_reject(account_request=account_request, actor=actor, reason="Dokumen palsu")
    assert AccountRequest.objects.get(pk=account_request.pk).status == AccountRequestStatus.SUBMITTED
    assert _denial_steps(actor) == ["accounts.account_request_reject"]


def test_a_head_posting_the_approve_url_gets_403_and_the_denial_is_audited(client, account_request, hana):
    client.force_login(hana)
    response = client.post(reverse("accounts:account_request_approve", args=[account_request.pk]))
    assert response.status_code == 403
    assert _denial_steps(hana) == ["accounts.account_request_approve"]


# --- Users with history are deactivated, not deleted -------------------------------------------------------------


@pytest.fixture
def admin_client(client, adam):
    client.force_login(adam)
    return client


@pytest.fixture
def vera_with_history(vera, account_request):
    account_request_reject(account_request=account_request, actor=vera, reason="NPWP tidak sesuai")
    assert AuditLog.objects.filter(actor=vera).exists() and StatusChange.objects.filter(actor=vera).exists()
    return vera


def test_the_admin_cannot_delete_a_user_with_audit_history(admin_client, vera_with_history):
    vera = vera_with_history
    rows = AuditLog.objects.filter(actor=vera).count()
    changes = StatusChange.objects.filter(actor=vera).count()
    url = reverse("admin:accounts_user_delete", args=[vera.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    page = admin_client.get(reverse("admin:accounts_user_change", args=[vera.pk])).content.decode()
    assert url not in page  # no "Hapus" link
    assert User.objects.filter(pk=vera.pk).exists()
    assert AuditLog.objects.filter(actor=vera).count() == rows
    assert StatusChange.objects.filter(actor=vera).count() == changes
    assert set(AuditLog.objects.filter(actor=vera).values_list("actor_label", flat=True)) == {vera.email}


def test_the_bulk_delete_action_is_gone_and_cannot_be_posted(admin_client, vera_with_history):
    vera = vera_with_history
    changelist = reverse("admin:accounts_user_changelist")
    page = admin_client.get(changelist)
    assert "delete_selected" not in page.content.decode()
    assert "deactivate_users" in page.content.decode()
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [vera.pk], "post": "yes"})
    assert User.objects.filter(pk=vera.pk).exists()


def test_a_user_without_history_can_still_be_deleted(admin_client):
    mistake = UserFactory(email="salah.ketik@disnaker.go.id", role=Role.VERIFIER)
    url = reverse("admin:accounts_user_delete", args=[mistake.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=mistake.pk).exists()


def test_deactivating_audits_and_ends_the_users_sessions(admin_client, adam, vera_with_history):
    vera = vera_with_history
    browser = Client()
    login = {"username": vera.email, "password": PASSWORD}
    assert browser.post(reverse("accounts:login"), login).status_code == 302
    queue = reverse("accounts:account_request_queue")
    assert browser.get(queue).status_code == 200
    assert Session.objects.count() == 2  # adam's and vera's

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [vera.pk]},
    )
    assert response.status_code == 302
    vera.refresh_from_db()
    assert not vera.is_active
    [row] = AuditLog.objects.filter(action=AuditAction.USER_DEACTIVATED)
    assert (row.actor, row.actor_label, row.object_type, row.object_id) == (
        adam, adam.email, "accounts.user", str(vera.pk),
    )  # fmt: skip
    assert Session.objects.count() == 1  # only adam's is left
    after = browser.get(queue)
    assert after.status_code == 302 and after.url.startswith(reverse("accounts:login"))
    assert browser.post(reverse("accounts:login"), login).status_code == 200  # refused: inactive


def test_clearing_aktif_on_the_form_is_the_same_audited_deactivation(admin_client, adam, vera):
    data = {
        "email": vera.email, "full_name": vera.full_name, "role": vera.role, "office": vera.office_id,
        "company": "", "must_change_password": "", "password_expires_at_0": "", "password_expires_at_1": "",
        "is_staff": "", "is_superuser": "", "groups": [], "user_permissions": [],
    }  # fmt: skip
    response = admin_client.post(reverse("admin:accounts_user_change", args=[vera.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    vera.refresh_from_db()
    assert not vera.is_active and vera.full_name == "Vera Verifikator"
    assert AuditLog.objects.filter(
        action=AuditAction.USER_DEACTIVATED, actor=adam, object_id=str(vera.pk)
    ).exists()


def test_the_admin_cannot_deactivate_itself(admin_client, adam):
    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [adam.pk]},
    )
    adam.refresh_from_db()
    assert adam.is_active
    assert not AuditLog.objects.filter(action=AuditAction.USER_DEACTIVATED).exists()


# --- Admin views of personal data are audited ----------------------------------------------------------------


def test_opening_personal_data_in_the_admin_is_audited(admin_client, adam, vera, alice, account_request):
    company = CompanyFactory(name="PT Contoh Data")
    for name, obj in [("user", vera), ("company", company), ("accountrequest", account_request)]:
        page = admin_client.get(reverse(f"admin:accounts_{name}_change", args=[obj.pk]))
        assert page.status_code == 200
        row = AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED, actor=adam).first()
        assert (row.object_type, row.object_id, row.data) == (
            obj._meta.label_lower,
            str(obj.pk),
            {"admin": True},
        )
    admin_client.get(reverse("admin:accounts_user_changelist"))
    row = AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED, actor=adam).first()
    assert row.data == {"admin": True, "list": "accounts.user"}
    # A record that is not personal data writes nothing.
    before = AuditLog.objects.count()
    admin_client.get(reverse("admin:core_office_changelist"))
    assert AuditLog.objects.count() == before


def test_the_pak_and_bkk_records_in_the_admin_are_audited_and_keep_the_nik_out(admin_client, adam, pak):
    page = admin_client.get(
        reverse("admin:placement_placementofficer_change", args=[pak.pk])
    ).content.decode()
    assert pak.nik not in page
    admin_client.get(reverse("admin:placement_bkk_change", args=[pak.bkk_id]))
    admin_client.get(reverse("admin:placement_pakprofile_change", args=[pak.profile.pk]))
    viewed = AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED, actor=adam, data__admin=True)
    assert set(viewed.values_list("object_type", flat=True)) == {
        "placement.placementofficer", "placement.bkk", "placement.pakprofile",
    }  # fmt: skip
