"""The kab/kota office's BKK pages: the queue (read-only for province and ministry), the review and the
decisions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from disnaker.accounts.constants import Role
from disnaker.accounts.selectors import email_has_account
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.flows import bound_actions, needs_note
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.pages import render_queue
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.views import flow_decide, review_again
from disnaker.core.workflow import status_history
from disnaker.decrees.sign_screen import SignScreen

from .. import permissions, selectors
from ..constants import BKK_FLOW, BkkStatus
from ..forms import DOCUMENTS, BkkDecisionForm, BkkQueueFilterForm
from ..models import Bkk
from ._common import DOCUMENT_LABELS, _with_flags
from .files import can_view_bkk_documents
from .signing import sign_step


# --- Office: queue, review, decisions, documents --------------------------------------------------------
def _require_monitor(request: HttpRequest) -> None:
    if not permissions.can_monitor(request.user):
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise PermissionDenied


QUEUE_DEFAULT_STATUS = {Role.VERIFIER: BkkStatus.SUBMITTED, Role.HEAD: BkkStatus.VERIFIED}


@login_required
def office_bkk_queue(request: HttpRequest) -> HttpResponse:
    """The office's BKK list: applications waiting (the verifier's or the head's by default) and the
    registered BKKs with their monitoring flags. Province and ministry see theirs read-only."""
    _require_monitor(request)
    data = request.GET.copy()
    if "status" not in data and "tanda" not in data:
        data["status"] = QUEUE_DEFAULT_STATUS.get(request.user.role, "")
    form = BkkQueueFilterForm(data)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    limits = selectors.bkk_report_flags()
    rows = selectors.bkk_queue(user=request.user, status=filters.get("status"), flag=filters.get("tanda"),
                               query=filters.get("q"), overdue_before=limits["overdue"])  # fmt: skip
    page = Paginator(rows, 25).get_page(request.GET.get("halaman"))
    _with_flags(page.object_list, limits)
    counts = selectors.bkk_queue_counts(user=request.user, overdue_before=limits["overdue"])
    return render_queue(
        request,
        "placement/office_bkk_queue.html",
        "placement/_bkk_rows.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "querystring": _querystring(request),
            "overdue_months": settings.BKK_REPORT_OVERDUE_MONTHS,
            "show_office": not permissions.is_regency_staff(request.user),
        },
        status=400 if form.errors else 200,
    )


def _office_bkk(request: HttpRequest, pk: int) -> Bkk:
    _require_monitor(request)
    return get_scoped_or_404(selectors.bkk_for_review(user=request.user), request=request, pk=pk)


def _render_review(request: HttpRequest, bkk: Bkk, *, form=None, error: str = "", status: int = 200):
    limits = selectors.bkk_report_flags()
    _with_flags([bkk], limits)
    actions = bound_actions(
        flow=BKK_FLOW, obj=bkk, user=request.user, decide_url="placement:office_bkk_decide", args=[bkk.pk]
    )
    if form is None:
        initial = {}
        if bkk.status == BkkStatus.REGISTERED and bkk.inactivation_proposed_at:
            initial["note"] = _(
                "Tidak ada laporan penempatan selama %(n)s bulan; usulan nonaktif dikonfirmasi."
            ) % {"n": settings.BKK_INACTIVATION_MONTHS}
        form = BkkDecisionForm(initial=initial)
    return render(
        request,
        "placement/office_bkk_review.html",
        {
            "bkk": bkk,
            "history": status_history(bkk),
            "actions": actions,
            "show_note": needs_note(actions),
            "form": form,
            "error": error,
            "documents": [(n, DOCUMENT_LABELS[n]) for n in DOCUMENTS],
            "can_view_documents": can_view_bkk_documents(request.user, bkk),
            "decree": selectors.bkk_latest_decree(bkk),
            "officers": selectors.appointed_officers(user=request.user, bkk=bkk),
            # Issue 13 §3: who loses their appointment if the office revokes or closes the BKK, shown before.
            "ending_officers": list(selectors.bkk_officers_ending(bkk))
            if actions and bkk.status in (BkkStatus.REGISTERED, BkkStatus.INACTIVE)
            else [],
            "overdue_months": settings.BKK_REPORT_OVERDUE_MONTHS,
            # The e-mail becomes the operator's login: warn before the head's signature fails on it.
            "email_taken": bool(actions)
            and bkk.status in (BkkStatus.SUBMITTED, BkkStatus.VERIFIED)
            and email_has_account(bkk.email),
        },
        status=status,
    )


@login_required
def office_bkk_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_review(request, _office_bkk(request, pk))


#: The head's signing step: its decide URL answers GET with the signing screen (issue 14).
SIGN_STEP = "setujui"


def _sign_screen(bkk: Bkk) -> SignScreen:
    step = BKK_FLOW.step(SIGN_STEP)
    return SignScreen(
        heading=_("Setujui dan tandatangani Tanda Daftar BKK"),
        subject=bkk.name,
        facts=[
            (_("Nama BKK"), bkk.name),
            (_("Lembaga"), bkk.institution_name),
            (_("E-mail operator"), bkk.email),
        ],
        what_happens=str(step.confirm),
        preview_url=reverse("placement:office_bkk_decree_preview", args=[bkk.pk]),
        action_url=reverse("placement:office_bkk_decide", args=[bkk.pk, SIGN_STEP]),
        back_url=reverse("placement:office_bkk_review", args=[bkk.pk]),
        submit_label=str(step.label),
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_bkk_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One decision on a BKK (``BKK_FLOW``); refusals (wrong role, wrong status, missing reason) come back on
    the review page, next to the note or above the buttons. The signature (``setujui``) has its screen:
    GET shows it, POST signs (with the BSrE passphrase for an office signing through BSrE)."""
    if request.method != "POST" and action != SIGN_STEP:
        return HttpResponseNotAllowed(["POST"])
    bkk = _office_bkk(request, pk)
    if action == SIGN_STEP:

        def review_error(message: str, status: int) -> HttpResponse:
            bkk.refresh_from_db()
            return _render_review(request, bkk, error=message, status=status)

        return sign_step(request, flow=BKK_FLOW, step_name=SIGN_STEP, obj=bkk, screen=_sign_screen(bkk),
                         decide=lambda: _decide(request, bkk, action), review_error=review_error)  # fmt: skip
    return _decide(request, bkk, action)


def _decide(request: HttpRequest, bkk: Bkk, action: str) -> HttpResponse:
    return flow_decide(
        request,
        flow=BKK_FLOW,
        obj=bkk,
        step_name=action,
        success_url=reverse("placement:office_bkk_review", args=[bkk.pk]),
        render_error=review_again(request, bkk, _render_review),
        form_class=BkkDecisionForm,
        denied_on_page=True,
    )
