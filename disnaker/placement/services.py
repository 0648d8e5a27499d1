"""Writes for BKK and PAK: applications, the office's decisions, decrees, invitations, profiles, the
province's verification and the reports to the province.

Every decision re-reads its object with ``select_for_update()`` and checks the actor's role and office
inside the transaction, so two clicks or two officers cannot both pass. E-mails go through the outbox
and leave only after the commit.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.accounts.selectors import email_has_account
from disnaker.accounts.services import generate_initial_password
from disnaker.core import throttle
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.formats import format_number, random_unambiguous
from disnaker.core.models import Office
from disnaker.core.nik import NikError, nik_mask, nik_parse
from disnaker.core.uploads import rejected_files_purge, retention_cutoff
from disnaker.core.workflow import (
    TransitionNotAllowed,
    can_transition,
    status_history_start,
    status_transition,
)
from disnaker.notifications.services import outbox_enqueue

from . import permissions
from .constants import (
    APPOINTMENT_TRANSITIONS,
    BKK_TRANSITIONS,
    PROFILE_EDITABLE,
    PROFILE_TRANSITIONS,
    PROPOSAL_EDITABLE,
    PROPOSAL_TRANSITIONS,
    AppointmentStatus,
    BkkStatus,
    InstitutionType,
    ProfileStatus,
    ProposalStatus,
)
from .models import (
    Bkk,
    PakProfile,
    PakProposal,
    PakRequirement,
    PlacementOfficer,
    ProvinceReport,
    ProvinceReportItem,
    RequirementEvidence,
)

# --- Shared ----------------------------------------------------------------------------------------------


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="note_required")
    return text


def validate_npsn(institution_type: str, code: str) -> str:
    """NPSN is 8 digits (schools). Universities and LPK use their own code: 3–20 letters or digits."""
    code = (code or "").strip().upper().replace(" ", "")
    if institution_type == InstitutionType.SMK:
        if len(code) != 8 or not (code.isascii() and code.isdigit()):
            raise ValidationError(_("NPSN harus 8 digit angka, misalnya 20223456."), code="npsn_format")
    elif not (3 <= len(code) <= 20 and code.isascii() and code.replace("-", "").replace(".", "").isalnum()):
        raise ValidationError(
            _(
                "Kode lembaga harus 3–20 huruf atau angka (kode PDDikti untuk perguruan tinggi, nomor izin untuk LPK)."
            ),
            code="institution_code_format",
        )
    return code


def validate_candidate_nik(value: str) -> str:
    """The PKWT rules for a NIK: 16 digits, a known province, a possible birth date, serial not 0000."""
    text = "".join(ch for ch in str(value or "") if not ch.isspace())
    try:
        nik_parse(text)
    except NikError as exc:
        raise ValidationError(str(exc), code=exc.code) from None
    return text


def _email(to: str, subject: str, template: str, **context) -> None:
    outbox_enqueue(to=to, subject=subject, template=template, context=context)


def regency_office_for(region) -> Office:
    office = Office.objects.filter(region=region, level="regency").first()
    if office is None:
        raise ValidationError(
            _("Disnaker %(region)s belum memakai layanan ini.") % {"region": region}, code="no_office"
        )
    return office


# --- BKK registration ------------------------------------------------------------------------------------

BKK_FIELDS = (
    "name", "institution_name", "institution_type", "institution_code", "address", "head_name",
    "contact_name", "email", "phone",
)  # fmt: skip
BKK_DOCUMENTS = ("operating_permit", "founding_decree", "placement_plan")


def bkk_apply(*, data: dict, request=None) -> Bkk:
    """An institution's application: saved, submitted, and its tracking code and edit link e-mailed.

    ``data`` is the cleaned form data (documents already checked)."""
    office = regency_office_for(data["region"])
    for _attempt in range(5):
        code = f"BKK-{random_unambiguous(4)}-{random_unambiguous(4)}"
        try:
            with transaction.atomic():
                bkk = Bkk(
                    tracking_code=code,
                    office=office,
                    region=data["region"],
                    edit_token=secrets.token_urlsafe(32),
                    **{f: data[f] for f in BKK_FIELDS},
                    **{f: data[f] for f in BKK_DOCUMENTS},
                )
                bkk.save()
                status_history_start(obj=bkk, request=request, note=_("Permohonan pendaftaran BKK dibuat."))
                bkk.submitted_at = bkk.status_changed_at = timezone.now()
                status_transition(
                    obj=bkk, to_status=BkkStatus.SUBMITTED, transitions=BKK_TRANSITIONS, request=request,
                    note=_("Permohonan dikirim."), update_fields=["submitted_at", "status_changed_at"],
                )  # fmt: skip
                _email(
                    bkk.email,
                    _("Permohonan pendaftaran BKK diterima — %(code)s") % {"code": code},
                    "bkk_received",
                    bkk=bkk,
                )
                return bkk
        except IntegrityError:
            if Bkk.objects.filter(tracking_code=code).exists():
                continue
            raise
    raise RuntimeError("Tidak dapat membuat kode lacak yang unik.")


def bkk_resubmit(*, bkk: Bkk, data: dict, request=None) -> Bkk:
    """The applicant's corrected application (through the edit link), back to the verifier.

    ``data`` holds the changed fields; a document left empty keeps the one already sent."""
    with transaction.atomic():
        locked = Bkk.objects.select_for_update().get(pk=bkk.pk)
        if locked.status != BkkStatus.NEEDS_REVISION:
            raise TransitionNotAllowed(locked, locked.status, BkkStatus.SUBMITTED)
        for name in BKK_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        for name in BKK_DOCUMENTS:
            if data.get(name):
                setattr(locked, name, data[name])
        locked.save()
        locked.submitted_at = locked.status_changed_at = timezone.now()
        status_transition(
            obj=locked, to_status=BkkStatus.SUBMITTED, transitions=BKK_TRANSITIONS, request=request,
            note=_("Permohonan diperbaiki dan dikirim ulang."), update_fields=["submitted_at", "status_changed_at"],
        )  # fmt: skip
    return locked


#: Minutes between two re-sent revision links for the same application.
REVISION_LINK_RESEND_MINUTES = 10


def bkk_resend_revision_link(*, bkk: Bkk) -> bool:
    """E-mail the revision link again to the application's own e-mail (the applicant proved the tracking
    code and e-mail on *Lacak Pendaftaran BKK*). At most once every ``REVISION_LINK_RESEND_MINUTES``;
    returns whether it was sent."""
    from django.core.cache import cache

    if bkk.status != BkkStatus.NEEDS_REVISION:
        raise TransitionNotAllowed(bkk, bkk.status, BkkStatus.SUBMITTED)
    if not cache.add(f"bkk-revision-link:{bkk.pk}", 1, timeout=REVISION_LINK_RESEND_MINUTES * 60):
        return False
    with transaction.atomic():
        _email(
            bkk.email,
            _("Pendaftaran BKK %(code)s perlu perbaikan") % {"code": bkk.tracking_code},
            "bkk_needs_revision",
            bkk=bkk,
            note=bkk.office_note,
        )
    return True


def bkk_rejected_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the three documents of BKK applications rejected more than ABANDONED_UPLOAD_RETENTION_DAYS
    ago; the application, its data and history stay. Returns how many applications lost their files."""
    return rejected_files_purge(
        queryset=Bkk.objects.filter(status=BkkStatus.REJECTED, status_changed_at__lt=retention_cutoff(now)),
        fields=BKK_DOCUMENTS,
        status=BkkStatus.REJECTED,
    )


