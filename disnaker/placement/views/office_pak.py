"""The kab/kota office's PAK pages: the proposals' queue, review and decisions, the PAK list, one PAK, the
invitation and the report to the province."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from disnaker.accounts.constants import Role
from disnaker.core.flows import bound_actions, needs_note
from disnaker.core.pages import querystring_without_page, render_queue
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.workdays import WorkCalendar
from disnaker.core.workflow import status_history
from disnaker.decrees.services import decree_valid_for
from disnaker.decrees.sign_screen import SignScreen

from .. import channel, permissions, selectors, services
from ..constants import PROPOSAL_FLOW, AppointmentStatus, ProposalStatus
from ..forms import (
    PROPOSAL_QUEUE_CHOICES,
    EndAppointmentForm,
    EpakStatusForm,
    NoteForm,
    QueueForm,
    ReportForm,
)
from ..selectors import APPOINTED_STATUSES, officers_for
from ._common import (
    DECISION_ERRORS,
    _decide_with_note,
    _deny,
    _error,
    _messages_of,
    _proposal_context,
    _trainings_template,
)
from .signing import sign_step

# --- Office: proposals ---------------------------------------------------------------------------------------


def _require_regency_staff(request: HttpRequest) -> None:
    if not permissions.is_regency_staff(request.user):
        _deny(request)


PROPOSAL_DEFAULT_STATUS = {Role.VERIFIER: ProposalStatus.SUBMITTED, Role.HEAD: ProposalStatus.VERIFIED}


@login_required
def office_proposal_queue(request: HttpRequest) -> HttpResponse:
    _require_regency_staff(request)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = PROPOSAL_DEFAULT_STATUS.get(request.user.role, "")
    form = QueueForm(data, choices=PROPOSAL_QUEUE_CHOICES)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    rows = selectors.proposal_queue(user=request.user, status=filters.get("status"), query=filters.get("q"))
    page = Paginator(rows, 25).get_page(request.GET.get("halaman"))
    calendar = WorkCalendar()
    today = timezone.localdate()
    for proposal in page.object_list:
        proposal.age = calendar.working_days_after(timezone.localdate(proposal.submitted_at), today) \
            if proposal.submitted_at else None  # fmt: skip
    return render_queue(request, "placement/office_proposal_queue.html", "placement/_proposal_rows.html",
                        {"form": form, "page": page, "querystring": querystring_without_page(request)},
                        status=400 if form.errors else 200)  # fmt: skip


def _office_proposal(request: HttpRequest, pk: int):
    _require_regency_staff(request)
    return get_scoped_or_404(selectors.proposal_with_bkk(user=request.user), request=request, pk=pk)


@login_required
def office_proposal_review(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    proposal = _office_proposal(request, pk)
    user = request.user
    actions = bound_actions(
        flow=PROPOSAL_FLOW, obj=proposal, user=user, decide_url="placement:office_proposal_decide", args=[pk]
    )
    context = _proposal_context(proposal)
    context.update(
        form=form or NoteForm(),
        actions=actions,
        show_note=needs_note(actions),
        requirements=services.requirements_for(proposal.office),
        can_reveal_nik=permissions.is_regency_staff(user, proposal.office),
    )
    return render(request, "placement/office_proposal_review.html", context, status=400 if form else 200)


#: The head's signing step: its decide URL answers GET with the signing screen (issue 14).
SIGN_STEP = "tetapkan"


def _sign_screen(proposal) -> SignScreen:
    step = PROPOSAL_FLOW.step(SIGN_STEP)
    return SignScreen(
        heading=_("Tetapkan dan tandatangani SK Penetapan PAK"),
        subject=proposal.bkk.name,
        facts=[(_("BKK"), proposal.bkk.name), (_("Lembaga"), proposal.bkk.institution_name)],
        what_happens=str(step.confirm),
        preview_url=reverse("placement:office_proposal_decree_preview", args=[proposal.pk]),
        action_url=reverse("placement:office_proposal_decide", args=[proposal.pk, SIGN_STEP]),
        back_url=reverse("placement:office_proposal_review", args=[proposal.pk]),
        submit_label=str(step.label),
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_proposal_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One decision on a proposal (``PROPOSAL_FLOW``); a refusal comes back on the review page. The
    signature (``tetapkan``) has its screen: GET shows it, POST signs (BSrE: with the passphrase)."""
    if request.method != "POST" and action != SIGN_STEP:
        return HttpResponseNotAllowed(["POST"])
    proposal = _office_proposal(request, pk)
    if action == SIGN_STEP:

        def review_error(message: str, status: int) -> HttpResponse:
            form = NoteForm(data={})
            form.is_valid()
            form.add_error(None, message)
            return office_proposal_review(request, pk, form=form)

        return sign_step(request, flow=PROPOSAL_FLOW, step_name=SIGN_STEP, obj=proposal,
                         screen=_sign_screen(proposal), decide=lambda: _decide(request, proposal, action),
                         review_error=review_error)  # fmt: skip
    return _decide(request, proposal, action)


def _decide(request: HttpRequest, proposal, action: str) -> HttpResponse:
    pk = proposal.pk
    return _decide_with_note(
        request,
        flow=PROPOSAL_FLOW,
        obj=proposal,
        action=action,
        success_url=reverse("placement:office_proposal_review", args=[proposal.pk]),
        review=lambda form: office_proposal_review(request, pk, form=form),
    )


# --- Office: PAK list, one PAK, report to the province --------------------------------------------------------


