"""The kab/kota office's BKK pages: the queue (read-only for province and ministry), the review and the
decisions."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from disnaker.accounts.constants import Role
from disnaker.accounts.selectors import email_has_account
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.workflow import TransitionNotAllowed, status_history

from .. import permissions, selectors, services
from ..constants import BkkStatus
from ..forms import DOCUMENTS, BkkDecisionForm, BkkQueueFilterForm
from ..models import Bkk
from ._common import DOCUMENT_LABELS, _registration_decree, _with_flags
from .files import can_view_bkk_documents


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
    scoped = selectors.bkks_for(user=request.user)
    limits = selectors.bkk_report_flags()
    rows = scoped.select_related("office")
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("tanda") == "belum-melapor":
        rows = selectors.bkks_without_recent_report(rows, before=limits["overdue"])
    elif filters.get("tanda") == "usul-nonaktif":
        rows = rows.filter(status=BkkStatus.REGISTERED, inactivation_proposed_at__isnull=False)
    query = (filters.get("q") or "").strip()
    if query:
        rows = rows.filter(
            Q(name__icontains=query)
            | Q(institution_name__icontains=query)
            | Q(institution_code__iexact=query.replace(" ", ""))
            | Q(tracking_code__iexact=query)
        )
    rows = rows.order_by("submitted_at", "pk") if filters.get("status") in (
        BkkStatus.SUBMITTED, BkkStatus.VERIFIED
    ) else rows.order_by("name", "pk")  # fmt: skip
    page = Paginator(rows, 25).get_page(request.GET.get("halaman"))
    _with_flags(page.object_list, limits)
    counts = {
        "submitted": scoped.filter(status=BkkStatus.SUBMITTED).count(),
        "verified": scoped.filter(status=BkkStatus.VERIFIED).count(),
        "overdue": selectors.bkks_without_recent_report(scoped, before=limits["overdue"]).count(),
        "proposed": scoped.filter(
            status=BkkStatus.REGISTERED, inactivation_proposed_at__isnull=False
        ).count(),
    }
    return render(
        request,
        "placement/office_bkk_queue.html",
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
    return get_scoped_or_404(
        selectors.bkks_for(user=request.user).select_related("office", "region", "operator"),
        request=request,
        pk=pk,
    )


@dataclass(frozen=True)
class Action:
    slug: str
    label: str
    css: str


# slug → (label, button class, service call, success message)
_ACTIONS = {
    "verifikasi": (
        gettext_lazy("Verifikasi dan teruskan ke Kepala Dinas"),
        "btn-success",
        lambda bkk, user, note, request: services.bkk_verify(bkk=bkk, actor=user, note=note, request=request),
        gettext_lazy("Pendaftaran BKK diverifikasi dan diteruskan kepada Kepala Dinas."),
    ),
    "perbaikan": (
        gettext_lazy("Perlu perbaikan"),
        "btn-outline-primary",
        lambda bkk, user, note, request: services.bkk_request_revision(
            bkk=bkk, actor=user, note=note, request=request
        ),
        gettext_lazy("Pendaftaran dikembalikan kepada pemohon untuk diperbaiki."),
    ),
    "tolak": (
        gettext_lazy("Tolak"),
        "btn-outline-danger",
        lambda bkk, user, note, request: services.bkk_reject(
            bkk=bkk, actor=user, reason=note, request=request
        ),
        gettext_lazy("Pendaftaran BKK ditolak."),
    ),
    "setujui": (
        gettext_lazy("Setujui dan Tandatangani Tanda Daftar"),
        "btn-success",
        lambda bkk, user, note, request: services.bkk_register(bkk=bkk, actor=user, request=request),
        gettext_lazy("Tanda daftar BKK ditandatangani; akun operator dikirim ke e-mail BKK."),
    ),
    "kembalikan": (
        gettext_lazy("Kembalikan ke verifikator"),
        "btn-outline-secondary",
        lambda bkk, user, note, request: services.bkk_return_to_verifier(
            bkk=bkk, actor=user, note=note, request=request
        ),
        gettext_lazy("Pendaftaran dikembalikan kepada verifikator."),
    ),
    "nonaktifkan": (
        gettext_lazy("Nonaktifkan"),
        "btn-warning",
        lambda bkk, user, note, request: services.bkk_deactivate(
            bkk=bkk, actor=user, reason=note, request=request
        ),
        gettext_lazy("BKK dinonaktifkan."),
    ),
    "aktifkan": (
        gettext_lazy("Aktifkan kembali"),
        "btn-success",
        lambda bkk, user, note, request: services.bkk_reactivate(
            bkk=bkk, actor=user, note=note, request=request
        ),
        gettext_lazy("BKK aktif kembali."),
    ),
    "cabut": (
        gettext_lazy("Cabut tanda daftar"),
        "btn-outline-danger",
        lambda bkk, user, note, request: services.bkk_revoke(
            bkk=bkk, actor=user, reason=note, request=request
        ),
        gettext_lazy("Tanda daftar BKK dicabut."),
    ),
    "tutup": (
        gettext_lazy("Tutup BKK"),
        "btn-outline-secondary",
        lambda bkk, user, note, request: services.bkk_close(
            bkk=bkk, actor=user, reason=note, request=request
        ),
        gettext_lazy("BKK ditutup."),
    ),
}


def bkk_actions(user, bkk: Bkk) -> list[Action]:
    """The decisions ``user`` may take on ``bkk`` now, in button order."""
    if not permissions.is_regency_staff(user, bkk.office):
        return []
    head = user.role == Role.HEAD
    slugs: list[str] = []
    if bkk.status == BkkStatus.SUBMITTED and not head:
        slugs = ["verifikasi", "perbaikan", "tolak"]
    elif bkk.status == BkkStatus.VERIFIED and head:
        slugs = ["setujui", "kembalikan"]
    elif bkk.status == BkkStatus.REGISTERED:
        slugs = ["nonaktifkan", "tutup"]
    elif bkk.status == BkkStatus.INACTIVE:
        slugs = ["aktifkan", *(["cabut"] if head else []), "tutup"]
    actions = []
    for slug in slugs:
        label, css, _call, _done = _ACTIONS[slug]
        if slug == "nonaktifkan" and bkk.inactivation_proposed_at:
            label = _("Konfirmasi usulan nonaktif")
        actions.append(Action(slug, str(label), css))
    return actions


def _render_review(request: HttpRequest, bkk: Bkk, *, form=None, error: str = "", status: int = 200):
    limits = selectors.bkk_report_flags()
    _with_flags([bkk], limits)
    actions = bkk_actions(request.user, bkk)
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
            "form": form,
            "error": error,
            "documents": [(n, DOCUMENT_LABELS[n]) for n in DOCUMENTS],
            "can_view_documents": can_view_bkk_documents(request.user, bkk),
            "decree": _registration_decree(bkk),
            "officers": selectors.officers_for(user=request.user)
            .filter(bkk=bkk, status__in=["appointed", "inactive", "revoked"])
            .select_related("profile"),
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


@login_required
@require_POST
def office_bkk_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One decision on a BKK; refusals (wrong role, wrong status, missing reason) come back as a message."""
    bkk = _office_bkk(request, pk)
    if action not in _ACTIONS:
        raise Http404
    _label, _css, call, done = _ACTIONS[action]
    form = BkkDecisionForm(request.POST)
    if not form.is_valid():
        return _render_review(request, bkk, form=form, status=400)
    try:
        call(bkk, request.user, form.cleaned_data["note"], request)
    except PermissionDenied as exc:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, obj=bkk, request=request,
            data={"path": request.path},
        )  # fmt: skip
        message = str(exc) or _("Anda tidak berwenang mengambil keputusan ini.")
        bkk.refresh_from_db()
        return _render_review(request, bkk, form=form, error=message, status=403)
    except ValidationError as exc:
        if getattr(exc, "code", "") == "note_required":
            form.add_error("note", exc.messages[0])
            error = ""
        else:
            error = " ".join(exc.messages)
        bkk.refresh_from_db()
        return _render_review(request, bkk, form=form, error=error, status=400)
    except TransitionNotAllowed as exc:
        bkk.refresh_from_db()
        return _render_review(request, bkk, form=form, error=str(exc), status=400)
    messages.success(request, str(done))
    return redirect("placement:office_bkk_review", pk=bkk.pk)