def _lock_bkk(bkk: Bkk, actor, *, head: bool | None, request=None) -> Bkk:
    """Lock the BKK and check that ``actor`` is staff of its office (its verifier, its head, or either)."""
    locked = Bkk.objects.select_for_update(of=("self",)).select_related("office").get(pk=bkk.pk)
    allowed = (
        permissions.is_regency_staff(actor, locked.office)
        if head is None
        else (permissions.is_regency_head if head else permissions.is_regency_verifier)(actor, locked.office)
    )
    if not allowed:
        deny(actor=actor, obj=locked, request=request,
             message=_("Anda tidak berwenang mengambil keputusan atas BKK ini."))  # fmt: skip
    return locked


def _bkk_decision(bkk, actor, *, head, to_status, note, request, email=None) -> Bkk:
    with transaction.atomic():
        locked = _lock_bkk(bkk, actor, head=head, request=request)
        locked.office_note = note
        locked.status_changed_at = timezone.now()
        status_transition(
            obj=locked, to_status=to_status, transitions=BKK_TRANSITIONS, actor=actor, note=note, request=request,
            update_fields=["office_note", "status_changed_at"],
        )  # fmt: skip
        if email:
            subject, template = email
            subject %= {"name": locked.name, "code": locked.tracking_code}
            _email(locked.email, subject, template, bkk=locked, note=note)
    return locked


