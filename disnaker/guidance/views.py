"""Pembinaan BKK pages: the office's guidance activities (list, record, edit, follow-up, attachments, Excel), the
operators' placement reports (send, list, detail, per-BKK summary, Excel) and the report monitoring page.

Roles with no business on a page get 404 (audited); roles that may read but not write (province admin, ministry
viewer, a BKK's operator on the office's pages) get 403 on writes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.exports import xlsx_response
from disnaker.core.pages import form_add_validation_error as _apply_errors
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.pages import render_queue
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import private_file_response

from . import permissions, selectors, services
from .constants import GUIDED_BKK_STATUSES, REPORT_CELLS, REPORT_FIGURES, REPORT_LEVELS, REPORT_SEXES
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    FollowUpDoneForm,
    MonitoringFilterForm,
    ReportFilterForm,
    ReportForm,
)
from .models import GuidanceAttachment

PAGE_SIZE = 25
EXPORT_LIMIT = 20_000


def _deny(request: HttpRequest) -> None:
    audit_record(
        action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
    )
    raise Http404


def _forbid(request: HttpRequest, obj=None) -> None:
    audit_record(action=AuditAction.ACCESS_DENIED, actor=request.user, obj=obj, request=request,
                 data={"path": request.path, "write": True})  # fmt: skip
    raise PermissionDenied


def _require_writer(request: HttpRequest, may_write, may_read) -> None:
    """Go on only for a user ``may_write`` allows: one who may only read the page gets 403, anyone else 404
    (both audited)."""
    if not may_write(request.user):
        if may_read(request.user):
            _forbid(request)
        _deny(request)


def _export_rows(request: HttpRequest, filtered, related: str):
    """The rows of a list's Excel export (office, province, ministry): the list as filtered (``filtered(request)``
    gives the form and the rows), each with ``related`` loaded, at most ``EXPORT_LIMIT``."""
    if not permissions.can_monitor(request.user):
        _deny(request)
    _form, rows = filtered(request)
    return selectors.for_export(rows, related, EXPORT_LIMIT)


def _export_response(request: HttpRequest, list_name: str, *, filename: str, title: str, headers, rows):
    """The export as an .xlsx download, audited with the list's name and its row count."""
    audit_record(action=AuditAction.EXPORTED, actor=request.user, request=request,
                 data={"list": list_name, "rows": len(rows)})  # fmt: skip
    return xlsx_response(filename=filename, title=title, headers=headers, rows=rows)


def bkk_review_url(bkk) -> str:
    """The office's BKK review page."""
    return reverse("placement:office_bkk_review", args=[bkk.pk])


# --- Guidance activities -----------------------------------------------------------------------------------


def _require_activity_viewer(request: HttpRequest) -> None:
    if not permissions.can_view_activities(request.user):
        _deny(request)


def _activity(request: HttpRequest, pk: int):
    _require_activity_viewer(request)
    return get_scoped_or_404(selectors.activity_for_page(user=request.user), request=request, pk=pk)


def _writable_activity(request: HttpRequest, pk: int):
    activity = _activity(request, pk)
    if not permissions.is_office_staff(request.user, activity.office):
        _forbid(request, activity)
    return activity


