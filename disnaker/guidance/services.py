"""Writes for the guidance of BKKs: the office's activities (with attachments and follow-up), the operators'
placement reports, and the monitoring step that proposes stale BKKs for inactivation.

Every write checks the actor's role and office inside the transaction; e-mails go through the outbox and leave
only after the commit. Read-only roles (province admin, ministry viewer) have no way in here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.notifications.services import outbox_enqueue
from disnaker.placement import services as placement_services
from disnaker.placement.constants import BkkStatus
from disnaker.placement.models import Bkk

from . import permissions
from .constants import GUIDED_BKK_STATUSES, MAX_ATTACHMENTS, REPORT_CELLS, ActivityKind, PeriodKind
from .models import GuidanceActivity, GuidanceAttachment, PlacementReport, PlacementReportRow
from .periods import period_bounds, period_label

ACTIVITY_FIELDS = ("date", "kind", "topic", "findings", "follow_up", "follow_up_due")
MAX_PARTNERS = 300


def _text(value) -> str:
    return (value or "").strip()


# --- Guidance activities ------------------------------------------------------------------------------------


def _require_office_staff(actor, bkk: Bkk, *, obj=None, request=None) -> None:
    if not permissions.is_office_staff(actor, bkk.office):
        deny(
            actor=actor,
            obj=obj or bkk,
            request=request,
            message=_("Hanya verifikator atau kepala kantor kab/kota BKK ini yang dapat mencatat pembinaan."),
        )


def _clean_activity(data: dict, *, today: datetime.date) -> dict:
    """Check an activity's fields; raise ``ValidationError`` keyed by field."""
    cleaned = {name: data.get(name) for name in ACTIVITY_FIELDS}
    for name in ("topic", "findings", "follow_up"):
        cleaned[name] = _text(cleaned[name])
    errors: dict[str, list[str]] = {}
    if not cleaned["date"]:
        errors.setdefault("date", []).append(_("Tanggal kegiatan wajib diisi."))
    elif cleaned["date"] > today:
        errors.setdefault("date", []).append(
            _("Tanggal kegiatan tidak boleh di masa depan: catat kegiatan yang sudah dilaksanakan.")
        )
    if cleaned["kind"] not in ActivityKind.values:
        errors.setdefault("kind", []).append(_("Pilih bentuk kegiatan."))
    if not cleaned["topic"]:
        errors.setdefault("topic", []).append(_("Topik wajib diisi."))
    if not cleaned["findings"]:
        errors.setdefault("findings", []).append(_("Hasil temuan wajib diisi."))
    if cleaned["follow_up"] and not cleaned["follow_up_due"]:
        errors.setdefault("follow_up_due", []).append(_("Tentukan batas waktu tindak lanjut."))
    if cleaned["follow_up_due"] and not cleaned["follow_up"]:
        errors.setdefault("follow_up", []).append(
            _("Tuliskan tindak lanjut yang harus dilakukan sampai batas waktu itu.")
        )
    if cleaned["follow_up_due"] and cleaned["date"] and cleaned["follow_up_due"] < cleaned["date"]:
        errors.setdefault("follow_up_due", []).append(
            _("Batas waktu tindak lanjut tidak boleh sebelum tanggal kegiatan.")
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _add_attachments(activity: GuidanceActivity, files, actor) -> int:
    files = list(files or [])
    if not files:
        return 0
    existing = activity.attachments.count()
    if existing + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("Paling banyak %(max)s lampiran per kegiatan (sudah ada %(n)s).")
             % {"max": MAX_ATTACHMENTS, "n": existing}}
        )  # fmt: skip
    for upload in files:
        # The form has checked and re-encoded each file; its name is ours (upload.pdf / upload.jpg / upload.png).
        GuidanceAttachment.objects.create(activity=activity, file=ContentFile(upload.read(), name=upload.name),
                                          uploaded_by=actor)  # fmt: skip
    return len(files)


def _notify_activity(activity: GuidanceActivity) -> None:
    bkk = activity.bkk
    if not bkk.email:
        return
    outbox_enqueue(
        to=bkk.email,
        subject=_("Catatan pembinaan BKK %(name)s") % {"name": bkk.name},
        template="guidance_activity_recorded",
        context={"activity": activity, "bkk": bkk, "office": activity.office,
                 "path": reverse("guidance:activity_detail", args=[activity.pk])},
    )  # fmt: skip


