"""BKK pages: the public application, tracking and revision; the office's queue, review and decisions;
the operator's own BKK page; and the PDF of the placement decrees (tanda daftar, SK Penetapan PAK, letter to
the province)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from disnaker.accounts.constants import Role
from disnaker.accounts.selectors import email_has_account
from disnaker.core import ratelimit, throttle
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import mime_for_name
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree

from . import permissions, selectors, services
from .constants import BkkStatus
from .forms_bkk import (
    DOCUMENTS,
    BkkApplicationForm,
    BkkDecisionForm,
    BkkQueueFilterForm,
    BkkRevisionForm,
    BkkTrackForm,
    discard_kept,
)
from .models import Bkk, PakProposal, PlacementOfficer, ProvinceReport

#: Failed applications per client address and hour whose accepted PDFs are kept for the next attempt.
KEEP_LIMIT_PER_HOUR = 20
APPLY_TEMPLATE = "placement/bkk_apply.html"
TRACK_TEMPLATE = "placement/bkk_track.html"
SESSION_CODE = "bkk_tracking_code"
SESSION_KIND = "bkk_sent_kind"
DOCUMENT_LABELS = {name: Bkk._meta.get_field(name).verbose_name for name in DOCUMENTS}


# --- Public: application, confirmation, tracking, revision ----------------------------------------------
def bkk_apply(request: HttpRequest) -> HttpResponse:
    """ "Daftarkan BKK": the institution's application, no account needed."""
    if request.method == "POST":
        # Counted before the uploads are read, like the account request.
        if not throttle.public_form_allowed(request, scope="bkk-apply"):
            form = BkkApplicationForm(initial=throttle.form_initial(request), captcha_request=request)
            return throttle.rate_limited_response(request, APPLY_TEMPLATE, {"form": form}, scope="bkk-apply")
        form = BkkApplicationForm(request.POST, request.FILES, captcha_request=request)
        if form.is_valid() and not throttle.recipient_allowed(form.cleaned_data["email"]):
            return throttle.rate_limited_response(
                request,
                APPLY_TEMPLATE,
                {"form": form},
                scope="bkk-apply-recipient",
                message=_(
                    "Terlalu banyak e-mail dikirim ke alamat e-mail operator ini dalam satu jam terakhir."
                ),
            )
        if form.is_valid():
            try:
                bkk = services.bkk_apply(data=form.cleaned_data, request=request)
            except ValidationError as exc:
                form.add_error("region" if getattr(exc, "code", "") == "no_office" else None, exc.messages[0])
            else:
                discard_kept(form.kept_paths)
                request.session[SESSION_CODE] = bkk.tracking_code
                request.session[SESSION_KIND] = "daftar"
                return redirect("placement:bkk_apply_sent")
        # Keep the PDFs that passed for the next attempt, unless a robot is filling the storage.
        if "captcha" not in form.errors and ratelimit.allow(
            request, scope="bkk-apply-keep", limit=KEEP_LIMIT_PER_HOUR, window=3600
        ):
            form.keep_valid_documents()
        return render(request, APPLY_TEMPLATE, {"form": form}, status=400)
    return render(request, APPLY_TEMPLATE, {"form": BkkApplicationForm(captcha_request=request)})


def bkk_apply_sent(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_CODE)
    if not code:
        return redirect("placement:bkk_apply")
    return render(
        request,
        "placement/bkk_apply_sent.html",
        {"tracking_code": code, "revised": request.session.get(SESSION_KIND) == "perbaikan"},
    )


