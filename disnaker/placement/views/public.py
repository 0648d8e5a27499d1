"""Public BKK pages (no login): the application, its confirmation, tracking by code, and the revision link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from disnaker.core import ratelimit, throttle
from disnaker.core.pages import public_track
from disnaker.core.workflow import TransitionNotAllowed

from .. import selectors, services
from ..constants import BkkStatus
from ..forms import DOCUMENTS, BkkApplicationForm, BkkRevisionForm, BkkTrackForm, discard_kept
from ._common import DOCUMENT_LABELS

#: Failed applications per client address and hour whose accepted PDFs are kept for the next attempt.
KEEP_LIMIT_PER_HOUR = 20


APPLY_TEMPLATE = "placement/bkk_apply.html"


TRACK_TEMPLATE = "placement/bkk_track.html"


SESSION_CODE = "bkk_tracking_code"


SESSION_KIND = "bkk_sent_kind"


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
    """ "Lacak Pendaftaran BKK": status and history for whoever knows both the code and the e-mail; a BKK
    waiting for its correction may have the correction link sent again."""

    def resend_link(bkk) -> None:
        if "kirim_tautan" not in request.POST or bkk.status != BkkStatus.NEEDS_REVISION:
            return
        if not throttle.recipient_allowed(bkk.email):
            throttle.record_rate_limited(request, scope="bkk-revision-link-recipient")
            messages.warning(
                request,
                throttle.wait_message(
                    throttle.retry_after(),
                    what=_("Terlalu banyak e-mail dikirim ke alamat ini dalam satu jam terakhir."),
                ),
            )
        elif services.bkk_resend_revision_link(bkk=bkk):
            messages.success(request, _("Tautan perbaikan dikirim ulang ke e-mail operator."))
        else:
            messages.info(
                request, _("Tautan perbaikan baru saja dikirim; periksa kotak masuk dan folder spam.")
            )

    return public_track(
        request,
        form_class=BkkTrackForm,
        scope="bkk-track",
        template=TRACK_TEMPLATE,
        find=lambda code, email: selectors.bkk_by_tracking(code=code, email=email),
        not_found=_("Pendaftaran tidak ditemukan. Periksa kode lacak dan e-mail yang Anda pakai."),
        name="bkk",
        on_found=resend_link,
    )


def bkk_revise(request: HttpRequest, token: str) -> HttpResponse:
    """The corrected application, through the link e-mailed with the office's note."""
    bkk = selectors.bkk_by_edit_token(token)
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
