"""The office's PKWT pages: the queue, the review with its steps (``REGISTRATION_FLOW``), the head's
signature and revocation, the dashboard; the province and the ministry read the queue, the review and the
dashboard."""

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
from django.views.decorators.http import require_http_methods, require_POST

from disnaker.accounts.constants import Role
from disnaker.accounts.permissions import is_office_staff
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction, OfficeReach
from disnaker.core.exports import xlsx_response
from disnaker.core.flows import bound_actions, needs_note
from disnaker.core.formats import format_number
from disnaker.core.pages import personal_data_reveal, render_queue
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.views import flow_decide, review_again
from disnaker.core.workdays import WorkCalendar
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.decrees.forms import SignConfirmForm
from disnaker.decrees.preview import needs_passphrase as decree_needs_passphrase
from disnaker.decrees.preview import preview_response

from .. import documents, permissions, selectors, services
from ..constants import OFFICE_PENDING_STATUSES, REGISTRATION_FLOW, WARNING_LABELS, RegistrationStatus
from ..forms import DecisionForm, QueueFilterForm, RevokeForm
from ..selectors import QUEUE_DEFAULT_STATUS, decree_of, registration_queue
from ..selectors import office_dashboard as office_dashboard_figures
from ._common import _registration


# --- Office side: queue, review, decisions --------------------------------------------------------------
def _require(request: HttpRequest, allowed: bool) -> None:
    if not allowed:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise PermissionDenied


def _require_staff(request: HttpRequest) -> None:
    """Decisions, documents and worker data: the kab/kota office's staff only."""
    _require(request, is_office_staff(request.user))


def _require_monitor(request: HttpRequest) -> None:
    """The queue, the review page and the dashboard: the staff, and read-only the province and the ministry."""
    _require(request, permissions.can_monitor_registrations(request.user))