@login_required
def office_officers(request: HttpRequest) -> HttpResponse:
    """Appointed PAK (and those whose appointment ended) of the office, with their registration status."""
    if not permissions.can_monitor(request.user):
        _deny(request)
    form = QueueForm(
        request.GET or None, choices=[c for c in AppointmentStatus.choices if c[0] in APPOINTED_STATUSES]
    )
    form.is_valid()
    filters = getattr(form, "cleaned_data", {}) or {}
    rows = selectors.officer_list(user=request.user, status=filters.get("status"), query=filters.get("q"))
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    return render_queue(request, "placement/office_officers.html", "placement/_officer_rows.html",
                        {"form": form, "page": page, "querystring": querystring_without_page(request)},
                        status=400 if form.errors else 200)  # fmt: skip


def _profile_history(profile) -> list:
    """The registration's history, its statuses named as the channel names them."""
    rows = status_history(profile) if profile else []
    for row in rows:
        row.to_status_label = channel.status_label(row.to_status)
    return rows


@login_required
def office_officer(request: HttpRequest, pk: int, form=None, epak_form=None) -> HttpResponse:
    if not permissions.can_monitor(request.user):
        _deny(request)
    officer = get_scoped_or_404(selectors.officer_for_page(user=request.user), request=request, pk=pk)
    profile = selectors.pak_profile_for(officer)
    epak = channel.is_epak()
    context = {
        "officer": officer,
        "profile": profile,
        "history": status_history(officer),
        "profile_history": _profile_history(profile),
        "decree": decree_valid_for(officer.proposal, "pak_appointment"),
        "end_form": form or EndAppointmentForm(initial={"ended_on": timezone.localdate()}),
        "can_end": permissions.is_regency_staff(request.user, officer.office) and officer.status == AppointmentStatus.APPOINTED,
        "can_resend": permissions.is_regency_staff(request.user, officer.office) and profile is not None
        and services.invitation_pending(profile),
        "epak": epak,
        "epak_form": epak_form or EpakStatusForm(initial={"status": profile.status if profile else ""}),
        "can_record_epak": epak and profile is not None and officer.status == AppointmentStatus.APPOINTED
        and permissions.can_record_epak_status(request.user, officer),
        "epak_checks": selectors.epak_checks_of(profile) if epak and profile else [],
        "epak_url": settings.E_PENGANTARKERJA_URL,
        "status_label": channel.status_label(profile.status) if profile else "",
        "can_see_personal": permissions.can_open_pak_personal_data(request.user, officer),
        "can_reveal_nik": permissions.can_reveal_pak_nik(request.user, officer),
        "trainings_template": _trainings_template(),
    }  # fmt: skip
    return render(request, "placement/office_officer.html", context, status=400 if form or epak_form else 200)


@login_required
@require_POST
def office_officer_end(request: HttpRequest, pk: int) -> HttpResponse:
    _require_regency_staff(request)
    officer = get_scoped_or_404(officers_for(user=request.user), request=request, pk=pk)
    form = EndAppointmentForm(request.POST)
    if form.is_valid():
        try:
            services.officer_end_appointment(officer=officer, actor=request.user, to_status=form.cleaned_data["status"],
                                             reason=form.cleaned_data["reason"], ended_on=form.cleaned_data["ended_on"],
                                             request=request)  # fmt: skip
        except DECISION_ERRORS as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Penetapan PAK %(name)s diakhiri.") % {"name": officer.name})
            return redirect("placement:office_officer", officer.pk)
    return office_officer(request, pk, form=form)


@login_required
@require_POST
def officer_resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_scoped_or_404(officers_for(user=request.user), request=request, pk=pk)
    profile = selectors.pak_profile_for(officer)
    if profile is None:
        raise Http404
    try:
        services.invitation_resend(profile=profile, actor=request.user, request=request)
        messages.success(
            request, _("Undangan registrasi dikirim ulang ke %(email)s.") % {"email": officer.email}
        )
    except DECISION_ERRORS as exc:
        _error(request, exc)
    if request.user.role == Role.BKK_OPERATOR:
        return redirect("placement:proposal_list")
    return redirect("placement:office_officer", officer.pk)


@login_required
def office_report(request: HttpRequest) -> HttpResponse:
    """Prepare and send the letter to the province: by default every PAK appointed since the last report."""
    _require_regency_staff(request)
    office = request.user.office
    officers = selectors.officers_to_report(office)
    default_ids = {
        o.pk for o in officers if o.status == AppointmentStatus.APPOINTED and o.last_report_id is None
    }
    form = ReportForm(request.POST or None)
    selected = default_ids
    if request.method == "POST":
        selected = {int(v) for v in request.POST.getlist("pak") if v.isdigit()}
        if not permissions.is_regency_head(request.user, office):
            form.add_error(
                None, _("Hanya Kepala Dinas yang dapat menandatangani dan mengirim surat laporan.")
            )
        elif form.is_valid():
            try:
                report = services.province_report_send(office=office, actor=request.user, officer_ids=selected,
                                                       note=form.cleaned_data["note"], request=request)  # fmt: skip
            except DECISION_ERRORS as exc:
                for message in _messages_of(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Surat laporan %(n)s PAK dikirim ke %(province)s.")
                                 % {"n": report.officer_count, "province": report.province_office.name})  # fmt: skip
                return redirect("placement:office_report")
    last = selectors.last_sent_report(office)
    context = {"officers": officers, "selected": selected, "form": form, "last_report": last,
               "can_send": permissions.is_regency_head(request.user, office)}  # fmt: skip
    return render(request, "placement/office_report.html", context, status=400 if form.errors else 200)
