"""BKK registration: the application, the office's decisions, the decree and account, and the reminders."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.accounts.selectors import email_has_account
from disnaker.accounts.services import generate_initial_password
from disnaker.core.audit import denials_audited
from disnaker.core.flows import lock_for_step, run_step
from disnaker.core.formats import random_unambiguous
from disnaker.core.models import Office
from disnaker.core.uploads import rejected_files_purge, retention_cutoff
from disnaker.core.workflow import (
    TransitionNotAllowed,
    can_transition,
    status_history_start,
    status_transition,
)

from ..constants import BKK_FLOW, BKK_TRANSITIONS, BkkStatus
from ..models import Bkk
from ._common import _email, regency_office_for, validate_institution_type

# --- BKK registration ------------------------------------------------------------------------------------

BKK_FIELDS = (
    "name", "institution_name", "institution_type", "institution_code", "address", "head_name",
    "contact_name", "email", "phone",
)  # fmt: skip
BKK_DOCUMENTS = ("operating_permit", "founding_decree", "placement_plan")


def bkk_apply(*, data: dict, request=None) -> Bkk:
    """An institution's application: saved, submitted, and its tracking code and edit link e-mailed.

    ``data`` is the cleaned form data (documents already checked)."""
    validate_institution_type(data["institution_type"])
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


# --- Effects of BKK_FLOW's steps (constants.py): fields set on the locked BKK inside the step ---------------


def bkk_noted(bkk: Bkk, *, note: str, **_extra) -> list[str]:
    """Every office decision keeps its note on the BKK (shown to the institution) and when it was taken."""
    bkk.office_note = note
    bkk.status_changed_at = timezone.now()
    return ["office_note", "status_changed_at"]


def bkk_reactivated(bkk: Bkk, *, note: str, **_extra) -> list[str]:
    """Active again: the inactivity proposal is settled."""
    bkk.inactivation_proposed_at = None
    return [*bkk_noted(bkk, note=note), "inactivation_proposed_at"]


def _operator_ends(bkk: Bkk) -> None:
    if bkk.operator_id:
        User.objects.filter(pk=bkk.operator_id).update(is_active=False)


def _registration_number(bkk: Bkk) -> str:
    from disnaker.decrees.selectors import valid_decree_of

    decree = valid_decree_of(bkk, "bkk_registration")
    return decree.number if decree is not None else bkk.tracking_code


def _appointments_end(bkk: Bkk, *, actor, reason: str, request=None) -> int:
    """Issue 13 §3: every PAK appointed at ``bkk`` becomes inactive, with ``reason`` (which names the BKK's
    revocation or closure and its tanda daftar number), and their account closes. Returns how many ended."""
    from ..constants import APPOINTMENT_TRANSITIONS, AppointmentStatus
    from ..models import PakProfile, PlacementOfficer

    officers = list(
        PlacementOfficer.objects.select_for_update()
        .filter(bkk=bkk, status=AppointmentStatus.APPOINTED)
        .order_by("pk")
    )
    today = timezone.localdate()
    for officer in officers:
        officer.ended_on = today
        officer.end_reason = reason
        status_transition(
            obj=officer, to_status=AppointmentStatus.INACTIVE, transitions=APPOINTMENT_TRANSITIONS, actor=actor,
            request=request, note=reason, update_fields=["ended_on", "end_reason"],
        )  # fmt: skip
        _email(officer.email, _("Penetapan Anda sebagai Petugas Antar Kerja berakhir"), "pak_appointment_ended",
               officer=officer, reason=reason)  # fmt: skip
    user_ids = PakProfile.objects.filter(officer__in=officers, user__isnull=False).values("user_id")
    User.objects.filter(pk__in=user_ids).update(is_active=False)
    return len(officers)


def bkk_revoked(bkk: Bkk, *, actor, note: str, request=None, **_extra) -> list[str]:
    """Revoked by the head: the tanda daftar is revoked with the same reason, the operator's account ends,
    and so do the appointments (and accounts) of its PAK."""
    from disnaker.decrees.services import decree_revoke, decree_valid_for

    number = _registration_number(bkk)
    decree = decree_valid_for(bkk, "bkk_registration")
    if decree is not None:
        decree_revoke(decree=decree, actor=actor, reason=note, request=request)
    _operator_ends(bkk)
    reason = _("Tanda daftar BKK %(name)s nomor %(number)s dicabut: %(note)s") % {
        "name": bkk.name, "number": number, "note": note,
    }  # fmt: skip
    _appointments_end(bkk, actor=actor, reason=reason, request=request)
    return bkk_noted(bkk, note=note)


def bkk_closed(bkk: Bkk, *, actor=None, note: str, request=None, **_extra) -> list[str]:
    """The institution closed its BKK: the operator's account ends, and so do its PAK's appointments."""
    _operator_ends(bkk)
    reason = _("BKK %(name)s (tanda daftar nomor %(number)s) ditutup: %(note)s") % {
        "name": bkk.name, "number": _registration_number(bkk), "note": note,
    }  # fmt: skip
    _appointments_end(bkk, actor=actor, reason=reason, request=request)
    return bkk_noted(bkk, note=note)


def _bkk_step(name: str, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    return run_step(flow=BKK_FLOW, step=name, obj=bkk, actor=actor, note=note, request=request)


@denials_audited
def bkk_request_revision(*, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    return _bkk_step("perbaikan", bkk, actor, note, request)


@denials_audited
def bkk_reject(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    return _bkk_step("tolak", bkk, actor, reason, request)


@denials_audited
def bkk_verify(*, bkk: Bkk, actor, note: str = "", request=None) -> Bkk:
    return _bkk_step("verifikasi", bkk, actor, note, request)


@denials_audited
def bkk_return_to_verifier(*, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    return _bkk_step("kembalikan", bkk, actor, note, request)


@denials_audited
def bkk_register(*, bkk: Bkk, actor, request=None, passphrase: str | None = None):
    """The head signs the *tanda daftar*: the BKK is registered, its operator gets an account (a random
    initial password, changed at first login, as for companies) and both go out by e-mail."""
    from ..documents import bkk_registration_decree

    with transaction.atomic():
        locked = lock_for_step(flow=BKK_FLOW, step="setujui", obj=bkk, actor=actor, request=request)
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
        decree = bkk_registration_decree(locked, actor, request=request, passphrase=passphrase)
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
    return _bkk_step("nonaktifkan", bkk, actor, reason, request)


@denials_audited
def bkk_reactivate(*, bkk: Bkk, actor, note: str, request=None) -> Bkk:
    return _bkk_step("aktifkan", bkk, actor, note, request)


@denials_audited
def bkk_revoke(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    """Inactive → revoked by the head; the tanda daftar is revoked with the same reason."""
    return _bkk_step("cabut", bkk, actor, reason, request)


@denials_audited
def bkk_close(*, bkk: Bkk, actor, reason: str, request=None) -> Bkk:
    """The institution closed its BKK (registered or inactive → closed); the operator's account ends."""
    return _bkk_step("tutup", bkk, actor, reason, request)


def bkk_propose_inactivation(*, office: Office, now: datetime.datetime | None = None) -> int:
    """Mark ``office``'s registered BKKs with no placement report for ``BKK_INACTIVATION_MONTHS`` as proposed
    for inactivation (an officer of that office confirms with :func:`bkk_deactivate`). Returns how many were
    marked. The office is required: one office's officer (or the daily job's run for one office) never marks
    another office's BKKs."""
    from ..selectors import months_ago

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

    from ..selectors import bkk_report_flags, bkks_without_recent_report

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
