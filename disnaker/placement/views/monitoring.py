"""Monitoring of BKK and PAK (kab/kota, province, ministry) and the reports to the province: the province's
inbox, a report's page, and the kab/kota office's history of sent reports. Every page here is read-only;
the receiving province admin marks a report read with a button (a POST), never by opening it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.exports import XLSX, xlsx_response
from disnaker.core.models import Office
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.selectors import get_scoped_or_404, offices_under
from disnaker.core.uploads import private_file_response
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.services import decree_valid_for

from .. import channel, monitoring, permissions, selectors, services
from ..constants import ProfileStatus
from ..models import ProvinceReport
from ._common import _deny


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


# --- Dashboard ------------------------------------------------------------------------------------------------

EXPORTS = ("ringkasan", "penetapan", "registrasi", "epak", "bulanan")


def _exports(figures: dict, scope: monitoring.Scope) -> dict:
    unit = _("Provinsi") if scope.by_province else _("Kantor kab/kota")
    rows = [*figures["rows"], figures["total"]]

    def name(row) -> str:
        return row.office.name if row.office else _("Jumlah")

    return {
        "ringkasan": (
            [
                unit,
                _("BKK terdaftar"),
                _("BKK tidak aktif"),
                _("PAK ditetapkan"),
                _("Menunggu verifikasi"),
                _("Median tunggu (hari kerja)"),
                _("Terlama (hari kerja)"),
                _("Lewat target %(n)s hari kerja") % {"n": figures["target"]},
                _("Laporan terakhir ke provinsi"),
            ],
            [
                (
                    name(r),
                    r.bkk_registered,
                    r.bkk_inactive,
                    r.appointment.get("appointed", 0),
                    r.waiting.count,
                    r.waiting.median_days,
                    r.waiting.oldest_days,
                    r.waiting.over_target,
                    _local_date(r.last_report_at),
                )
                for r in rows
            ],
        ),  # fmt: skip
        "penetapan": (
            [unit, *[str(label) for _v, label in monitoring.APPOINTMENT_COLUMNS]],
            [(name(r), *r.appointment_cells) for r in rows],
        ),
        "registrasi": (
            [unit, *[str(label) for _v, label in monitoring.profile_columns()]],
            [(name(r), *r.registration_cells) for r in rows],
        ),
        "epak": (
            [
                unit,
                _("Diperiksa ≤ %(n)s hari") % {"n": figures["stale_days"]},
                _("Diperiksa > %(n)s hari") % {"n": figures["stale_days"]},
                _("Belum pernah diperiksa"),
                _("Pemeriksaan terlama (hari)"),
            ],
            [(name(r), r.epak.fresh, r.epak.stale, r.epak.never, r.epak.oldest_days) for r in rows],
        ),  # fmt: skip
        "bulanan": (
            [_("Bulan"), _("PAK ditetapkan"), _("Registrasi diverifikasi")],
            [(m, a, v) for m, a, v in figures["monthly"]],
        ),
    }


@login_required
@require_safe
def monitoring_dashboard(request: HttpRequest) -> HttpResponse:
    """Per kab/kota (or per province for the ministry): BKKs, PAK by appointment and registration status, the
    wait for verification, the last report to the province and a monthly chart; every table exports to Excel."""
    try:
        scope = monitoring.monitoring_scope(request.user, request.GET.get("provinsi") or None)
    except monitoring.NotAllowed:
        _deny(request)
    except Office.DoesNotExist:
        raise Http404 from None
    figures = monitoring.dashboard(scope)
    export = request.GET.get("ekspor")
    if export:
        if export not in EXPORTS or (export == "epak" and not figures["epak"]):
            raise Http404
        headers, rows = _exports(figures, scope)[export]
        audit_record(action=AuditAction.EXPORTED, actor=request.user, request=request,
                     data={"list": f"pak-monitoring-{export}", "scope": scope.kind,
                           "province": scope.province.code if scope.province else ""})  # fmt: skip
        suffix = f"-{scope.province.code}" if scope.province else ""
        return xlsx_response(
            filename=f"pemantauan-pak-{export}{suffix}-{timezone.localdate():%Y%m%d}.xlsx",
            title=export,
            headers=headers,
            rows=rows,
        )
    is_province = permissions.is_province_admin(request.user)
    single = scope.kind == "regency"  # one office: the status tables are shown as status | count
    total = figures["total"]
    single_appointment = list(
        zip([label for _v, label in monitoring.APPOINTMENT_COLUMNS], total.appointment_cells, strict=True)
    )
    single_registration = list(
        zip([label for _v, label in monitoring.profile_columns()], total.registration_cells, strict=True)
    )
    # The two status tables share one partial (placement/_monitoring_status_table.html): status | count for one
    # office, or a row per office with a column per status.
    status_tables = [
        {"key": "appointment", "table_id": "tabel-penetapan", "heading": _("PAK per status penetapan"),
         "export": "penetapan", "status_label": _("Status penetapan"), "columns": monitoring.APPOINTMENT_COLUMNS,
         "single_rows": single_appointment, "rows": [(r.office, r.appointment_cells) for r in figures["rows"]],
         "total_cells": total.appointment_cells, "note": ""},
        {"key": "registration", "table_id": "tabel-registrasi", "heading": _("PAK per status e-pengantarkerja") if channel.is_epak() else _("PAK per status registrasi"),
         "export": "registrasi", "status_label": channel.status_heading(), "columns": monitoring.profile_columns(),
         "single_rows": single_registration, "rows": [(r.office, r.registration_cells) for r in figures["rows"]],
         "total_cells": total.registration_cells,
         "note": _("“Belum registrasi” termasuk PAK yang sudah ditetapkan tetapi belum menerima undangan.")},
    ]  # fmt: skip
    context = {
        "single": single,
        "single_appointment": single_appointment,
        "single_registration": single_registration,
        "status_tables": status_tables,
        **figures,
        "scope": scope,
        "chart": monitoring.chart(figures["monthly"]),
        "appointment_columns": monitoring.APPOINTMENT_COLUMNS,
        "profile_columns": monitoring.profile_columns(),
        "queue_url": reverse("placement:province_queue") if is_province else None,
        "is_province": is_province,
        "can_upload_epak": permissions.can_upload_epak_statuses(request.user),
        "export_query": f"provinsi={scope.province.code}&" if scope.kind == "national-province" else "",
    }
    return render(request, "placement/monitoring.html", context)


# --- Reports to the province ------------------------------------------------------------------------------------


def _with_decrees(page) -> None:
    decrees = selectors.report_decrees(page.object_list)
    for report in page.object_list:
        report.decree = decrees.get(report.pk)


@login_required
@require_safe
def province_reports(request: HttpRequest) -> HttpResponse:
    """The province admin's inbox: reports sent by its kab/kota offices, newest first, unread marked."""
    if not permissions.is_province_admin(request.user):
        _deny(request)
    offices = list(offices_under(request.user.office_id))
    chosen = request.GET.get("kantor") or ""
    office = next((o for o in offices if str(o.pk) == chosen), None)
    rows = selectors.report_inbox(user=request.user, office=office)
    page = Paginator(rows, 25).get_page(request.GET.get("halaman"))
    _with_decrees(page)
    unread = selectors.unread_report_count(user=request.user)
    return render(request, "placement/province_reports.html", {
        "page": page, "offices": offices, "office": office, "unread": unread, "querystring": _querystring(request),
    })  # fmt: skip