@denials_audited
def bkk_request_revision(*, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    note = _required(note, _("Tuliskan apa yang harus diperbaiki."))
    return _bkk_decision(bkk, actor, head=False, to_status=BkkStatus.NEEDS_REVISION, note=note, request=request,
                         email=(_("Pendaftaran BKK %(code)s perlu perbaikan"), "bkk_needs_revision"))  # fmt: skip


@denials_audited
def bkk_reject(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    reason = _required(reason, _("Alasan penolakan wajib diisi."))
    return _bkk_decision(bkk, actor, head=False, to_status=BkkStatus.REJECTED, note=reason, request=request,
                         email=(_("Pendaftaran BKK %(code)s ditolak"), "bkk_rejected"))  # fmt: skip


@denials_audited
def bkk_verify(*, bkk: Bkk, actor, note: str = "", request=None) -> Bkk:
    note = (note or "").strip() or _("Dokumen lengkap dan sesuai; diteruskan kepada Kepala Dinas.")
    return _bkk_decision(bkk, actor, head=False, to_status=BkkStatus.VERIFIED, note=note, request=request)


@denials_audited
def bkk_return_to_verifier(*, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    note = _required(note, _("Tuliskan apa yang perlu diperiksa ulang oleh verifikator."))
    return _bkk_decision(bkk, actor, head=True, to_status=BkkStatus.SUBMITTED, note=note, request=request)


@denials_audited
def bkk_register(*, bkk: Bkk, actor, request=None):
    """The head signs the *tanda daftar*: the BKK is registered, its operator gets an account (a random
    initial password, changed at first login, as for companies) and both go out by e-mail."""
    from .documents import bkk_registration_decree

    with transaction.atomic():
        locked = _lock_bkk(bkk, actor, head=True, request=request)
        if locked.status == BkkStatus.REGISTERED and locked.operator_id:
            from disnaker.decrees.services import decree_valid_for

            return decree_valid_for(locked, "bkk_registration")
        if not can_transition(BKK_TRANSITIONS, locked.status, BkkStatus.REGISTERED):
            raise TransitionNotAllowed(locked, locked.status, BkkStatus.REGISTERED)
        if email_has_account(locked.email):
            raise ValidationError(
                _(
                    "E-mail %(email)s sudah dipakai akun lain. Kembalikan ke verifikator agar e-mail operator diganti."
                )
                % {"email": locked.email},
                code="email_taken",
            )
        decree = bkk_registration_decree(locked, actor, request=request)
        password = generate_initial_password()
        expires_at = timezone.now() + datetime.timedelta(days=settings.INITIAL_PASSWORD_VALID_DAYS)
        operator = User.objects.create_user(
            email=locked.email, password=password, full_name=locked.contact_name, role=Role.BKK_OPERATOR,
            must_change_password=True, password_expires_at=expires_at,
        )  # fmt: skip
        now = timezone.now()
        locked.operator = operator
        locked.registered_at = locked.status_changed_at = now
        status_transition(
            obj=locked, to_status=BkkStatus.REGISTERED, transitions=BKK_TRANSITIONS, actor=actor, request=request,
            note=_("Tanda daftar BKK nomor %(number)s ditandatangani.") % {"number": decree.number},
            update_fields=["operator", "registered_at", "status_changed_at"],
        )  # fmt: skip
        _email(
            locked.email,
            _("Pendaftaran BKK %(code)s terdaftar — akun operator Anda") % {"code": locked.tracking_code},
            "bkk_registered",
            bkk=locked,
            decree=decree,
            login=operator.email,
            password=password,
            expires_at=expires_at,
        )
    return decree


@denials_audited
def bkk_deactivate(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    """Registered → inactive (an officer's decision, e.g. confirming the inactivity proposal)."""
    reason = _required(reason, _("Alasan penonaktifan wajib diisi."))
    return _bkk_decision(bkk, actor, head=None, to_status=BkkStatus.INACTIVE, note=reason, request=request,
                         email=(_("BKK %(name)s dinonaktifkan"), "bkk_inactive"))  # fmt: skip


@denials_audited
def bkk_reactivate(*, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    note = _required(note, _("Tuliskan dasar pengaktifan kembali."))
    with transaction.atomic():
        result = _bkk_decision(bkk, actor, head=None, to_status=BkkStatus.REGISTERED, note=note, request=request,
                               email=(_("BKK %(name)s aktif kembali"), "bkk_reactivated"))  # fmt: skip
        Bkk.objects.filter(pk=result.pk).update(inactivation_proposed_at=None)
    return result


@denials_audited
def bkk_revoke(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    """Inactive → revoked by the head; the tanda daftar is revoked with the same reason."""
    from disnaker.decrees.services import decree_revoke, decree_valid_for

    reason = _required(reason, _("Alasan pencabutan wajib diisi."))
    with transaction.atomic():
        result = _bkk_decision(bkk, actor, head=True, to_status=BkkStatus.REVOKED, note=reason, request=request,
                               email=(_("Tanda daftar BKK %(name)s dicabut"), "bkk_revoked"))  # fmt: skip
        decree = decree_valid_for(result, "bkk_registration")
        if decree is not None:
            decree_revoke(decree=decree, actor=actor, reason=reason, request=request)
        if result.operator_id:
            User.objects.filter(pk=result.operator_id).update(is_active=False)
    return result


@denials_audited
def bkk_close(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    """The institution closed its BKK (registered or inactive → closed); the operator's account ends."""
    reason = _required(reason, _("Tuliskan alasan penutupan."))
    with transaction.atomic():
        result = _bkk_decision(
            bkk, actor, head=None, to_status=BkkStatus.CLOSED, note=reason, request=request
        )
        if result.operator_id:
            User.objects.filter(pk=result.operator_id).update(is_active=False)
    return result


def bkk_propose_inactivation(*, office: Office, now: datetime.datetime | None = None) -> int:
    """Mark ``office``'s registered BKKs with no placement report for ``BKK_INACTIVATION_MONTHS`` as proposed
    for inactivation (an officer of that office confirms with :func:`bkk_deactivate`). Returns how many were
    marked. The office is required: one office's officer (or the daily job's run for one office) never marks
    another office's BKKs."""
    from .selectors import months_ago

    now = now or timezone.now()
    limit = months_ago(now, settings.BKK_INACTIVATION_MONTHS)

    stale = Bkk.objects.filter(
        office=office, status=BkkStatus.REGISTERED, inactivation_proposed_at__isnull=True
    ).filter(Q(last_report_at__lt=limit) | Q(last_report_at__isnull=True, registered_at__lt=limit))
    return stale.update(inactivation_proposed_at=now)


def bkk_propose_inactivation_per_office(*, now: datetime.datetime | None = None) -> dict[Office, int]:
    """The daily job: :func:`bkk_propose_inactivation` once for each office that has BKKs, as an officer of
    that office would run it from the monitoring page. Returns how many were marked, per office."""
    offices = Office.objects.filter(pk__in=Bkk.objects.values("office")).order_by("code")
    return {office: bkk_propose_inactivation(office=office, now=now) for office in offices}


#: Days between two reminders to the same BKK that its placement report is overdue.
REPORT_REMINDER_EVERY_DAYS = 30


def bkk_send_report_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail every registered BKK flagged for monitoring (no placement report for
    ``BKK_REPORT_OVERDUE_MONTHS``) a reminder, at most once every ``REPORT_REMINDER_EVERY_DAYS`` days, saying
    when it will be proposed for inactivation. Returns how many were sent."""

    from .selectors import bkk_report_flags, bkks_without_recent_report

    now = now or timezone.now()
    flags = bkk_report_flags(now)
    due = bkks_without_recent_report(Bkk.objects.select_related("office"), before=flags["overdue"]).filter(
        Q(report_reminded_at__isnull=True) | Q(report_reminded_at__lt=now - datetime.timedelta(days=REPORT_REMINDER_EVERY_DAYS))
    )  # fmt: skip
    sent = 0
    for bkk in due:
        with transaction.atomic():
            since = bkk.last_report_at or bkk.registered_at
            _email(
                bkk.email,
                _("Pengingat: laporan penempatan %(name)s belum diterima") % {"name": bkk.name},
                "bkk_report_reminder",
                bkk=bkk,
                since=since,
                overdue_months=settings.BKK_REPORT_OVERDUE_MONTHS,
                inactivation_months=settings.BKK_INACTIVATION_MONTHS,
            )
            Bkk.objects.filter(pk=bkk.pk).update(report_reminded_at=now)
        sent += 1
    return sent


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
def proposal_submit(*, proposal: PakProposal, actor, request=None) -> PakProposal:
    with transaction.atomic():
        locked = _lock_own_proposal(proposal, actor, request)
        problems = proposal_problems(locked)
        if problems:
            raise ValidationError(problems, code="incomplete")
        locked.submitted_at = timezone.now()
        note = _("Usulan %(n)s calon PAK dikirim.") % {"n": locked.candidates.count()}
        status_transition(
            obj=locked, to_status=ProposalStatus.SUBMITTED, transitions=PROPOSAL_TRANSITIONS, actor=actor,
            request=request, note=note, update_fields=["submitted_at"],
        )  # fmt: skip
        _move_candidates(locked, AppointmentStatus.SUBMITTED, actor, request, note)
    return locked


def _lock_proposal_for_office(proposal, actor, *, head: bool, request=None) -> PakProposal:
    locked = (
        PakProposal.objects.select_for_update(of=("self",))
        .select_related("office", "bkk")
        .get(pk=proposal.pk)
    )
    check = permissions.is_regency_head if head else permissions.is_regency_verifier
    if not check(actor, locked.office):
        deny(actor=actor, obj=locked, request=request,
             message=_("Anda tidak berwenang mengambil keputusan atas usulan ini."))  # fmt: skip
    return locked


def _proposal_decision(proposal, actor, *, head, to_status, note, request, email=None) -> PakProposal:
    with transaction.atomic():
        locked = _lock_proposal_for_office(proposal, actor, head=head, request=request)
        locked.office_note = note
        fields = ["office_note"]
        if to_status in (ProposalStatus.REJECTED, ProposalStatus.APPOINTED):
            locked.decided_at = timezone.now()
            fields.append("decided_at")
        status_transition(
            obj=locked, to_status=to_status, transitions=PROPOSAL_TRANSITIONS, actor=actor, note=note,
            request=request, update_fields=fields,
        )  # fmt: skip
        _move_candidates(locked, AppointmentStatus(to_status), actor, request, note)
        if email:
            subject, template = email
            _email(locked.bkk.email, subject % {"bkk": locked.bkk.name}, template, proposal=locked, note=note)
    return locked


@denials_audited
def proposal_request_revision(*, proposal, actor, note: str, request=None) -> PakProposal:
    note = _required(note, _("Tuliskan apa yang harus diperbaiki."))
    return _proposal_decision(proposal, actor, head=False, to_status=ProposalStatus.NEEDS_REVISION, note=note,
                              request=request, email=(_("Usulan PAK %(bkk)s perlu perbaikan"), "pak_proposal_needs_revision"))  # fmt: skip


@denials_audited
def proposal_reject(*, proposal, actor, reason: str, request=None) -> PakProposal:
    reason = _required(reason, _("Alasan penolakan wajib diisi."))
    return _proposal_decision(proposal, actor, head=False, to_status=ProposalStatus.REJECTED, note=reason,
                              request=request, email=(_("Usulan PAK %(bkk)s ditolak"), "pak_proposal_rejected"))  # fmt: skip


@denials_audited
def proposal_verify(*, proposal, actor, note: str = "", request=None) -> PakProposal:
    note = (note or "").strip() or _("Persyaratan calon PAK lengkap; diteruskan kepada Kepala Dinas.")
    return _proposal_decision(proposal, actor, head=False, to_status=ProposalStatus.VERIFIED, note=note,
                              request=request)  # fmt: skip


@denials_audited
def proposal_return_to_verifier(*, proposal, actor, note: str, request=None) -> PakProposal:
    note = _required(note, _("Tuliskan apa yang perlu diperiksa ulang oleh verifikator."))
    return _proposal_decision(proposal, actor, head=True, to_status=ProposalStatus.SUBMITTED, note=note,
                              request=request)  # fmt: skip


@denials_audited
def proposal_appoint(*, proposal: PakProposal, actor, request=None):
    """The head signs the SK Penetapan Petugas Antar Kerja: one decree naming each PAK and their BKK.
    Each PAK gets an account and an invitation to set a password and complete the profile."""
    from disnaker.decrees.services import decree_valid_for

    from .documents import pak_appointment_decree

    with transaction.atomic():
        locked = _lock_proposal_for_office(proposal, actor, head=True, request=request)
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
        decree = pak_appointment_decree(locked, officers, actor, request=request)
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


# --- Invitation and profile --------------------------------------------------------------------------------

_INVITATION_SALT = "disnaker.placement.invitation"


def invitation_token(user: User) -> str:
    """A signed, expiring token naming the user and their current password hash: it stops working once a
    password is set (the hash changes)."""
    return signing.dumps({"u": user.pk, "p": user.password[-16:]}, salt=_INVITATION_SALT, compress=True)


def invitation_user(token: str) -> User | None:
    max_age = datetime.timedelta(days=settings.PAK_INVITATION_VALID_DAYS)
    try:
        data = signing.loads(token, salt=_INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), role=Role.PLACEMENT_OFFICER, is_active=True).first()
    if user is None or user.password[-16:] != data.get("p"):
        return None
    return user


def _send_invitation(profile: PakProfile) -> None:
    user = profile.user
    link = settings.SITE_URL + reverse("placement:invitation", args=[invitation_token(user)])
    _email(
        user.email,
        _("Undangan registrasi Petugas Antar Kerja"),
        "pak_invitation",
        officer=profile.officer,
        link=link,
        valid_days=settings.PAK_INVITATION_VALID_DAYS,
    )


@denials_audited
def invitation_resend(*, profile: PakProfile, actor, request=None) -> None:
    """Staff of the PAK's office (or its BKK operator) send a fresh link to a PAK who has not registered."""
    officer = profile.officer
    operator_ok = getattr(actor, "role", None) == Role.BKK_OPERATOR and getattr(actor, "bkk", None) is not None \
        and actor.bkk.pk == officer.bkk_id  # fmt: skip
    if not (permissions.is_regency_staff(actor, officer.office) or operator_ok):
        deny(actor=actor, obj=profile, request=request)
    if profile.status != ProfileStatus.NOT_REGISTERED:
        raise ValidationError(_("PAK ini sudah registrasi."), code="already_registered")
    if not throttle.recipient_allowed(profile.user.email):
        # The button is unlimited otherwise: an inbox could be flooded with invitations.
        throttle.record_rate_limited(request, scope="pak-invitation-recipient")
        raise ValidationError(
            throttle.wait_message(
                throttle.retry_after(),
                what=_("Undangan ke alamat ini sudah terlalu sering dikirim dalam satu jam."),
            ),
            code="rate_limited",
        )
    with transaction.atomic():
        PakProfile.objects.filter(pk=profile.pk).update(invited_at=timezone.now())
        _send_invitation(profile)
        audit_record(
            action=AuditAction.UPDATED,
            actor=actor,
            obj=profile,
            request=request,
            data={"invitation": "resent"},
        )


def invitation_accept(*, user: User, password: str, request=None) -> PakProfile:
    """The PAK sets a password: registered, the profile is next."""
    with transaction.atomic():
        profile = PakProfile.objects.select_for_update().get(user=user)
        user.set_password(password)
        user.must_change_password = False
        user.password_expires_at = None
        user.save(update_fields=["password", "must_change_password", "password_expires_at"])
        if profile.status == ProfileStatus.NOT_REGISTERED:
            profile.registered_at = timezone.now()
            status_transition(
                obj=profile, to_status=ProfileStatus.PROFILE_INCOMPLETE, transitions=PROFILE_TRANSITIONS,
                actor=user, request=request, note=_("Akun diaktifkan; profil belum lengkap."),
                update_fields=["registered_at"],
            )  # fmt: skip
    return profile


PROFILE_FIELDS = (
    "birth_place", "birth_date", "sex", "address", "education_institution", "graduation_year", "work_history",
    "trainings_attended",
)  # fmt: skip
PROFILE_OFFICER_FIELDS = ("phone", "education_level", "education_major")


def profile_missing(profile: PakProfile) -> list[str]:
    """The profile's empty required parts, by label."""
    labels = {f.name: str(f.verbose_name) for f in PakProfile._meta.fields}
    required = ("birth_place", "birth_date", "sex", "address", "education_institution", "graduation_year",
                "work_history", "photo")  # fmt: skip
    return [labels[name].capitalize() for name in required if not getattr(profile, name)]


def _lock_own_profile(profile: PakProfile, actor, request=None) -> PakProfile:
    locked = PakProfile.objects.select_for_update(of=("self",)).select_related("officer").get(pk=profile.pk)
    if locked.user_id != getattr(actor, "pk", None):
        deny(actor=actor, obj=locked, request=request)
    if locked.status not in PROFILE_EDITABLE:
        raise ValidationError(_("Profil sedang diverifikasi atau sudah terverifikasi."), code="not_editable")
    return locked


@denials_audited
def profile_save(*, profile: PakProfile, actor, data: dict, request=None) -> PakProfile:
    """The PAK saves the profile (a draft until submitted). A photo left empty keeps the current one."""
    with transaction.atomic():
        locked = _lock_own_profile(profile, actor, request)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        if data.get("photo"):
            locked.photo = data["photo"]
        locked.save()
        officer = locked.officer
        changed = [n for n in PROFILE_OFFICER_FIELDS if n in data and getattr(officer, n) != data[n]]
        for name in changed:
            setattr(officer, name, data[name])
        if changed:
            officer.save(update_fields=changed)
        audit_record(
            action=AuditAction.UPDATED, actor=actor, obj=locked, request=request, data={"profile": "saved"}
        )
    return locked


@denials_audited
def profile_submit(*, profile: PakProfile, actor, request=None) -> PakProfile:
    with transaction.atomic():
        locked = _lock_own_profile(profile, actor, request)
        missing = profile_missing(locked)
        if missing:
            raise ValidationError(
                _("Lengkapi dulu: %(fields)s.") % {"fields": ", ".join(missing)}, code="profile_incomplete"
            )
        locked.submitted_at = timezone.now()
        locked.rejection_reason = ""
        status_transition(
            obj=locked, to_status=ProfileStatus.AWAITING_VERIFICATION, transitions=PROFILE_TRANSITIONS,
            actor=actor, request=request, note=_("Profil dikirim untuk verifikasi provinsi."),
            update_fields=["submitted_at", "rejection_reason"],
        )  # fmt: skip
    return locked


def _lock_profile_for_province(profile, actor, request=None) -> PakProfile:
    locked = (
        PakProfile.objects.select_for_update(of=("self",))
        .select_related("officer__office")
        .get(pk=profile.pk)
    )
    if not permissions.is_province_admin(actor, locked.officer.office):
        deny(actor=actor, obj=locked, request=request,
             message=_("Hanya admin provinsi wilayah PAK ini yang dapat memverifikasi."))  # fmt: skip
    return locked


@denials_audited
def profile_verify(*, profile: PakProfile, actor, request=None) -> PakProfile:
    with transaction.atomic():
        locked = _lock_profile_for_province(profile, actor, request)
        locked.verified_at = timezone.now()
        locked.verified_by = actor
        status_transition(
            obj=locked, to_status=ProfileStatus.VERIFIED, transitions=PROFILE_TRANSITIONS, actor=actor,
            request=request, note=_("Registrasi PAK diverifikasi provinsi."), update_fields=["verified_at", "verified_by"],
        )  # fmt: skip
        _email(
            locked.officer.email,
            _("Registrasi PAK Anda telah diverifikasi"),
            "pak_profile_verified",
            profile=locked,
        )
    return locked


@denials_audited
def profile_reject(*, profile: PakProfile, actor, reason: str, request=None) -> PakProfile:
    reason = _required(reason, _("Alasan penolakan wajib diisi."))
    with transaction.atomic():
        locked = _lock_profile_for_province(profile, actor, request)
        locked.rejection_reason = reason
        status_transition(
            obj=locked, to_status=ProfileStatus.VERIFICATION_REJECTED, transitions=PROFILE_TRANSITIONS,
            actor=actor, request=request, note=reason, update_fields=["rejection_reason"],
        )  # fmt: skip
        _email(
            locked.officer.email,
            _("Registrasi PAK Anda perlu diperbaiki"),
            "pak_profile_rejected",
            profile=locked,
            reason=reason,
        )
    return locked


# --- Report to the province ----------------------------------------------------------------------------------


def report_default_officers(office: Office):
    """Appointed PAK of the office not yet in any report (the default selection)."""
    return PlacementOfficer.objects.filter(
        office=office, status=AppointmentStatus.APPOINTED, last_report__isnull=True
    ).select_related("bkk", "profile")


@denials_audited
def province_report_send(
    *, office: Office, actor, officer_ids, note: str = "", request=None
) -> ProvinceReport:
    """The head signs the letter to the province listing the selected PAK; an Excel list goes with it.
    The report and its date are recorded on each PAK, and the province admins are e-mailed."""
    from .documents import province_report_decree, province_report_excel

    if not permissions.is_regency_head(actor, office):
        deny(
            actor=actor,
            request=request,
            message=_("Hanya Kepala Dinas yang dapat menandatangani surat laporan."),
        )
    province = office.parent
    if province is None or province.level != "province":
        raise ValidationError(_("Kantor ini belum memiliki kantor provinsi induk."), code="no_province")
    ids = {int(i) for i in officer_ids}
    with transaction.atomic():
        officers = list(
            PlacementOfficer.objects.select_for_update(of=("self",))  # the profile join is an outer join
            .filter(office=office, pk__in=ids)
            .exclude(
                status__in=[
                    AppointmentStatus.DRAFT,
                    AppointmentStatus.SUBMITTED,
                    AppointmentStatus.NEEDS_REVISION,
                    AppointmentStatus.VERIFIED,
                    AppointmentStatus.REJECTED,
                ]
            )  # fmt: skip
            .select_related("bkk", "profile")
            .order_by("bkk__name", "name")
        )
        if not officers:
            raise ValidationError(_("Pilih minimal satu PAK yang sudah ditetapkan."), code="no_officers")
        report = ProvinceReport.objects.create(
            office=office, province_office=province, officer_count=len(officers), note=(note or "").strip(),
            sent_by=actor,
        )  # fmt: skip
        items = [
            ProvinceReportItem(
                report=report,
                officer=o,
                name=o.name,
                bkk_name=o.bkk.name,
                institution_name=o.bkk.institution_name,
                appointment_status=o.status,
                profile_status=getattr(getattr(o, "profile", None), "status", ProfileStatus.NOT_REGISTERED),
            )  # fmt: skip
            for o in officers
        ]
        ProvinceReportItem.objects.bulk_create(items)
        decree = province_report_decree(report, items, actor, request=request)
        report.excel.save("daftar-pak.xlsx", ContentFile(province_report_excel(report, items)), save=False)
        report.sent_at = decree.issued_at
        report.save(update_fields=["excel", "sent_at"])
        PlacementOfficer.objects.filter(pk__in=[o.pk for o in officers]).update(
            last_report=report, last_reported_at=report.sent_at
        )
        audit_record(action=AuditAction.CREATED, actor=actor, obj=report, request=request,
                     data={"event": "province_report.sent", "officers": len(officers), "number": decree.number})  # fmt: skip
        for admin in User.objects.filter(role=Role.PROVINCE_ADMIN, office=province, is_active=True):
            _email(
                admin.email,
                _("Laporan PAK dari %(office)s — %(number)s")
                % {"office": office.name, "number": decree.number},
                "province_report_received",
                report=report,
                decree=decree,
                count=format_number(len(officers)),
            )
    return report


@denials_audited
def province_report_mark_read(*, report: ProvinceReport, actor, request=None) -> None:
    """The receiving province admin acknowledges the report (the first time only; later clicks change
    nothing). Called from a POST: opening the report is not reading it on purpose."""
    if not permissions.can_mark_report_read(actor, report):
        deny(actor=actor, obj=report, request=request)
    with transaction.atomic():
        marked = ProvinceReport.objects.filter(pk=report.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if marked:
            audit_record(
                action=AuditAction.UPDATED, actor=actor, obj=report, request=request, data={"read": True}
            )
