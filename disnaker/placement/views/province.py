"""The province's verification of PAK registrations: the queue, the review and the decision."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from disnaker.core.flows import bound_actions, needs_note
from disnaker.core.pages import querystring_without_page, render_queue
from disnaker.core.selectors import get_scoped_or_404, offices_under
from disnaker.core.workdays import WorkCalendar
from disnaker.core.workflow import status_history
from disnaker.decrees.services import decree_valid_for

from .. import channel, permissions, selectors
from ..constants import PROFILE_FLOW, ProfileStatus
from ..forms import PROFILE_QUEUE_CHOICES, NoteForm, QueueForm
from ..models import PakProfile
from ..selectors import province_verification_queue
from ._common import _decide_with_note, _deny, _trainings_template

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
    offices = offices_under(request.user.office_id)
    chosen = request.GET.get("kantor") or ""
    office = next((o for o in offices if o.pk == int(chosen)), None) if chosen.isdigit() else None
    rows = province_verification_queue(user=request.user, status=filters.get("status", ""), office=office,
                                       query=filters.get("q", ""))  # fmt: skip
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    # Working days, as the monitoring dashboard and the office queues count them (issue 13 §4).
    calendar, today = WorkCalendar(), timezone.localdate()
    for profile in page.object_list:
        profile.waiting_days = (
            calendar.working_days_after(timezone.localdate(profile.submitted_at), today)
            if profile.submitted_at
            else None
        )
    return render_queue(request, "placement/province_queue.html", "placement/_province_rows.html",
                        {"form": form, "page": page, "offices": offices, "office": office,
                         "querystring": querystring_without_page(request)},
                        status=400 if form.errors else 200)  # fmt: skip


def _province_profile(request: HttpRequest, pk: int) -> PakProfile:
    _require_province(request)
    return get_scoped_or_404(selectors.profile_for_province(user=request.user), request=request, pk=pk)


@login_required
def province_review(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    profile = _province_profile(request, pk)
    officer = profile.officer
    if channel.is_epak():
        # The verification happens at e-pengantarkerja: the PAK's page records what it shows.
        return redirect("placement:office_officer", officer.pk)
    actions = bound_actions(
        flow=PROFILE_FLOW, obj=profile, user=request.user, decide_url="placement:province_decide", args=[pk]
    )
    context = {
        "profile": profile,
        "officer": officer,
        "form": form or NoteForm(),
        "history": status_history(profile),
        "decree": decree_valid_for(officer.proposal, "pak_appointment"),
        "actions": actions,
        "show_note": needs_note(actions),
        "can_see_personal": True,
        "can_reveal_nik": permissions.can_reveal_pak_nik(request.user, officer),
        "trainings_template": _trainings_template(),
    }
    return render(request, "placement/province_review.html", context, status=400 if form else 200)


@login_required
@require_POST
def province_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The province verifies or rejects a PAK's registration (``PROFILE_FLOW``), then returns to its queue."""
    profile = _province_profile(request, pk)
    if channel.is_epak():
        raise Http404
    return _decide_with_note(
        request,
        flow=PROFILE_FLOW,
        obj=profile,
        action=action,
        success_url=reverse("placement:province_queue"),
        review=lambda form: province_review(request, pk, form=form),
    )
