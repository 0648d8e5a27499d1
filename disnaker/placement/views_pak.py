"""PAK pages: proposals by the BKK operator, the office's decision and SK, the PAK list and the report to
the province, the invitation and the PAK's own profile, and the province's verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.accounts.constants import Role
from disnaker.core import throttle
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.pages import form_add_validation_error, personal_data_reveal
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import private_file_response
from disnaker.core.workdays import WorkCalendar
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.decrees.services import decree_valid_for

from . import permissions, services
from .constants import PROFILE_EDITABLE, PROPOSAL_EDITABLE, AppointmentStatus, ProfileStatus, ProposalStatus
from .forms_pak import (
    PROFILE_QUEUE_CHOICES,
    PROPOSAL_QUEUE_CHOICES,
    CandidateForm,
    EndAppointmentForm,
    InvitationPasswordForm,
    NoteForm,
    ProfileForm,
    QueueForm,
    ReportForm,
)
from .models import PakProfile, PlacementOfficer, RequirementEvidence
from .selectors import officers_for, profiles_for, proposals_for, province_verification_queue

DECISION_ERRORS = (ValidationError, TransitionNotAllowed, PermissionDenied)


def _trainings_template() -> str | None:
    """The training app's table of a PAK's trainings, when that app is installed."""
    try:
        get_template(TRAININGS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return TRAININGS_TEMPLATE


TRAININGS_TEMPLATE = "training/_pak_trainings.html"


def _deny(request: HttpRequest) -> None:
    audit_record(
        action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
    )
    raise Http404


def _messages_of(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("Anda tidak berwenang melakukan tindakan ini.")]


def _error(request, exc: Exception) -> None:
    for message in _messages_of(exc):
        messages.error(request, message)


# --- BKK operator: proposals ---------------------------------------------------------------------------------


def _require_operator(request: HttpRequest):
    bkk = getattr(request.user, "bkk", None) if request.user.role == Role.BKK_OPERATOR else None
    if bkk is None:
        _deny(request)
    return bkk


def _own_proposal(request: HttpRequest, pk: int):
    _require_operator(request)
    return get_scoped_or_404(
        proposals_for(user=request.user).select_related("bkk", "office"), request=request, pk=pk
    )


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """*Usulan PAK*: the operator's proposals and appointed PAK."""
    bkk = _require_operator(request)
    proposals = proposals_for(user=request.user).annotate(n=Count("candidates"))
    officers = (
        officers_for(user=request.user)
        .filter(
            status__in=[AppointmentStatus.APPOINTED, AppointmentStatus.INACTIVE, AppointmentStatus.REVOKED]
        )
        .select_related("profile")
    )
    return render(
        request, "placement/proposal_list.html", {"bkk": bkk, "proposals": proposals, "officers": officers}
    )


