import pytest

from disnaker.accounts.constants import ACCOUNT_REQUEST_TRANSITIONS, AccountRequestStatus
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.workflow import TransitionNotAllowed, status_history, status_transition


def test_a_transition_writes_history_and_audit(account_request, vera):
    status_transition(
        obj=account_request,
        to_status=AccountRequestStatus.REJECTED,
        transitions=ACCOUNT_REQUEST_TRANSITIONS,
        actor=vera,
        note="Dokumen tidak lengkap",
    )
    account_request.refresh_from_db()
    assert account_request.status == AccountRequestStatus.REJECTED
    (change,) = status_history(account_request)
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        "submitted",
        "rejected",
        vera,
        "Dokumen tidak lengkap",
    )
    assert change.actor_role == "Verifikator"
    assert change.to_status_label == "Ditolak"
    entry = AuditLog.objects.get(action=AuditAction.STATUS_CHANGED)
    assert entry.actor == vera and entry.object_id == str(account_request.pk)
    assert entry.office == account_request.office


def test_a_transition_outside_the_table_is_refused(account_request, vera):
    account_request.status = AccountRequestStatus.REJECTED
    account_request.save()
    with pytest.raises(TransitionNotAllowed) as exc:
        status_transition(
            obj=account_request,
            to_status=AccountRequestStatus.APPROVED,
            transitions=ACCOUNT_REQUEST_TRANSITIONS,
            actor=vera,
        )
    assert "Ditolak" in str(exc.value) and "Disetujui" in str(exc.value)
    assert status_history(account_request) == []


def test_audit_log_is_append_only(account_request, vera):
    entry = AuditLog.objects.create(action=AuditAction.LOGIN, actor=vera)
    entry.data = {"changed": True}
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.update(action="x")
    assert AuditLog.objects.filter(action=AuditAction.LOGIN).count() == 1