def bkk_track(request: HttpRequest) -> HttpResponse:
    """ "Lacak Pendaftaran BKK": status and history for whoever knows both the code and the e-mail."""
    bkk = history = None
    if request.method == "POST":
        if not throttle.public_form_allowed(request, scope="bkk-track"):
            form = BkkTrackForm(initial=throttle.form_initial(request), captcha_request=request)
            return throttle.rate_limited_response(request, TRACK_TEMPLATE, {"form": form}, scope="bkk-track")
        form = BkkTrackForm(request.POST, captcha_request=request)
        if form.is_valid():
            bkk = (
                Bkk.objects.filter(
                    tracking_code__iexact=form.cleaned_data["tracking_code"].strip(),
                    email__iexact=form.cleaned_data["email"].strip(),
                )
                .exclude(status=BkkStatus.DRAFT)
                .select_related("office")
                .first()
            )
            if bkk is None:
                form.add_error(
                    None, _("Pendaftaran tidak ditemukan. Periksa kode lacak dan e-mail yang Anda pakai.")
                )
            else:
                history = status_history(bkk)
                form = BkkTrackForm(captcha_request=request)
                if "kirim_tautan" in request.POST and bkk.status == BkkStatus.NEEDS_REVISION:
                    if not throttle.recipient_allowed(bkk.email):
                        throttle.record_rate_limited(request, scope="bkk-revision-link-recipient")
                        messages.warning(
                            request,
                            throttle.wait_message(
                                throttle.retry_after(),
                                what=_(
                                    "Terlalu banyak e-mail dikirim ke alamat ini dalam satu jam terakhir."
                                ),
                            ),
                        )
                    elif services.bkk_resend_revision_link(bkk=bkk):
                        messages.success(request, _("Tautan perbaikan dikirim ulang ke e-mail operator."))
                    else:
                        messages.info(
                            request,
                            _("Tautan perbaikan baru saja dikirim; periksa kotak masuk dan folder spam."),
                        )
    else:
        form = BkkTrackForm(
            initial={"tracking_code": request.GET.get("kode", "")[:20]}, captcha_request=request
        )
    return render(request, TRACK_TEMPLATE, {"form": form, "bkk": bkk, "history": history})


def bkk_revise(request: HttpRequest, token: str) -> HttpResponse:
    """The corrected application, through the link e-mailed with the office's note."""
    bkk = Bkk.objects.filter(edit_token=token).select_related("office", "region").first() if token else None
    if bkk is None or bkk.status != BkkStatus.NEEDS_REVISION:
        raise Http404
    if request.method == "POST":
        form = BkkRevisionForm(request.POST, request.FILES, bkk=bkk)
        if form.is_valid():
            try:
                services.bkk_resubmit(bkk=bkk, data=form.service_data(), request=request)
            except TransitionNotAllowed:
                raise Http404 from None
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                request.session[SESSION_CODE] = bkk.tracking_code
                request.session[SESSION_KIND] = "perbaikan"
                return redirect("placement:bkk_apply_sent")
        status = 400
    else:
        form, status = BkkRevisionForm(bkk=bkk), 200
    return render(
        request,
        "placement/bkk_revise.html",
        {"form": form, "bkk": bkk, "documents": [(n, DOCUMENT_LABELS[n]) for n in DOCUMENTS]},
        status=status,
    )


# --- Office: queue, review, decisions, documents --------------------------------------------------------
def _require_monitor(request: HttpRequest) -> None:
    if not permissions.can_monitor(request.user):
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise PermissionDenied


QUEUE_DEFAULT_STATUS = {Role.VERIFIER: BkkStatus.SUBMITTED, Role.HEAD: BkkStatus.VERIFIED}


def _with_flags(bkks, limits) -> None:
    """Mark each BKK ``overdue`` (no placement report since the first threshold) for the list."""
    for bkk in bkks:
        since = bkk.last_report_at or bkk.registered_at
        bkk.overdue = bool(bkk.status == BkkStatus.REGISTERED and since and since < limits["overdue"])


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


def can_view_bkk_documents(user, bkk: Bkk) -> bool:
    """The three registration documents: the BKK's office, the province admin above it, its operator."""
    return bool(
        permissions.is_regency_staff(user, bkk.office)
        or permissions.is_province_admin(user, bkk.office)
        or (user.is_authenticated and bkk.operator_id and bkk.operator_id == user.pk)
    )


def _registration_decree(bkk: Bkk) -> Decree | None:
    """The BKK's latest tanda daftar (valid or revoked)."""
    return (
        Decree.objects.filter(
            kind=DecreeKind.BKK_REGISTRATION,
            content_type=ContentType.objects.get_for_model(Bkk),
            object_id=bkk.pk,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


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


@login_required
def bkk_document(request: HttpRequest, pk: int, field: str) -> FileResponse:
    """One of the three registration PDFs, inline unless ``?unduh=1``; every opening is audited."""
    bkk = get_scoped_or_404(
        selectors.bkks_for(user=request.user).select_related("office"), request=request, pk=pk
    )
    if field not in DOCUMENTS or not can_view_bkk_documents(request.user, bkk) or not getattr(bkk, field):
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, obj=bkk, request=request,
            data={"document": field[:40]},
        )  # fmt: skip
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED,
        actor=request.user,
        obj=bkk,
        request=request,
        data={"document": field},
    )
    return _pdf_response(request, getattr(bkk, field), filename=f"{bkk.tracking_code}-{field}.pdf")