def _activity_filters(request: HttpRequest):
    form = ActivityFilterForm(request.GET or None, bkks=selectors.guided_bkks_for(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.activity_list(
        user=request.user,
        bkk=filters.get("bkk"),
        kind=filters.get("kind", ""),
        date_from=filters.get("dari"),
        date_to=filters.get("sampai"),
        overdue=bool(filters.get("lewat")),
    )
    return form, rows


@login_required
@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    """*Pembinaan BKK*: the office's activities (the operator's: those about its BKK), newest first; follow-ups
    past their due date and not done are marked."""
    _require_activity_viewer(request)
    form, rows = _activity_filters(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    today = timezone.localdate()
    overdue_count = selectors.overdue_count(user=request.user, today=today)
    return render_queue(request, "guidance/activity_list.html", "guidance/_activity_rows.html", {
        "form": form, "page": page, "querystring": _querystring(request), "today": today,
        "can_write": permissions.is_office_staff(request.user), "is_operator": permissions.is_operator(request.user),
        "can_export": permissions.can_monitor(request.user), "overdue_count": overdue_count,
    })  # fmt: skip


@login_required
@require_safe
def activity_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as Excel (office, province, ministry)."""
    rows = _export_rows(request, _activity_filters, "attachments")
    today = timezone.localdate()

    def follow_up_state(a) -> str:
        if not a.has_follow_up:
            return _("Tidak ada")
        if a.follow_up_done_at:
            return _("Selesai")
        return _("Lewat batas waktu") if a.follow_up_overdue(today) else _("Belum selesai")

    headers = [_("Tanggal"), _("BKK"), _("Lembaga"), _("Kantor"), _("Bentuk"), _("Topik"), _("Hasil temuan"),
               _("Tindak lanjut"), _("Batas waktu"), _("Status tindak lanjut"), _("Selesai pada"),
               _("Catatan penyelesaian"), _("Jumlah lampiran"), _("Dicatat oleh")]  # fmt: skip
    data = [
        (a.date, a.bkk.name, a.bkk.institution_name, a.office.name, a.get_kind_display(), a.topic, a.findings,
         a.follow_up, a.follow_up_due, follow_up_state(a),
         timezone.localtime(a.follow_up_done_at).date() if a.follow_up_done_at else None, a.follow_up_note,
         selectors.attachment_count(a), a.created_by.get_full_name())
        for a in rows
    ]  # fmt: skip
    return _export_response(request, "guidance-activities", filename=f"pembinaan-bkk-{today:%Y%m%d}.xlsx",
                            title=_("Pembinaan BKK"), headers=headers, rows=data)  # fmt: skip


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    """*Catat Pembinaan*: the office records an activity with one of its BKKs."""
    _require_writer(request, permissions.is_office_staff, permissions.can_view_activities)
    bkks = selectors.guided_bkks_for(user=request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("bkk"):
        initial["bkk"] = selectors.bkk_picked(bkks, request.GET["bkk"])
    form = ActivityForm(request.POST or None, request.FILES or None, bkks=bkks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_record(actor=request.user, bkk=data["bkk"], data=data,
                                                attachments=data["attachments"], request=request)  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Kegiatan pembinaan dicatat; operator BKK diberi tahu lewat e-mail."))
            return redirect("guidance:activity_detail", pk=activity.pk)
    return render(request, "guidance/activity_form.html", {"form": form, "activity": None})


@login_required
@require_safe
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    return _render_detail(
        request, activity, can_write=permissions.is_office_staff(request.user, activity.office)
    )


def _render_detail(request: HttpRequest, activity, *, can_write: bool, done_form=None, status: int = 200):
    """An activity's page; the office's staff get the follow-up form (``done_form`` when it came back with
    errors) and the link to the BKK's review."""
    if done_form is None and can_write:
        done_form = FollowUpDoneForm()
    return render(request, "guidance/activity_detail.html", {
        "activity": activity, "attachments": selectors.attachments_of(activity), "can_write": can_write,
        "done_form": done_form, "today": timezone.localdate(),
        "bkk_review_url": bkk_review_url(activity.bkk) if can_write else None,
    }, status=status)  # fmt: skip


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _writable_activity(request, pk)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_update(activity=activity, actor=request.user, data=data,
                                     attachments=data["attachments"], request=request)  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Perubahan kegiatan pembinaan disimpan."))
            return redirect("guidance:activity_detail", pk=activity.pk)
    return render(request, "guidance/activity_form.html", {
        "form": form, "activity": activity, "attachments": selectors.attachments_of(activity),
    })  # fmt: skip


@login_required
@require_POST
def activity_follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _writable_activity(request, pk)
    form = FollowUpDoneForm(request.POST)
    if form.is_valid():
        try:
            services.activity_follow_up_done(activity=activity, actor=request.user, note=form.cleaned_data["note"],
                                             request=request)  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Tindak lanjut ditandai selesai."))
            return redirect("guidance:activity_detail", pk=activity.pk)
    return _render_detail(request, activity, can_write=True, done_form=form, status=400)


def _attachment(request: HttpRequest, pk: int, attachment_pk: int):
    activity = _activity(request, pk)
    try:
        return activity, selectors.attachment_of(activity, attachment_pk)
    except GuidanceAttachment.DoesNotExist:
        raise Http404 from None


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    activity, attachment = _attachment(request, pk, attachment_pk)
    audit_record(action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=activity, request=request,
                 data={"model": "guidance.guidanceattachment", "attachment": attachment.pk})  # fmt: skip
    return private_file_response(request, attachment.file, filename=attachment.download_name)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    activity, attachment = _attachment(request, pk, attachment_pk)
    if not permissions.is_office_staff(request.user, activity.office):
        _forbid(request, activity)
    services.attachment_remove(attachment=attachment, actor=request.user, request=request)
    messages.success(request, _("Lampiran dihapus."))
    return redirect("guidance:activity_edit", pk=activity.pk)


# --- Placement reports --------------------------------------------------------------------------------------


def _require_report_viewer(request: HttpRequest) -> None:
    if not permissions.can_view_reports(request.user):
        _deny(request)


def _report_filters(request: HttpRequest):
    form = ReportFilterForm(request.GET or None, bkks=selectors.guided_bkks_for(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.report_list(user=request.user, bkk=filters.get("bkk"), period_kind=filters.get("periode", ""),
                                 year=filters.get("tahun"))  # fmt: skip
    return form, rows


@login_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    """*Laporan Penempatan*: the operator's own reports (with the button to send one); the office's, province's
    and ministry's reports of the BKKs in scope."""
    _require_report_viewer(request)
    form, rows = _report_filters(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    is_operator = permissions.is_operator(request.user)
    return render_queue(request, "guidance/report_list.html", "guidance/_report_rows.html", {
        "form": form, "page": page, "querystring": _querystring(request), "is_operator": is_operator,
        "bkk": request.user.bkk if is_operator else None, "can_export": permissions.can_monitor(request.user),
    })  # fmt: skip


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """*Kirim Laporan Penempatan*: the operator's report for one period."""
    _require_writer(request, permissions.is_operator, permissions.can_view_reports)
    bkk = request.user.bkk
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                actor=request.user, period_kind=data["period_kind"], year=data["period_year"],
                month=data["period_month"], cells=form.cells(), vacancies_received=data["vacancies_received"],
                partner_companies=data["partner_companies"], note=data["note"], request=request,
            )  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Laporan penempatan %(period)s terkirim ke %(office)s.")
                             % {"period": report.period_label, "office": bkk.office.name})  # fmt: skip
            return redirect("guidance:report_detail", pk=report.pk)
    return render(request, "guidance/report_form.html", {
        "form": form, "bkk": bkk, "bkk_can_report": bkk.status in GUIDED_BKK_STATUSES,
    })  # fmt: skip


def _report_table(report) -> tuple[list[dict], list[dict]]:
    """The breakdown as rows per education level, with columns per sex, and totals per sex."""
    cells = selectors.report_cells(report)
    table = []
    for level in REPORT_LEVELS:
        row = {"level": level, "cells": []}
        for sex in REPORT_SEXES:
            cell = cells.get((sex, level))
            row["cells"].append({f: getattr(cell, f, 0) for f in REPORT_FIGURES})
        table.append(row)
    totals = []
    for sex in REPORT_SEXES:
        totals.append(
            {f: sum(getattr(cells.get((sex, lv)), f, 0) for lv in REPORT_LEVELS) for f in REPORT_FIGURES}
        )
    return table, totals


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_report_viewer(request)
    report = get_scoped_or_404(selectors.report_for_page(user=request.user), request=request, pk=pk)
    table, totals = _report_table(report)
    return render(request, "guidance/report_detail.html", {
        "report": report, "table": table, "totals": totals, "sexes": REPORT_SEXES,
        "is_operator": permissions.is_operator(request.user),
        "bkk_review_url": bkk_review_url(report.bkk) if permissions.is_office_staff(request.user) else None,
    })  # fmt: skip


@login_required
@require_safe
def report_export(request: HttpRequest) -> HttpResponse:
    """The filtered reports as Excel, one row per report with the whole breakdown."""
    rows = _export_rows(request, _report_filters, "rows")
    headers = [_("BKK"), _("Lembaga"), _("Kantor"), _("Jenis periode"), _("Periode"), _("Awal periode"),
               _("Akhir periode"), _("Dikirim"), _("Alumni terdaftar"), _("Ditempatkan"), _("Belum ditempatkan"),
               _("Lowongan diterima"), _("Jumlah perusahaan mitra"), _("Perusahaan mitra")]  # fmt: skip
    figure_labels = {
        "registered": _("Terdaftar"),
        "placed": _("Ditempatkan"),
        "not_placed": _("Belum ditempatkan"),
    }
    headers += [
        f"{figure_labels[f]} {sex.value} {level.label}" for sex, level in REPORT_CELLS for f in REPORT_FIGURES
    ]
    data = []
    for r in rows:
        cells = selectors.report_cells(r)
        partners = r.partner_list
        data.append([
            r.bkk.name, r.bkk.institution_name, r.office.name, r.get_period_kind_display(), r.period_label,
            r.period_start, r.period_end, timezone.localtime(r.submitted_at).date(), r.registered_total,
            r.placed_total, r.not_placed_total, r.vacancies_received, len(partners), "; ".join(partners),
            *[getattr(cells.get(key), f, 0) for key in REPORT_CELLS for f in REPORT_FIGURES],
        ])  # fmt: skip
    return _export_response(request, "bkk-placement-reports",
                            filename=f"laporan-penempatan-bkk-{timezone.localdate():%Y%m%d}.xlsx",
                            title=_("Laporan penempatan"), headers=headers, rows=data)  # fmt: skip


@login_required
@require_safe
def report_summary(request: HttpRequest) -> HttpResponse:
    """Each BKK in scope with the figures of its latest report."""
    if not permissions.can_monitor(request.user):
        _deny(request)
    rows = selectors.latest_report_summary(user=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    return render(request, "guidance/report_summary.html", {"page": page, "querystring": ""})


# --- Monitoring ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def bkk_monitoring(request: HttpRequest) -> HttpResponse:
    """The office's registered BKKs with their last report, the months since and the flag: *perlu dipantau* after
    ``BKK_REPORT_OVERDUE_MONTHS``, proposable for inactivation after ``BKK_INACTIVATION_MONTHS``."""
    if not permissions.can_monitor(request.user):
        _deny(request)
    form = MonitoringFilterForm(request.GET or None)
    flag = form.cleaned_data.get("tanda", "") if form.is_valid() else ""
    now = timezone.now()
    rows = selectors.monitoring_filter(selectors.monitoring_queryset(user=request.user), flag, now)
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    can_write = permissions.is_office_staff(request.user)
    page.object_list = [selectors.monitoring_row(b, now) for b in page.object_list]
    for row in page.object_list:
        row.review_url = bkk_review_url(row.bkk) if can_write else None
    return render(request, "guidance/bkk_monitoring.html", {
        "form": form, "page": page, "querystring": _querystring(request), "can_write": can_write,
        "counts": selectors.monitoring_counts(user=request.user, now=now),
        "overdue_months": settings.BKK_REPORT_OVERDUE_MONTHS, "inactive_months": settings.BKK_INACTIVATION_MONTHS,
    })  # fmt: skip


@login_required
@require_POST
def bkk_monitoring_propose(request: HttpRequest) -> HttpResponse:
    """Run the inactivation proposal; each proposed BKK is then confirmed (or not) on its review page."""
    _require_writer(request, permissions.is_office_staff, permissions.can_monitor)
    count = services.monitoring_propose_inactivation(actor=request.user, request=request)
    if count:
        messages.warning(request, _("%(n)s BKK diusulkan nonaktif. Buka halaman BKK masing-masing untuk "
                                    "mengonfirmasi penonaktifan.") % {"n": count})  # fmt: skip
    else:
        messages.info(request, _("Tidak ada BKK baru yang memenuhi syarat usulan nonaktif."))
    return redirect(f"{reverse('guidance:bkk_monitoring')}?tanda=stale")