@denials_audited
def activity_record(*, actor, bkk: Bkk, data: dict, attachments=(), request=None) -> GuidanceActivity:
    """The office records a guidance activity with one of its registered (or inactive) BKKs. The BKK's operator
    is told by e-mail, with the follow-up and its due date."""
    _require_office_staff(actor, bkk, request=request)
    if bkk.status not in GUIDED_BKK_STATUSES:
        raise ValidationError({"bkk": _("Pembinaan hanya dicatat untuk BKK terdaftar atau tidak aktif.")})
    cleaned = _clean_activity(data, today=timezone.localdate())
    with transaction.atomic():
        activity = GuidanceActivity.objects.create(office=bkk.office, bkk=bkk, created_by=actor, **cleaned)
        count = _add_attachments(activity, attachments, actor)
        audit_record(action=AuditAction.CREATED, actor=actor, obj=activity, request=request,
                     data={"model": "guidance.guidanceactivity", "bkk": bkk.pk, "attachments": count})  # fmt: skip
        _notify_activity(activity)
    return activity


def _lock_activity(activity: GuidanceActivity, actor, request=None) -> GuidanceActivity:
    locked = (
        GuidanceActivity.objects.select_for_update(of=("self",))
        .select_related("bkk__office")
        .get(pk=activity.pk)
    )
    _require_office_staff(actor, locked.bkk, obj=locked, request=request)
    return locked


@denials_audited
def activity_update(
    *, activity: GuidanceActivity, actor, data: dict, attachments=(), request=None
) -> GuidanceActivity:
    """The office corrects an activity (the BKK stays) and may add attachments."""
    with transaction.atomic():
        locked = _lock_activity(activity, actor, request)
        cleaned = _clean_activity(data, today=timezone.localdate())
        changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
        count = _add_attachments(locked, attachments, actor)
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=locked, request=request,
                     data={"model": "guidance.guidanceactivity", "fields": changed, "attachments_added": count})  # fmt: skip
    return locked


@denials_audited
def activity_follow_up_done(
    *, activity: GuidanceActivity, actor, note: str, request=None
) -> GuidanceActivity:
    """The office marks the follow-up done, with a note on how it was done."""
    note = _text(note)
    with transaction.atomic():
        locked = _lock_activity(activity, actor, request)
        if not locked.has_follow_up:
            raise ValidationError(_("Kegiatan ini tidak memiliki tindak lanjut."), code="no_follow_up")
        if locked.follow_up_done_at is not None:
            raise ValidationError(_("Tindak lanjut sudah ditandai selesai."), code="already_done")
        if not note:
            raise ValidationError({"note": _("Tuliskan catatan penyelesaian tindak lanjut.")})
        locked.follow_up_done_at = timezone.now()
        locked.follow_up_done_by = actor
        locked.follow_up_note = note
        locked.save(update_fields=["follow_up_done_at", "follow_up_done_by", "follow_up_note", "updated_at"])
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=locked, request=request,
                     data={"model": "guidance.guidanceactivity", "follow_up": "done"})  # fmt: skip
    return locked


@denials_audited
def attachment_remove(*, attachment: GuidanceAttachment, actor, request=None) -> None:
    with transaction.atomic():
        activity = _lock_activity(attachment.activity, actor, request)
        attachment = GuidanceAttachment.objects.get(pk=attachment.pk, activity=activity)
        name = attachment.file.name
        attachment.delete()
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=activity, request=request,
                     data={"model": "guidance.guidanceactivity", "attachment_removed": attachment.pk})  # fmt: skip
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(name))


# --- Placement reports --------------------------------------------------------------------------------------


def _operator_bkk(actor, request=None) -> Bkk:
    if not permissions.is_operator(actor):
        deny(
            actor=actor,
            request=request,
            message=_("Hanya operator BKK yang dapat mengirim laporan penempatan."),
        )
    return actor.bkk


def clean_partners(text: str) -> str:
    """One company per line, trimmed, without blanks or repeats (first spelling kept)."""
    seen: set[str] = set()
    lines: list[str] = []
    for line in (text or "").splitlines():
        name = " ".join(line.split())[:200]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            lines.append(name)
    if len(lines) > MAX_PARTNERS:
        raise ValidationError(
            {"partner_companies": _("Paling banyak %(n)s perusahaan mitra.") % {"n": MAX_PARTNERS}}
        )
    return "\n".join(lines)