def _pdf_response(request: HttpRequest, file, *, filename: str) -> FileResponse:
    """A private PDF, shown in the browser unless ``?unduh=1`` (the headers of ``private_file_response``)."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=request.GET.get("unduh") == "1",
        filename=filename,
        content_type=mime_for_name(file.name),
    )
    response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The operator's own BKK -----------------------------------------------------------------------------
@login_required
def my_bkk(request: HttpRequest) -> HttpResponse:
    """ "BKK Saya": the operator's BKK, its status and history, and the tanda daftar."""
    bkk = getattr(request.user, "bkk", None) if request.user.role == Role.BKK_OPERATOR else None
    if bkk is None:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise Http404
    limits = selectors.bkk_report_flags()
    _with_flags([bkk], limits)
    return render(
        request,
        "placement/bkk_mine.html",
        {
            "bkk": bkk,
            "history": status_history(bkk),
            "decree": _registration_decree(bkk),
            "officers": selectors.officers_for(user=request.user)
            .filter(bkk=bkk, status__in=["appointed", "inactive", "revoked"])
            .select_related("profile"),
            "documents": [(n, DOCUMENT_LABELS[n]) for n in DOCUMENTS],
            "overdue_months": settings.BKK_REPORT_OVERDUE_MONTHS,
        },
    )


# --- The placement decrees' PDF --------------------------------------------------------------------------
DECREE_KINDS = (DecreeKind.BKK_REGISTRATION, DecreeKind.PAK_APPOINTMENT, DecreeKind.PROVINCE_REPORT)


def can_open_decree(user, decree: Decree) -> bool:
    """Who may open a placement decree's PDF.

    - every kind: staff (verifier, head) of the issuing kab/kota office;
    - tanda daftar BKK: the BKK's operator and the province admin above the office;
    - SK Penetapan PAK: the proposing BKK's operator, the province admin above the office, and each PAK
      named in it;
    - letter to the province: the admin of the province it was sent to.
    Anyone else (the ministry included: it sees counts, not documents) may not.
    """
    if not user.is_authenticated or decree.kind not in DECREE_KINDS:
        return False
    if permissions.is_regency_staff(user, decree.office):
        return True
    subject = decree.subject
    if subject is None:
        return False
    if decree.kind == DecreeKind.BKK_REGISTRATION and isinstance(subject, Bkk):
        return (
            subject.operator_id is not None and subject.operator_id == user.pk
        ) or permissions.is_province_admin(user, decree.office)
    if decree.kind == DecreeKind.PAK_APPOINTMENT and isinstance(subject, PakProposal):
        if permissions.is_province_admin(user, decree.office):
            return True
        if user.role == Role.BKK_OPERATOR:
            return Bkk.objects.filter(pk=subject.bkk_id, operator=user).exists()
        if user.role == Role.PLACEMENT_OFFICER:
            return PlacementOfficer.objects.filter(proposal=subject, profile__user=user).exists()
        return False
    if decree.kind == DecreeKind.PROVINCE_REPORT and isinstance(subject, ProvinceReport):
        return permissions.is_province_admin(user) and user.office_id == subject.province_office_id
    return False


@login_required
def decree_pdf(request: HttpRequest, decree_pk: int) -> FileResponse:
    """The PDF of a placement decree, inline (``?unduh=1`` to download); strangers get 404."""
    decree = Decree.objects.filter(pk=decree_pk, kind__in=DECREE_KINDS).select_related("office").first()
    if decree is None or not can_open_decree(request.user, decree):
        if decree is not None:
            audit_record(
                action=AuditAction.ACCESS_DENIED, actor=request.user, obj=decree, request=request,
                data={"path": request.path},
            )  # fmt: skip
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=decree, request=request,
        data={"document": "decree", "kind": decree.kind},
    )  # fmt: skip
    safe_number = "".join(ch if ch.isalnum() else "-" for ch in decree.number)
    prefix = {
        DecreeKind.BKK_REGISTRATION: "Tanda-Daftar-BKK",
        DecreeKind.PAK_APPOINTMENT: "SK-PAK",
        DecreeKind.PROVINCE_REPORT: "Laporan-PAK",
    }[decree.kind]
    return _pdf_response(request, decree.pdf, filename=f"{prefix}-{safe_number}.pdf")
