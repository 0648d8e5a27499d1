"""The review-workflow runner (core.flows), exercised on a real model: an account request."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from disnaker.accounts.constants import AccountRequestStatus as S
from disnaker.core.constants import AuditAction
from disnaker.core.flows import Flow, Mail, Note, Step, Style, actions_for, run_step
from disnaker.core.models import AuditLog
from disnaker.core.workflow import TransitionNotAllowed, status_history


def _is_verifier_of_its_office(user, account_request) -> bool:
    return user.role == "verifier" and user.office_id == account_request.office_id


def _stamp_decision(account_request, *, actor, note, request=None, **extra):
    account_request.decided_by = actor
    account_request.decided_at = timezone.now()
    account_request.rejection_reason = extra.get("reason_copy", note)
    return ["decided_by", "decided_at", "rejection_reason"]


FLOW = Flow(
    model_label="accounts.AccountRequest",
    name="test_request",
    mail_to=lambda ar: ar.email,
    mail_context=lambda ar, note: {"account_request": ar, "reason": note},
    steps=(
        Step(
            "tolak",
            "Tolak",
            source={S.SUBMITTED},
            target=S.REJECTED,
            allowed=_is_verifier_of_its_office,
            note=Note.REQUIRED,
            note_message="Alasan penolakan wajib diisi.",
            effect=_stamp_decision,
            mail=Mail("account_request_rejected", "Permohonan %(tracking_code)s ditolak"),
            style=Style.DANGER,
            confirm="Permohonan akan ditolak.",
        ),
        Step(
            "setujui",
            "Setujui",
            source={S.SUBMITTED},
            target=S.APPROVED,
            allowed="disnaker.accounts.permissions.can_decide_account_request",
            default_note="Disetujui.",
        ),
    ),
)


def test_the_transitions_table_is_derived_from_the_steps():
    assert FLOW.transitions == {S.SUBMITTED: {S.REJECTED, S.APPROVED}}
    assert FLOW.step("tolak").style is Style.DANGER
    with pytest.raises(KeyError):
        FLOW.step("tidak-ada")


def test_step_names_are_unique():
    step = FLOW.step("setujui")
    with pytest.raises(ValueError, match="unique"):
        Flow(model_label="accounts.AccountRequest", name="x", steps=(step, step))


def test_actions_are_the_steps_this_user_may_take_now(account_request, vera, oscar, alice):
    assert [s.name for s in actions_for(flow=FLOW, obj=account_request, user=vera)] == ["tolak", "setujui"]
    assert actions_for(flow=FLOW, obj=account_request, user=oscar) == []  # another office
    assert actions_for(flow=FLOW, obj=account_request, user=alice) == []
    account_request.status = S.REJECTED
    assert actions_for(flow=FLOW, obj=account_request, user=vera) == []  # nothing left from this status


def test_a_step_moves_the_status_with_history_audit_effect_and_mail(
    account_request, vera, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = run_step(
            flow=FLOW, step="tolak", obj=account_request, actor=vera, note="  NPWP tidak terbaca. "
        )
    account_request.refresh_from_db()
    assert account_request.status == S.REJECTED == done.status
    assert account_request.decided_by == vera and account_request.rejection_reason == "NPWP tidak terbaca."
    history = status_history(account_request)
    assert (history[-1].from_status, history[-1].to_status, history[-1].note) == (
        S.SUBMITTED, S.REJECTED, "NPWP tidak terbaca.",
    )  # fmt: skip
    assert AuditLog.objects.filter(action=AuditAction.STATUS_CHANGED, actor=vera).count() == 1
    sent = mail.outbox[-1]
    assert sent.to == [account_request.email]
    assert sent.subject == f"Permohonan {account_request.tracking_code} ditolak"
    assert "NPWP tidak terbaca." in sent.body


def test_an_optional_note_left_empty_takes_the_steps_default(account_request, vera):
    run_step(flow=FLOW, step=FLOW.step("setujui"), obj=account_request, actor=vera)
    assert status_history(account_request)[-1].note == "Disetujui."


def test_a_required_note_is_refused_next_to_its_field_and_nothing_changes(account_request, vera):
    with pytest.raises(ValidationError) as exc:
        run_step(flow=FLOW, step="tolak", obj=account_request, actor=vera, note="   ")
    assert exc.value.message_dict == {"note": ["Alasan penolakan wajib diisi."]}
    account_request.refresh_from_db()
    assert account_request.status == S.SUBMITTED and account_request.decided_by is None


def test_a_refused_actor_is_audited_with_the_step_and_nothing_changes(account_request, oscar):
    with pytest.raises(PermissionDenied):
        run_step(flow=FLOW, step="tolak", obj=account_request, actor=oscar, note="bukan kantor saya")
    denial = AuditLog.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denial.actor == oscar and denial.data == {"step": "test_request.tolak"}
    account_request.refresh_from_db()
    assert account_request.status == S.SUBMITTED


def test_a_step_from_the_wrong_status_is_refused_after_the_actor_check(account_request, vera):
    run_step(flow=FLOW, step="setujui", obj=account_request, actor=vera)
    with pytest.raises(TransitionNotAllowed):
        run_step(flow=FLOW, step="tolak", obj=account_request, actor=vera, note="terlambat")
    assert status_history(account_request)[-1].to_status == S.APPROVED