@login_required
@require_POST
def proposal_new(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    try:
        proposal = services.proposal_open(actor=request.user, request=request)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("placement:proposal_list")
    return redirect("placement:proposal_edit", proposal.pk)


@login_required
def proposal_edit(request: HttpRequest, pk: int, candidate: int | None = None) -> HttpResponse:
    """The draft (or the proposal sent back for revision): candidates, their documents, *Kirim Usulan*."""
    proposal = _own_proposal(request, pk)
    if proposal.status not in PROPOSAL_EDITABLE:
        return redirect("placement:proposal_detail", proposal.pk)
    officer = None
    if candidate is not None:
        officer = get_scoped_or_404(
            PlacementOfficer.objects.filter(proposal=proposal), request=request, pk=candidate
        )
    requirements = services.requirements_for(proposal.office)
    form = CandidateForm(requirements=requirements, officer=officer, initial=_candidate_initial(officer))
    if request.method == "POST":
        form = CandidateForm(request.POST, request.FILES, requirements=requirements, officer=officer)
        if form.is_valid():
            try:
                services.candidate_save(proposal=proposal, actor=request.user, data=form.cleaned_data,
                                        evidence=form.evidence(), officer=officer)  # fmt: skip
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Data calon PAK %(name)s disimpan.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("placement:proposal_edit", proposal.pk)
    candidates = proposal.candidates.prefetch_related("evidence")
    context = {
        "proposal": proposal,
        "form": form,
        "officer": officer,
        "candidates": candidates,
        "requirements": requirements,
        "problems": services.proposal_problems(proposal),
        "history": status_history(proposal),
    }
    return render(request, "placement/proposal_edit.html", context, status=400 if form.errors else 200)


def _candidate_initial(officer) -> dict:
    if officer is None:
        return {}
    return {name: getattr(officer, name) for name in ("name", "nik", "email", "phone", "position", "education_level",
                                                      "education_major")}  # fmt: skip


@login_required
@require_POST
def candidate_remove(request: HttpRequest, pk: int, candidate: int) -> HttpResponse:
    proposal = _own_proposal(request, pk)
    officer = get_scoped_or_404(
        PlacementOfficer.objects.filter(proposal=proposal), request=request, pk=candidate
    )
    try:
        services.candidate_remove(officer=officer, actor=request.user)
        messages.success(request, _("Calon %(name)s dihapus dari usulan.") % {"name": officer.name})
    except DECISION_ERRORS as exc:
        _error(request, exc)
    return redirect("placement:proposal_edit", proposal.pk)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own_proposal(request, pk)
    try:
        services.proposal_submit(proposal=proposal, actor=request.user, request=request)
    except DECISION_ERRORS as exc:
        _error(request, exc)
        return redirect("placement:proposal_edit", proposal.pk)
    messages.success(request, _("Usulan PAK dikirim ke %(office)s.") % {"office": proposal.office.name})
    return redirect("placement:proposal_detail", proposal.pk)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal as sent: status, candidates (NIK masked), the SK once signed, the history."""
    proposal = _own_proposal(request, pk)
    return render(request, "placement/proposal_detail.html", _proposal_context(proposal))


def _proposal_context(proposal) -> dict:
    candidates = proposal.candidates.select_related("profile").prefetch_related("evidence")
    return {
        "proposal": proposal,
        "candidates": candidates,
        "decree": decree_valid_for(proposal, "pak_appointment")
        if proposal.status == ProposalStatus.APPOINTED
        else None,
        "history": status_history(proposal),
    }


# --- Documents of a candidate ---------------------------------------------------------------------------------


@login_required
def candidate_document(request: HttpRequest, officer_pk: int, kind: str) -> HttpResponse:
    """The proposal letter (``surat``) or an evidence file (``bukti-<id>``) of a candidate, or the PAK's
    photo (``foto``): for the people whose role needs them (permissions.can_open_pak_personal_data)."""
    officer = PlacementOfficer.objects.select_related("office").filter(pk=officer_pk).first()
    if officer is None or not permissions.can_open_pak_personal_data(request.user, officer):
        _deny(request)
    if kind == "surat":
        file, name = officer.proposal_letter, f"surat-usulan-{officer.pk}.pdf"
    elif kind == "foto":
        profile = PakProfile.objects.filter(officer=officer).first()
        if profile is None or not profile.photo:
            raise Http404
        file, name = profile.photo, f"foto-pak-{officer.pk}{profile.photo.name[-4:]}"
    elif kind.startswith("bukti-") and kind[6:].isdigit():
        evidence = RequirementEvidence.objects.filter(officer=officer, pk=int(kind[6:])).first()
        if evidence is None:
            raise Http404
        file, name = evidence.file, f"bukti-{evidence.pk}.pdf"
    else:
        raise Http404
    if not file:
        raise Http404
    audit_record(action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=officer, request=request,
                 data={"document": kind})  # fmt: skip
    return private_file_response(request, file, filename=name)


@login_required
@require_POST
def officer_reveal_nik(request: HttpRequest, officer_pk: int) -> HttpResponse:
    """*Lihat NIK*: one PAK's full NIK for those whose duty needs it (permissions.can_reveal_pak_nik); every
    reveal is audited, every refusal too."""
    officer = PlacementOfficer.objects.select_related("office").filter(pk=officer_pk).first()
    if officer is None or not permissions.can_reveal_pak_nik(request.user, officer):
        _deny(request)
    return personal_data_reveal(request, obj=officer, field="nik", value=officer.nik)


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
    rows = proposals_for(user=request.user).select_related("bkk").annotate(n=Count("candidates"))
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("q"):
        q = filters["q"]
        rows = rows.filter(Q(bkk__name__icontains=q) | Q(candidates__name__icontains=q)).distinct()
    page = Paginator(rows.order_by("submitted_at", "pk"), 25).get_page(request.GET.get("halaman"))
    calendar = WorkCalendar()
    today = timezone.localdate()
    for proposal in page.object_list:
        proposal.age = calendar.working_days_after(timezone.localdate(proposal.submitted_at), today) \
            if proposal.submitted_at else None  # fmt: skip
    return render(request, "placement/office_proposal_queue.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)  # fmt: skip


def _office_proposal(request: HttpRequest, pk: int):
    _require_regency_staff(request)
    return get_scoped_or_404(
        proposals_for(user=request.user).select_related("bkk", "office"), request=request, pk=pk
    )


@login_required
def office_proposal_review(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    proposal = _office_proposal(request, pk)
    user = request.user
    context = _proposal_context(proposal)
    context.update(
        form=form or NoteForm(),
        can_verify=permissions.is_regency_verifier(user, proposal.office)
        and proposal.status == ProposalStatus.SUBMITTED,
        can_sign=permissions.is_regency_head(user, proposal.office)
        and proposal.status == ProposalStatus.VERIFIED,
        requirements=services.requirements_for(proposal.office),
        can_reveal_nik=permissions.is_regency_staff(user, proposal.office),
    )
    return render(request, "placement/office_proposal_review.html", context, status=400 if form else 200)


PROPOSAL_ACTIONS = {
    "perbaikan": lambda p, u, note, r: services.proposal_request_revision(
        proposal=p, actor=u, note=note, request=r
    ),
    "tolak": lambda p, u, note, r: services.proposal_reject(proposal=p, actor=u, reason=note, request=r),
    "verifikasi": lambda p, u, note, r: services.proposal_verify(proposal=p, actor=u, note=note, request=r),
    "kembalikan": lambda p, u, note, r: services.proposal_return_to_verifier(
        proposal=p, actor=u, note=note, request=r
    ),
    "tetapkan": lambda p, u, note, r: services.proposal_appoint(proposal=p, actor=u, request=r),
}
PROPOSAL_DONE = {
    "perbaikan": _("Usulan dikembalikan kepada BKK untuk diperbaiki."),
    "tolak": _("Usulan ditolak."),
    "verifikasi": _("Usulan diverifikasi dan diteruskan kepada Kepala Dinas."),
    "kembalikan": _("Usulan dikembalikan kepada verifikator."),
    "tetapkan": _("SK Penetapan PAK ditandatangani; undangan registrasi dikirim kepada setiap PAK."),
}


@login_required
@require_POST
def office_proposal_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in PROPOSAL_ACTIONS:
        raise Http404
    proposal = _office_proposal(request, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        PROPOSAL_ACTIONS[action](proposal, request.user, form.cleaned_data.get("note", ""), request)
    except DECISION_ERRORS as exc:
        for message in _messages_of(exc):
            form.add_error("note" if isinstance(exc, ValidationError) else None, message)
        return office_proposal_review(request, pk, form=form)
    messages.success(request, PROPOSAL_DONE[action])
    return redirect("placement:office_proposal_review", proposal.pk)


# --- Office: PAK list, one PAK, report to the province --------------------------------------------------------


@login_required
def office_officers(request: HttpRequest) -> HttpResponse:
    """Appointed PAK (and those whose appointment ended) of the office, with their registration status."""
    if not permissions.can_monitor(request.user):
        _deny(request)
    form = QueueForm(request.GET or None, choices=[c for c in AppointmentStatus.choices if c[0] in
                     (AppointmentStatus.APPOINTED, AppointmentStatus.INACTIVE, AppointmentStatus.REVOKED)])  # fmt: skip
    form.is_valid()
    filters = getattr(form, "cleaned_data", {}) or {}
    rows = (
        officers_for(user=request.user)
        .filter(
            status__in=[AppointmentStatus.APPOINTED, AppointmentStatus.INACTIVE, AppointmentStatus.REVOKED]
        )
        .select_related("bkk", "profile", "office")
    )
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("q"):
        rows = rows.filter(Q(name__icontains=filters["q"]) | Q(bkk__name__icontains=filters["q"]))
    page = Paginator(rows.order_by("bkk__name", "name"), 50).get_page(request.GET.get("halaman"))
    return render(request, "placement/office_officers.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def office_officer(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    if not permissions.can_monitor(request.user):
        _deny(request)
    officer = get_scoped_or_404(officers_for(user=request.user).select_related("bkk", "office", "proposal"),
                                request=request, pk=pk)  # fmt: skip
    profile = PakProfile.objects.filter(officer=officer).first()
    context = {
        "officer": officer,
        "profile": profile,
        "history": status_history(officer),
        "profile_history": status_history(profile) if profile else [],
        "decree": decree_valid_for(officer.proposal, "pak_appointment"),
        "end_form": form or EndAppointmentForm(initial={"ended_on": timezone.localdate()}),
        "can_end": permissions.is_regency_staff(request.user, officer.office) and officer.status == AppointmentStatus.APPOINTED,
        "can_resend": permissions.is_regency_staff(request.user, officer.office) and profile is not None
        and profile.status == ProfileStatus.NOT_REGISTERED,
        "can_see_personal": permissions.can_open_pak_personal_data(request.user, officer),
        "can_reveal_nik": permissions.can_reveal_pak_nik(request.user, officer),
        "trainings_template": _trainings_template(),
    }  # fmt: skip
    return render(request, "placement/office_officer.html", context, status=400 if form else 200)


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
    profile = PakProfile.objects.filter(officer=officer).first()
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
    officers = list(
        PlacementOfficer.objects.filter(office=office, status__in=[
            AppointmentStatus.APPOINTED, AppointmentStatus.INACTIVE, AppointmentStatus.REVOKED])
        .select_related("bkk", "profile").order_by("last_reported_at", "bkk__name", "name")
    )  # fmt: skip
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
    last = office.province_reports.filter(sent_at__isnull=False).order_by("-sent_at").first()
    context = {"officers": officers, "selected": selected, "form": form, "last_report": last,
               "can_send": permissions.is_regency_head(request.user, office)}  # fmt: skip
    return render(request, "placement/office_report.html", context, status=400 if form.errors else 200)


# --- Invitation and the PAK's profile ---------------------------------------------------------------------------


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: set a password, then the profile."""
    user = services.invitation_user(token)
    if user is None:
        return render(request, "placement/invitation_invalid.html", status=404)
    if request.method == "POST" and not throttle.public_form_allowed(request, scope="pak-invitation"):
        context = {
            "form": InvitationPasswordForm(user=user),
            "invited": user,
            "officer": user.pak_profile.officer,
        }
        return throttle.rate_limited_response(
            request, "placement/invitation.html", context, scope="pak-invitation"
        )
    form = InvitationPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["password1"], request=request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Kata sandi dibuat. Lengkapi profil Anda lalu kirim untuk verifikasi."))
        return redirect("placement:my_profile")
    return render(request, "placement/invitation.html", {"form": form, "invited": user,
                  "officer": user.pak_profile.officer}, status=400 if form.errors else 200)  # fmt: skip


def invitation_malformed(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link without the shape of a signed token: never looked up."""
    return render(request, "placement/invitation_invalid.html", status=404)


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PLACEMENT_OFFICER:
        _deny(request)
    profile = (
        PakProfile.objects.select_related("officer__bkk", "officer__office").filter(user=request.user).first()
    )
    if profile is None:
        _deny(request)
    officer = profile.officer
    editable = profile.status in PROFILE_EDITABLE
    initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    initial.update({name: getattr(officer, name) for name in services.PROFILE_OFFICER_FIELDS})
    form = ProfileForm(initial=initial)
    if request.method == "POST" and editable:
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                profile = services.profile_save(profile=profile, actor=request.user, data=form.cleaned_data,
                                                request=request)  # fmt: skip
                if "kirim" in request.POST:
                    profile = services.profile_submit(profile=profile, actor=request.user, request=request)
                    messages.success(
                        request, _("Profil dikirim. Admin provinsi akan memverifikasi registrasi Anda.")
                    )
                else:
                    messages.success(request, _("Profil disimpan."))
                return redirect("placement:my_profile")
            except DECISION_ERRORS as exc:
                for message in _messages_of(exc):
                    form.add_error(None, message)
    context = {
        "profile": profile,
        "officer": officer,
        "form": form,
        "editable": editable,
        "missing": services.profile_missing(profile),
        "history": status_history(profile),
        "decree": decree_valid_for(officer.proposal, "pak_appointment"),
        "trainings_template": _trainings_template(),
        "can_see_personal": True,
        "can_reveal_nik": True,
    }
    return render(request, "placement/my_profile.html", context, status=400 if form.errors else 200)


# --- Province: verification of PAK registrations ------------------------------------------------------------------


def _require_province(request: HttpRequest) -> None:
    if not permissions.is_province_admin(request.user):
        _deny(request)


@login_required
def province_queue(request: HttpRequest) -> HttpResponse:
    """Registrations awaiting verification across the province's kab/kota offices, oldest first."""
    _require_province(request)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ProfileStatus.AWAITING_VERIFICATION
    form = QueueForm(data, choices=PROFILE_QUEUE_CHOICES)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    offices = request.user.office.children.order_by("name")
    office = (
        offices.filter(pk=request.GET.get("kantor")).first()
        if (request.GET.get("kantor") or "").isdigit()
        else None
    )
    rows = province_verification_queue(user=request.user, status=filters.get("status", ""), office=office,
                                       query=filters.get("q", ""))  # fmt: skip
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    now = timezone.now()
    for profile in page.object_list:
        profile.waiting_days = (now - profile.submitted_at).days if profile.submitted_at else None
    return render(request, "placement/province_queue.html",
                  {"form": form, "page": page, "offices": offices, "office": office},
                  status=400 if form.errors else 200)  # fmt: skip


def _province_profile(request: HttpRequest, pk: int) -> PakProfile:
    _require_province(request)
    return get_scoped_or_404(
        profiles_for(user=request.user).select_related("officer__bkk", "officer__office", "officer__proposal"),
        request=request, pk=pk,
    )  # fmt: skip


@login_required
def province_review(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    profile = _province_profile(request, pk)
    officer = profile.officer
    context = {
        "profile": profile,
        "officer": officer,
        "form": form or NoteForm(),
        "history": status_history(profile),
        "decree": decree_valid_for(officer.proposal, "pak_appointment"),
        "can_decide": profile.status == ProfileStatus.AWAITING_VERIFICATION,
        "can_see_personal": True,
        "can_reveal_nik": permissions.can_reveal_pak_nik(request.user, officer),
        "trainings_template": _trainings_template(),
    }
    return render(request, "placement/province_review.html", context, status=400 if form else 200)


@login_required
@require_POST
def province_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("verifikasi", "tolak"):
        raise Http404
    profile = _province_profile(request, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        if action == "verifikasi":
            services.profile_verify(profile=profile, actor=request.user, request=request)
        else:
            services.profile_reject(profile=profile, actor=request.user, reason=form.cleaned_data.get("note", ""),
                                    request=request)  # fmt: skip
    except DECISION_ERRORS as exc:
        for message in _messages_of(exc):
            form.add_error("note" if isinstance(exc, ValidationError) else None, message)
        return province_review(request, pk, form=form)
    messages.success(request, _("Registrasi %(name)s diverifikasi.") % {"name": profile.officer.name}
                     if action == "verifikasi" else _("Registrasi %(name)s ditolak; PAK diberi tahu alasannya.")
                     % {"name": profile.officer.name})  # fmt: skip
    return redirect("placement:province_queue")