def row_problems(cells: dict) -> dict[tuple[str, str], str]:
    """The rows of a breakdown whose placed + not placed exceed the registered alumni, with the message."""
    problems: dict[tuple[str, str], str] = {}
    for key in REPORT_CELLS:
        registered, placed, not_placed = (
            cells.get(key, {}).get(f, 0) or 0 for f in ("registered", "placed", "not_placed")
        )
        if min(registered, placed, not_placed) < 0:
            problems[key] = _("Angka tidak boleh negatif.")
        elif placed + not_placed > registered:
            problems[key] = _(
                "Ditempatkan (%(placed)s) + belum ditempatkan (%(not_placed)s) = %(sum)s, melebihi alumni terdaftar "
                "(%(registered)s)."
            ) % {
                "placed": placed,
                "not_placed": not_placed,
                "sum": placed + not_placed,
                "registered": registered,
            }
    return problems


def overlapping_report(bkk: Bkk, start: datetime.date, end: datetime.date) -> PlacementReport | None:
    return (
        PlacementReport.objects.filter(bkk=bkk, period_start__lte=end, period_end__gte=start)
        .order_by("period_start")
        .first()
    )


@denials_audited
def report_submit(
    *, actor, period_kind: str, year: int, month: int, cells: dict, vacancies_received: int | None,
    partner_companies: str = "", note: str = "", request=None,
) -> PlacementReport:  # fmt: skip
    """The operator submits the BKK's placement report for one period.

    ``cells`` maps each (sex, education level) of :data:`REPORT_CELLS` to ``{"registered", "placed",
    "not_placed"}``. One report per BKK per period: a period overlapping one already reported is refused. The BKK's
    ``last_report_at`` becomes now (the monitoring flags read it) and a pending inactivation proposal is dropped."""
    bkk = _operator_bkk(actor, request)
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Pilih jenis periode.")})
    try:
        start, end = period_bounds(period_kind, int(year), int(month))
    except (TypeError, ValueError):
        raise ValidationError({"period_month": _("Bulan awal periode tidak valid.")}) from None
    today = timezone.localdate()
    if start > today.replace(day=1):
        raise ValidationError(
            {"period_month": _("Periode laporan belum dimulai: pilih bulan ini atau sebelumnya.")}
        )
    problems = row_problems(cells)
    if problems:
        raise ValidationError({"rows": [problems[k] for k in REPORT_CELLS if k in problems]}, code="rows")
    if vacancies_received is None or vacancies_received < 0:
        raise ValidationError({"vacancies_received": _("Jumlah lowongan tidak boleh negatif.")})
    partners = clean_partners(partner_companies)
    now = timezone.now()
    with transaction.atomic():
        locked = Bkk.objects.select_for_update(of=("self",)).select_related("office").get(pk=bkk.pk)
        if locked.status not in GUIDED_BKK_STATUSES:
            raise ValidationError(_("BKK harus berstatus terdaftar atau tidak aktif untuk mengirim laporan penempatan."),
                                  code="bkk_not_active")  # fmt: skip
        clash = overlapping_report(locked, start, end)
        if clash is not None:
            raise ValidationError(
                {"period_month": _(
                    "Laporan untuk periode ini sudah dikirim: %(existing)s (dikirim %(date)s). Satu BKK hanya "
                    "mengirim satu laporan untuk setiap periode; pilih periode lain."
                ) % {"existing": clash.period_label,
                     "date": timezone.localtime(clash.submitted_at).strftime("%d/%m/%Y")}},
                code="duplicate_period",
            )  # fmt: skip
        totals = {
            f: sum((cells.get(k, {}).get(f) or 0) for k in REPORT_CELLS)
            for f in ("registered", "placed", "not_placed")
        }
        try:
            with transaction.atomic():
                report = PlacementReport.objects.create(
                    bkk=locked, office=locked.office, period_kind=period_kind, period_start=start, period_end=end,
                    registered_total=totals["registered"], placed_total=totals["placed"],
                    not_placed_total=totals["not_placed"], vacancies_received=vacancies_received,
                    partner_companies=partners, note=_text(note), submitted_by=actor, submitted_at=now,
                )  # fmt: skip
        except IntegrityError:
            raise ValidationError({"period_month": _("Laporan untuk periode ini sudah dikirim.")},
                                  code="duplicate_period") from None  # fmt: skip
        PlacementReportRow.objects.bulk_create(
            PlacementReportRow(report=report, sex=sex, education_level=level,
                               **{f: cells.get((sex, level), {}).get(f) or 0 for f in ("registered", "placed", "not_placed")})
            for sex, level in REPORT_CELLS
        )  # fmt: skip
        Bkk.objects.filter(pk=locked.pk).update(last_report_at=now, inactivation_proposed_at=None)
        audit_record(action=AuditAction.CREATED, actor=actor, obj=report, request=request,
                     data={"model": "guidance.placementreport", "bkk": locked.pk, "period": period_label(period_kind, start)})  # fmt: skip
        if locked.office.email:
            outbox_enqueue(
                to=locked.office.email,
                subject=_("Laporan penempatan %(bkk)s — %(period)s") % {"bkk": locked.name, "period": report.period_label},
                template="guidance_report_received",
                context={"report": report, "bkk": locked, "path": reverse("guidance:report_detail", args=[report.pk])},
            )  # fmt: skip
    return report