@login_required
@require_safe
def office_reports(request: HttpRequest) -> HttpResponse:
    """The kab/kota office's letters to the province, newest first, with the date the province read each."""
    if not permissions.is_regency_staff(request.user):
        _deny(request)
    page = Paginator(selectors.sent_reports(user=request.user), 25).get_page(request.GET.get("halaman"))
    _with_decrees(page)
    return render(request, "placement/province_reports_sent.html", {"page": page, "querystring": ""})


def _report(request: HttpRequest, pk: int) -> ProvinceReport:
    return get_scoped_or_404(selectors.report_for_page(user=request.user), request=request, pk=pk)


@login_required
@require_safe
def province_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: the letter (number, date, PDF), the Excel list and each PAK with their registration status
    now. Opening it changes nothing: the receiving province admin marks it read with a button."""
    report = _report(request, pk)
    is_province = permissions.is_province_admin(request.user)
    is_regency = permissions.is_regency_staff(request.user)
    items = selectors.report_items(report)
    for item in items:
        profile = getattr(item.officer, "profile", None)
        item.current_status = profile.status if profile else ProfileStatus.NOT_REGISTERED
        item.current_label = channel.status_label(item.current_status)
        item.link = None
        if is_province and profile:
            item.link = reverse("placement:province_review", args=[profile.pk])
        elif is_regency:
            item.link = reverse("placement:office_officer", args=[item.officer_id])
    decree = decree_valid_for(report, DecreeKind.PROVINCE_REPORT)
    context = {
        "report": report,
        "decree": decree,
        "pdf_url": reverse("placement:decree_pdf", args=[decree.pk]) if decree else None,
        "items": items,
        "is_province": is_province,
        "can_upload_epak": permissions.can_upload_epak_statuses(request.user),
        "is_regency": is_regency,
        "can_mark_read": not report.read_at and permissions.can_mark_report_read(request.user, report),
        "back_url": reverse("placement:province_reports") if is_province else (
            reverse("placement:office_reports") if is_regency else None),
    }  # fmt: skip
    return render(request, "placement/province_report_detail.html", context)


@login_required
@require_POST
def province_report_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """*Tandai sudah dibaca*: the receiving province admin acknowledges the report."""
    report = _report(request, pk)
    if not permissions.can_mark_report_read(request.user, report):
        _deny(request)
    services.province_report_mark_read(report=report, actor=request.user, request=request)
    messages.success(request, _("Laporan ditandai sudah dibaca."))
    return redirect("placement:province_report_detail", pk=report.pk)


@login_required
@require_safe
def province_report_excel(request: HttpRequest, pk: int) -> HttpResponse:
    """The Excel list sent with the letter (a private file)."""
    report = _report(request, pk)
    if not report.excel:
        raise Http404
    audit_record(action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=report, request=request,
                 data={"document": "province_report_excel"})  # fmt: skip
    name = f"laporan-pak-{report.office.code}-{_local_date(report.sent_at):%Y%m%d}.xlsx"
    response = private_file_response(request, report.excel, filename=name)
    response["Content-Type"] = XLSX
    return response
