"""PAK proposals: the BKK's proposal and candidates, the office's decisions, the appointment and its end."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.accounts.selectors import email_has_account
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.flows import lock_for_step, run_step
from disnaker.core.models import Office
from disnaker.core.nik import nik_mask
from disnaker.core.workflow import (
    TransitionNotAllowed,
    can_transition,
    status_history_start,
    status_transition,
)

from .. import permissions
from ..constants import (
    APPOINTMENT_TRANSITIONS,
    PROPOSAL_EDITABLE,
    PROPOSAL_FLOW,
    PROPOSAL_TRANSITIONS,
    AppointmentStatus,
    BkkStatus,
    ProposalStatus,
)
from ..models import Bkk, PakProfile, PakProposal, PakRequirement, PlacementOfficer, RequirementEvidence
from ._common import _email, _required, validate_candidate_nik
from .profile import _send_invitation

# --- PAK proposal and appointment ------------------------------------------------------------------------


def _operator_bkk(actor, request=None) -> Bkk:
    bkk = getattr(actor, "bkk", None) if getattr(actor, "role", None) == Role.BKK_OPERATOR else None
    if bkk is None:
        deny(actor=actor, request=request, message=_("Hanya operator BKK yang dapat mengusulkan PAK."))
    return bkk


def requirements_for(office: Office) -> list[PakRequirement]:
    """The office's own checklist, or the default one when the office has none."""
    own = list(PakRequirement.objects.filter(office=office, active=True))
    return own or list(PakRequirement.objects.filter(office__isnull=True, active=True))


@denials_audited
def proposal_open(*, actor, request=None) -> PakProposal:
    """The operator's open draft, or a new one. Only a registered BKK may propose."""
    bkk = _operator_bkk(actor, request)
    if bkk.status != BkkStatus.REGISTERED:
        raise ValidationError(
            _("BKK harus berstatus terdaftar untuk mengusulkan PAK."), code="bkk_not_registered"
        )
    draft = PakProposal.objects.filter(bkk=bkk, status=ProposalStatus.DRAFT).first()
    if draft is not None:
        return draft
    with transaction.atomic():
        proposal = PakProposal.objects.create(bkk=bkk, office=bkk.office, created_by=actor)
        status_history_start(obj=proposal, actor=actor, request=request, note=_("Usulan PAK dibuat."))
    return proposal


def _lock_own_proposal(proposal: PakProposal, actor, request=None) -> PakProposal:
    bkk = _operator_bkk(actor, request)
    locked = PakProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.bkk_id != bkk.pk:
        deny(actor=actor, obj=locked, request=request)
    if locked.status not in PROPOSAL_EDITABLE:
        raise ValidationError(_("Usulan ini sudah dikirim dan tidak dapat diubah."), code="not_editable")
    return locked


@denials_audited
def candidate_save(
    *,
    proposal: PakProposal,
    actor,
    data: dict,
    evidence: dict[int, object],
    officer: PlacementOfficer | None = None,
) -> PlacementOfficer:
    """Add a candidate to an editable proposal, or change one. ``evidence`` maps requirement id → file
    (a file left out keeps the evidence already uploaded)."""
    with transaction.atomic():
        locked = _lock_own_proposal(proposal, actor)
        nik = validate_candidate_nik(data["nik"])
        duplicate = PlacementOfficer.objects.filter(proposal=locked, nik=nik)
        if officer is not None:
            duplicate = duplicate.exclude(pk=officer.pk)
        if duplicate.exists():
            raise ValidationError({"nik": _("NIK ini sudah ada dalam usulan yang sama.")})
        if officer is None:
            officer = PlacementOfficer(
                proposal=locked, bkk=locked.bkk, office=locked.office, status=AppointmentStatus(locked.status)
            )
        elif officer.proposal_id != locked.pk:
            deny(actor=actor, obj=officer)
        for name in ("name", "email", "phone", "position", "education_level", "education_major"):
            setattr(officer, name, data[name])
        officer.nik = nik
        if data.get("proposal_letter"):
            officer.proposal_letter = data["proposal_letter"]
        if not officer.proposal_letter:
            raise ValidationError({"proposal_letter": _("Surat usulan kepala lembaga (PDF) wajib diunggah.")})
        officer.save()
        by_requirement = {e.requirement_id: e for e in officer.evidence.all()}
        for requirement in requirements_for(locked.office):
            upload = evidence.get(requirement.pk)
            if upload is None:
                continue
            row = by_requirement.get(requirement.pk) or RequirementEvidence(
                officer=officer, requirement=requirement
            )
            row.requirement_text = requirement.text
            row.file = upload
            row.save()
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=officer, data={"candidate": officer.pk})
    return officer