# --- Monitoring ----------------------------------------------------------------------------------------------


@denials_audited
def monitoring_propose_inactivation(*, actor, request=None) -> int:
    """Run the inactivation proposal (:func:`disnaker.placement.services.bkk_propose_inactivation`) for registered
    BKKs without a report past ``BKK_INACTIVATION_MONTHS``; the officer then confirms each on the BKK's review page.
    Returns how many of the actor's office's BKKs were newly proposed."""
    if not permissions.is_office_staff(actor):
        deny(
            actor=actor,
            request=request,
            message=_("Hanya verifikator atau kepala kantor kab/kota yang dapat menjalankan langkah ini."),
        )
    office_bkks = Bkk.objects.filter(office=actor.office_id, status=BkkStatus.REGISTERED)
    with transaction.atomic():
        before = set(office_bkks.filter(inactivation_proposed_at__isnull=False).values_list("pk", flat=True))
        placement_services.bkk_propose_inactivation(office=actor.office)
        after = set(office_bkks.filter(inactivation_proposed_at__isnull=False).values_list("pk", flat=True))
        proposed = sorted(after - before)
        audit_record(action=AuditAction.UPDATED, actor=actor, request=request,
                     data={"model": "placement.bkk", "inactivation_proposed": proposed})  # fmt: skip
    return len(proposed)


# --- Reminders -------------------------------------------------------------------------------------------------

#: Days between two reminders about the same overdue follow-up.
FOLLOW_UP_REMINDER_EVERY_DAYS = 7


def follow_up_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail each kab/kota office's verifiers and head one list of their overdue follow-ups (not done, past
    the due date), repeating an item at most every ``FOLLOW_UP_REMINDER_EVERY_DAYS`` days. Returns how many
    e-mails were queued. Run daily (``manage.py guidance_reminders``)."""
    from disnaker.accounts.constants import Role
    from disnaker.accounts.models import User

    from .selectors import overdue_filter

    today = today or timezone.localdate()
    quiet_since = today - datetime.timedelta(days=FOLLOW_UP_REMINDER_EVERY_DAYS)
    due = (
        GuidanceActivity.objects.filter(overdue_filter(today))
        .exclude(follow_up_reminded_on__gt=quiet_since)
        .select_related("bkk", "office")
        .order_by("office_id", "follow_up_due")
    )
    by_office: dict[int, list[GuidanceActivity]] = {}
    for activity in due:
        by_office.setdefault(activity.office_id, []).append(activity)
    sent = 0
    for activities in by_office.values():
        office = activities[0].office
        recipients = User.objects.filter(office=office, role__in=[Role.VERIFIER, Role.HEAD], is_active=True)
        with transaction.atomic():
            for user in recipients:
                outbox_enqueue(
                    to=user.email,
                    subject=_("%(n)s tindak lanjut pembinaan BKK melewati batas waktu")
                    % {"n": len(activities)},
                    template="guidance_follow_up_reminder",
                    context={"office": office, "activities": activities, "today": today},
                )
                sent += 1
            GuidanceActivity.objects.filter(pk__in=[a.pk for a in activities]).update(
                follow_up_reminded_on=today
            )
    return sent