@login_required
def office_queue(request: HttpRequest) -> HttpResponse:
    """The verifier's and the head's queue, with each registration's age in working days (read-only for the
    province's kab/kota and, for the ministry, every office)."""
    _require_monitor(request)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = QUEUE_DEFAULT_STATUS.get(request.user.role, "")
    form = QueueFilterForm(data)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    qs = registration_queue(
        user=request.user,
        status=filters.get("status", ""),
        query=filters.get("q", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("halaman"))
    _with_age(page.object_list)
    target = settings.PKWT_SERVICE_TARGET_WORKING_DAYS
    context = {
        "form": form,
        "page": page,
        "target": target,
        "querystring": _querystring(request),
        "show_office": request.user.office_reach != OfficeReach.OFFICE,
    }
    return render_queue(
        request,
        "pkwt/office_queue.html",
        "pkwt/_office_rows.html",
        context,
        status=400 if form.errors else 200,
    )


def _office_registration(request: HttpRequest, pk: int):
    _require_staff(request)
    return _registration(request, pk)


def _render_review(request: HttpRequest, registration, *, form=None, status: int = 200) -> HttpResponse:
    if not permissions.can_open_personal_data(request.user, registration):
        # The province and the ministry follow the registration (status, history, decree), not its workers.
        return render(
            request,
            "pkwt/office_review.html",
            {"registration": registration, "history": status_history(registration), "personal_data": False,
             "decree": decree_of(registration), "actions": [], "lateness": selectors.lateness_summary(registration)},
            status=status,
        )  # fmt: skip
    warning = request.GET.get("peringatan", "")
    page = Paginator(selectors.review_contracts(registration, warning=warning), 50).get_page(
        request.GET.get("halaman")
    )
    page.object_list = selectors.with_compensation(page.object_list)  # uang kompensasi per row
    actions = bound_actions(
        flow=REGISTRATION_FLOW, obj=registration, user=request.user, decide_url="pkwt:office_decide",
        args=[registration.pk],
    )  # fmt: skip
    return render(
        request,
        "pkwt/office_review.html",
        {
            "registration": registration,
            "history": status_history(registration),
            "page": page,
            "contracts": selectors.with_late_warnings(registration, page.object_list),
            "lateness": selectors.lateness_summary(registration),
            "warning": warning,
            "warning_counts": [
                (code, WARNING_LABELS.get(code, code), count)
                for code, count in selectors.warning_counts(registration)
            ],
            "querystring": _querystring(request),
            "form": form
            or (RevokeForm() if registration.status == RegistrationStatus.APPROVED else DecisionForm()),
            "actions": []
            if services.reviewer_blocks(registration=registration, actor=request.user)
            else actions,
            "show_note": needs_note(actions),
            "personal_data": True,
            "decree": decree_of(registration),
            "age_problems": services.age_exception_problems(registration)
            if registration.status == RegistrationStatus.SUBMITTED
            else [],
        },
        status=status,
    )


@login_required
def office_review(request: HttpRequest, pk: int) -> HttpResponse:
    _require_monitor(request)
    return _render_review(request, _registration(request, pk))


@login_required
@require_POST
def office_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    registration = _office_registration(request, pk)
    try:
        services.registration_check_reviewer(registration=registration, actor=request.user, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("pkwt:office_review", pk=registration.pk)
    return flow_decide(
        request,
        flow=REGISTRATION_FLOW,
        obj=registration,
        step_name=decision,
        success_url=reverse("pkwt:office_review", args=[registration.pk]),
        render_error=review_again(request, registration, _render_review),
        form_class=DecisionForm,
    )


@login_required
@require_POST
def office_take(request: HttpRequest, pk: int) -> HttpResponse:
    """*Saya periksa*: the verifier takes the registration (of two at once, one wins)."""
    registration = _office_registration(request, pk)
    try:
        services.registration_take(registration=registration, actor=request.user, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Permohonan ini sekarang Anda periksa."))
    return redirect("pkwt:office_review", pk=registration.pk)


@login_required
@require_POST
def office_release(request: HttpRequest, pk: int) -> HttpResponse:
    """*Lepaskan*: the verifier returns the registration to the queue for another verifier."""
    registration = _office_registration(request, pk)
    try:
        services.registration_release(registration=registration, actor=request.user, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Permohonan dikembalikan ke antrian."))
    return redirect("pkwt:office_review", pk=registration.pk)


@login_required
@require_POST
def office_reveal_nik(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    """Show one worker's full NIK to the office's staff; every reveal is audited."""
    registration = _office_registration(request, pk)
    contract = get_scoped_or_404(selectors.contracts_of(registration), request=request, pk=contract_pk)
    return personal_data_reveal(
        request,
        obj=registration,
        field="nik" if contract.nik else "passport_number",  # a TKA is identified by passport
        value=contract.nik or contract.passport_number,
        data={"contract": contract.pk},
    )


def _sign_screen(request: HttpRequest, registration, form, *, status: int = 200) -> HttpResponse:
    step = REGISTRATION_FLOW.step("tandatangani")
    return render(
        request,
        "decrees/sign_confirm.html",
        {
            "heading": _("Setujui dan tandatangani SK Pencatatan PKWT"),
            "subject": registration.number or registration.company.name,
            "facts": [
                (_("Perusahaan"), registration.company.name),
                (_("No. Permohonan"), registration.number),
                (_("Jumlah pekerja"), format_number(registration.worker_count)),
            ],  # fmt: skip
            "what_happens": step.confirm,
            "preview_url": reverse("pkwt:office_decree_preview", args=[registration.pk]),
            "form": form,
            "action_url": reverse("pkwt:office_sign", args=[registration.pk]),
            "back_url": reverse("pkwt:office_review", args=[registration.pk]),
            "submit_label": step.label,
            "needs_passphrase": "passphrase" in form.fields,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """*Setujui dan tandatangani SK* (the head): GET the signing screen (what will happen, the preview, the
    BSrE passphrase for an office signing through BSrE), POST to sign. A refusal of the signer (a wrong
    passphrase, a certificate that is not ISSUE, an outage) shows next to the passphrase; no number is used."""
    registration = _office_registration(request, pk)
    needs_passphrase = decree_needs_passphrase(registration.office)
    if request.method == "GET":
        _require(request, request.user.role == Role.HEAD and request.user.office_id == registration.office_id)
        if not permissions.can_sign_registration(request.user, registration) or (
            registration.status != RegistrationStatus.VERIFIED
        ):
            messages.info(request, _("Permohonan ini tidak sedang menunggu tanda tangan Kepala Dinas."))
            return redirect("pkwt:office_review", pk=registration.pk)
        return _sign_screen(request, registration, SignConfirmForm(needs_passphrase=needs_passphrase))
    form = SignConfirmForm(request.POST, needs_passphrase=needs_passphrase)
    ready = request.user.role == Role.HEAD and registration.status == RegistrationStatus.VERIFIED
    if not form.is_valid() and ready:
        return _sign_screen(request, registration, form, status=400)
    # Anyone else goes on to the service, which refuses (audited) or finds the step not allowed.
    try:
        decree = services.registration_approve_or_queue(
            registration=registration, actor=request.user, request=request, passphrase=form.passphrase_value()
        )
    except ValidationError as exc:
        form = SignConfirmForm(data={}, needs_passphrase=needs_passphrase)
        form.is_valid()
        form.errors.clear()
        form.add_signing_error(exc)
        registration.refresh_from_db()
        return _sign_screen(request, registration, form, status=400)
    except TransitionNotAllowed as exc:
        form = DecisionForm(data={})
        form.is_valid()
        form.add_error(None, str(exc))
        registration.refresh_from_db()
        return _render_review(request, registration, form=form, status=400)
    if decree is None:
        messages.info(
            request,
            _("SK untuk %(n)s pekerja sedang dibuat dan ditandatangani di latar belakang.")
            % {"n": format_number(registration.worker_count)},
        )
        return redirect("pkwt:office_review", pk=registration.pk)
    messages.success(
        request, _("SK Pencatatan PKWT nomor %(number)s telah ditandatangani.") % {"number": decree.number}
    )
    return redirect("pkwt:office_review", pk=registration.pk)


@login_required
def office_decree_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """*Pratinjau SK*: the SK as it will be issued, marked DRAFT, unnumbered and unsigned, inline. The head
    and the office's verifiers, while the registration is being reviewed or awaits the signature."""
    registration = _office_registration(request, pk)
    if registration.status not in (RegistrationStatus.SUBMITTED, RegistrationStatus.VERIFIED):
        raise Http404
    pdf = documents.pkwt_decree_preview(registration, request.user, request=request)
    filename = (
        "Pratinjau-SK-PKWT-" + "".join(ch if ch.isalnum() else "-" for ch in registration.number) + ".pdf"
    )
    return preview_response(pdf, filename=filename)


@login_required
@require_POST
def office_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """The head revokes the registration's decree, with a reason; it stays on record as revoked."""
    from disnaker.decrees.services import decree_revoke, decree_valid_for

    registration = _office_registration(request, pk)
    decree = decree_valid_for(registration)
    if decree is None:
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            decree_revoke(
                decree=decree, actor=request.user, reason=form.cleaned_data["note"], request=request
            )
        except ValidationError as exc:
            form.add_error("note", exc.messages[0])
        else:
            messages.success(request, _("SK nomor %(number)s dicabut.") % {"number": decree.number})
            return redirect("pkwt:office_review", pk=registration.pk)
    return _render_review(request, registration, form=form, status=400)


def _with_age(registrations) -> list:
    calendar = WorkCalendar()
    today = timezone.localdate()
    target = settings.PKWT_SERVICE_TARGET_WORKING_DAYS
    for registration in registrations:
        submitted = (
            timezone.localtime(registration.submitted_at).date() if registration.submitted_at else today
        )
        registration.age = calendar.working_days_after(submitted, today)
        registration.overdue = registration.status in OFFICE_PENDING_STATUSES and registration.age > target
    return registrations


@login_required
def office_dashboard(request: HttpRequest) -> HttpResponse:
    """The office dashboard: counts by status, a monthly chart, top companies, workload and overdue items;
    every list exports to Excel. The province sees its kab/kota offices' figures; the ministry every office's."""
    _require_monitor(request)
    figures = office_dashboard_figures(user=request.user)
    pending = selectors.pending_registrations(user=request.user, limit=200)
    overdue = [r for r in _with_age(pending) if r.overdue]
    exports = {
        "status": (["Status", "Jumlah"], [(label, n) for _v, label, n in figures["by_status"]]),
        "bulanan": (["Bulan", "Permohonan", "Pekerja"], [(m, r, w) for m, r, w in figures["monthly"]]),
        "perusahaan": (
            ["Perusahaan", "Permohonan (SK terbit)", "Pekerja"],
            [(c["company__name"], c["registrations"], c["workers"] or 0) for c in figures["top_companies"]],
        ),
        "beban": (
            ["Petugas", "Peran", "Keputusan (30 hari)"],
            [(w["actor__full_name"], w["actor__role"], w["decisions"]) for w in figures["workload"]],
        ),
        "terlambat": (
            ["No. Permohonan", "Perusahaan", "Diajukan", "Umur (hari kerja)", "Status"],
            [
                (
                    r.number,
                    r.company.name,
                    timezone.localtime(r.submitted_at).date(),
                    r.age,
                    r.get_status_display(),
                )
                for r in overdue
            ],
        ),
    }
    export = request.GET.get("ekspor")
    if export:
        if export not in exports:
            raise Http404
        headers, rows = exports[export]
        audit_record(action=AuditAction.EXPORTED, actor=request.user, request=request, data={"list": export})
        return xlsx_response(
            filename=f"pkwt-{export}-{timezone.localdate():%Y%m%d}.xlsx",
            title=export,
            headers=headers,
            rows=rows,
        )
    peak = max((w for _m, _r, w in figures["monthly"]), default=0) or 1
    chart = [
        {
            "month": m,
            "registrations": r,
            "workers": w,
            "height": h,
            "y": 170 - h,
            "label_y": 164 - h,
            "x": 10 + i * 46,
        }
        for i, (m, r, w) in enumerate(figures["monthly"])
        for h in (round(140 * w / peak),)
    ]
    return render(
        request,
        "pkwt/office_dashboard.html",
        {**figures, "chart": chart, "chart_width": 10 + 46 * len(chart), "overdue": overdue,
         "target": settings.PKWT_SERVICE_TARGET_WORKING_DAYS},
    )  # fmt: skip


@login_required
def office_signing_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The background signing's stage; htmx polls it and reloads the page when the signing has ended."""
    registration = _office_registration(request, pk)
    if registration.signing_state in (services.SigningState.QUEUED, services.SigningState.RUNNING):
        progress = services.signing_progress(registration)
        return render(
            request, "pkwt/_signing_status.html", {"registration": registration, "progress": progress}
        )
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response