@denials_audited
def candidate_remove(*, officer: PlacementOfficer, actor) -> None:
    with transaction.atomic():
        _lock_own_proposal(officer.proposal, actor)
        RequirementEvidence.objects.filter(officer=officer).delete()
        PlacementOfficer.objects.filter(pk=officer.pk).delete()


def proposal_problems(proposal: PakProposal) -> list[str]:
    """Why the proposal cannot be sent yet (empty when it can)."""
    problems = []
    candidates = list(proposal.candidates.prefetch_related("evidence"))
    if not candidates:
        problems.append(_("Tambahkan minimal satu calon PAK."))
    requirements = requirements_for(proposal.office)
    appointed_elsewhere = {
        o.nik: o
        for o in PlacementOfficer.objects.filter(
            nik__in=[c.nik for c in candidates], status=AppointmentStatus.APPOINTED
        ).select_related("bkk")
    }
    for officer in candidates:
        have = {e.requirement_id for e in officer.evidence.all()}
        missing = [r.text for r in requirements if r.pk not in have]
        if missing:
            problems.append(
                _("%(name)s: bukti belum diunggah untuk %(items)s.")
                % {"name": officer.name, "items": "; ".join(missing)}
            )
        active = appointed_elsewhere.get(officer.nik)
        if active is not None and active.pk != officer.pk:
            problems.append(
                _("%(name)s (NIK %(nik)s) sudah ditetapkan sebagai PAK di %(bkk)s.")
                % {"name": officer.name, "nik": nik_mask(officer.nik), "bkk": active.bkk}
            )
    return problems


def _move_candidates(proposal: PakProposal, to_status: str, actor, request, note: str) -> None:
    for officer in PlacementOfficer.objects.select_for_update().filter(proposal=proposal):
        status_transition(
            obj=officer, to_status=to_status, transitions=APPOINTMENT_TRANSITIONS, actor=actor, note=note,
            request=request,
        )  # fmt: skip


@denials_audited
def proposal_submit(
    *, proposal: PakProposal, actor, request=None, letter_number: str = "", letter_date=None
) -> PakProposal:
    """Send the proposal; ``letter_number``/``letter_date`` are the institution's letter (the operator's
    form requires them; the SK cites them in its Memperhatikan)."""
    with transaction.atomic():
        locked = _lock_own_proposal(proposal, actor, request)
        problems = proposal_problems(locked)
        if problems:
            raise ValidationError(problems, code="incomplete")
        if letter_number:
            locked.letter_number, locked.letter_date = letter_number, letter_date
        locked.submitted_at = timezone.now()
        note = _("Usulan %(n)s calon PAK dikirim.") % {"n": locked.candidates.count()}
        status_transition(
            obj=locked, to_status=ProposalStatus.SUBMITTED, transitions=PROPOSAL_TRANSITIONS, actor=actor,
            request=request, note=note, update_fields=["submitted_at", "letter_number", "letter_date"],
        )  # fmt: skip
        _move_candidates(locked, AppointmentStatus.SUBMITTED, actor, request, note)
    return locked


def proposal_noted(proposal: PakProposal, *, actor, note: str, request=None, step, **_extra) -> list[str]:
    """The effect of every office step on a proposal (``PROPOSAL_FLOW``): the note is kept for the BKK, a final
    decision is dated, and the candidates' appointments move with the proposal."""
    proposal.office_note = note
    fields = ["office_note"]
    if step.target in (ProposalStatus.REJECTED, ProposalStatus.APPOINTED):
        proposal.decided_at = timezone.now()
        fields.append("decided_at")
    _move_candidates(proposal, AppointmentStatus(step.target), actor, request, note)
    return fields


def _proposal_step(name: str, proposal: PakProposal, actor, note: str, request=None) -> PakProposal:
    return run_step(flow=PROPOSAL_FLOW, step=name, obj=proposal, actor=actor, note=note, request=request)


@denials_audited
def proposal_request_revision(*, proposal, actor, note: str, request=None) -> PakProposal:
    return _proposal_step("perbaikan", proposal, actor, note, request)


@denials_audited
def proposal_reject(*, proposal, actor, reason: str, request=None) -> PakProposal:
    return _proposal_step("tolak", proposal, actor, reason, request)


@denials_audited
def proposal_verify(*, proposal, actor, note: str = "", request=None) -> PakProposal:
    return _proposal_step("verifikasi", proposal, actor, note, request)


@denials_audited
def proposal_return_to_verifier(*, proposal, actor, note: str, request=None) -> PakProposal:
    return _proposal_step("kembalikan", proposal, actor, note, request)


