"""The kab/kota's report of its appointed PAK to the province, and the province's acknowledgement."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.formats import format_number
from disnaker.core.models import Office

from .. import permissions
from ..constants import AppointmentStatus, ProfileStatus
from ..models import PlacementOfficer, ProvinceReport, ProvinceReportItem
from ._common import _email

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
    from ..documents import province_report_decree, province_report_excel

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
                profile_checked_at=getattr(getattr(o, "profile", None), "checked_at", None),
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