@denials_audited
def proposal_appoint(*, proposal: PakProposal, actor, request=None, passphrase: str | None = None):
    """The head signs the SK Penetapan Petugas Antar Kerja: one decree naming each PAK and their BKK.
    Each PAK gets an account and an invitation to set a password and complete the profile."""
    from disnaker.decrees.services import decree_valid_for

    from ..documents import pak_appointment_decree

    with transaction.atomic():
        locked = lock_for_step(
            flow=PROPOSAL_FLOW, step="tetapkan", obj=proposal, actor=actor, request=request
        )
        if locked.status == ProposalStatus.APPOINTED:
            return decree_valid_for(locked, "pak_appointment")
        if not can_transition(PROPOSAL_TRANSITIONS, locked.status, ProposalStatus.APPOINTED):
            raise TransitionNotAllowed(locked, locked.status, ProposalStatus.APPOINTED)
        officers = list(PlacementOfficer.objects.select_for_update().filter(proposal=locked))
        taken = [o.email for o in officers if email_has_account(o.email)]
        if taken:
            raise ValidationError(
                _("E-mail sudah dipakai akun lain: %(emails)s. Kembalikan ke verifikator untuk diperbaiki.")
                % {"emails": ", ".join(taken)},
                code="email_taken",
            )
        decree = pak_appointment_decree(locked, officers, actor, request=request, passphrase=passphrase)
        now = timezone.now()
        note = _("SK Penetapan PAK nomor %(number)s ditandatangani.") % {"number": decree.number}
        locked.decided_at = now
        status_transition(
            obj=locked, to_status=ProposalStatus.APPOINTED, transitions=PROPOSAL_TRANSITIONS, actor=actor,
            request=request, note=note, update_fields=["decided_at"],
        )  # fmt: skip
        for officer in officers:
            officer.appointed_at = now
            status_transition(
                obj=officer, to_status=AppointmentStatus.APPOINTED, transitions=APPOINTMENT_TRANSITIONS,
                actor=actor, request=request, note=note, update_fields=["appointed_at"],
            )  # fmt: skip
            user = User.objects.create(
                email=officer.email.lower(), full_name=officer.name, role=Role.PLACEMENT_OFFICER,
                password=make_password(None),
            )  # fmt: skip
            profile = PakProfile.objects.create(officer=officer, user=user, invited_at=now)
            status_history_start(
                obj=profile, actor=actor, request=request, note=_("Undangan registrasi dikirim.")
            )
            _send_invitation(profile)
        _email(
            locked.bkk.email,
            _("SK Penetapan PAK %(number)s telah terbit") % {"number": decree.number},
            "pak_appointed_bkk",
            proposal=locked,
            decree=decree,
            officers=officers,
        )
    return decree


@denials_audited
def officer_end_appointment(
    *, officer: PlacementOfficer, actor, to_status: str, reason: str, ended_on: datetime.date | None = None,
    request=None,
) -> PlacementOfficer:  # fmt: skip
    """Appointed → revoked (the head) or inactive (verifier or head), with a reason and a date. The PAK's
    account is closed; the SK stays (it names other PAK too)."""
    if to_status not in (AppointmentStatus.REVOKED, AppointmentStatus.INACTIVE):
        raise ValueError(to_status)
    reason = _required(reason, _("Alasan wajib diisi."))
    with transaction.atomic():
        locked = (
            PlacementOfficer.objects.select_for_update(of=("self",))
            .select_related("office")
            .get(pk=officer.pk)
        )
        allowed = (
            permissions.is_regency_head(actor, locked.office)
            if to_status == AppointmentStatus.REVOKED
            else permissions.is_regency_staff(actor, locked.office)
        )
        if not allowed:
            deny(actor=actor, obj=locked, request=request,
                 message=_("Anda tidak berwenang mengubah penetapan PAK ini."))  # fmt: skip
        locked.ended_on = ended_on or timezone.localdate()
        locked.end_reason = reason
        status_transition(
            obj=locked, to_status=to_status, transitions=APPOINTMENT_TRANSITIONS, actor=actor, request=request,
            note=reason, update_fields=["ended_on", "end_reason"],
        )  # fmt: skip
        profile = PakProfile.objects.filter(officer=locked).select_related("user").first()
        if profile is not None and profile.user_id:
            User.objects.filter(pk=profile.user_id).update(is_active=False)
        _email(
            locked.email,
            _("Penetapan Anda sebagai Petugas Antar Kerja berakhir"),
            "pak_appointment_ended",
            officer=locked,
            reason=reason,
        )
    return locked
