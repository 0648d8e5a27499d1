"""The public verification page of a decree: /verifikasi/<token>/ (no login); the head's batch-signing queue
(/kepala/antrean-tanda-tangan/, ``decrees.batch``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from disnaker.core import ratelimit
from disnaker.core.views import rate_limited_response

from . import batch
from .batch_forms import BatchSignForm
from .forms import CompareForm
from .kinds import kind_spec
from .selectors import decree_by_token
from .signing import SigningError
from .verification import NOT_CERTIFIED_NOTICE, check_pdf, decree_signature


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    if ratelimit.allow(request, scope="decree-verify", limit=settings.DECREE_VERIFY_RATE_LIMIT):
        return None
    return _private(
        rate_limited_response(
            request,
            retry_after=60,
            message=_("Anda membuka halaman verifikasi terlalu sering dalam waktu singkat."),
        )
    )


def _not_registered(request: HttpRequest) -> HttpResponse:
    """A forged, mistyped or cut-off code: say plainly that no document has it, and how to check again."""
    return _private(render(request, "decrees/not_registered.html", status=404))


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """What the QR code on a decree opens: the decree's public facts and status, the stored PDF's signature
    as pyHanko reads it (signer, issuer, time, certified or not), and for an uploaded copy a byte-for-byte
    check plus the copy's own signature. It never shows a worker's NIK, name or wage, and it is rate-limited per IP."""
    if (limited := _rate_limited(request)) is not None:
        return limited
    decree = decree_by_token(token)
    if decree is None:
        return _not_registered(request)
    # The biggest file worth hashing: the upload limit, or the decree itself if it is larger.
    posted = request.method == "POST"
    form = CompareForm(request.POST if posted else None, request.FILES if posted else None,
                       max_bytes=max(settings.UPLOAD_DOCUMENT_MAX_BYTES, decree.pdf_size))  # fmt: skip
    match = None
    uploaded_signature = None
    if posted and form.is_valid():
        match = form.cleaned_data["sha256"] == decree.sha256
        # The copy's own signature too: a copy re-saved by a viewer differs in bytes yet may still carry it.
        uploaded_signature = check_pdf(form.cleaned_data["data"])
    context = {
        "decree": decree,
        "issued_on": timezone.localdate(decree.issued_at),
        "revoked_on": timezone.localdate(decree.revoked_at) if decree.revoked_at else None,
        "form": form,
        "match": match,
        "uploaded_sha256": form.cleaned_data.get("sha256") if match is not None else "",
        "labels": kind_spec(decree.kind).labels,
        "signature": decree_signature(decree),
        "uploaded_signature": uploaded_signature,
        "not_certified_notice": NOT_CERTIFIED_NOTICE,
    }
    return _private(render(request, "decrees/verify.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def verify_malformed(request: HttpRequest, token: str) -> HttpResponse:
    """A code without the shape of an issued one (``converters.UrlsafeToken43Converter``): never looked up,
    but counted against the same limit, so guessing stays throttled."""
    if (limited := _rate_limited(request)) is not None:
        return limited
    return _not_registered(request)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- The head's batch-signing queue (decrees.batch) ------------------------------------------------------


def _head_only(request: HttpRequest) -> None:
    if not batch.is_head(request.user):
        raise PermissionDenied(_("Antrean tanda tangan hanya untuk Kepala Dinas."))


@login_required
@require_http_methods(["GET", "POST"])
def signing_queue(request: HttpRequest) -> HttpResponse:
    """*Antrean Tanda Tangan*: every verified item waiting for the head, of every kind, signed in the order
    shown with one passphrase; a large batch goes to the background task (its progress page)."""
    _head_only(request)
    queue = batch.signing_queue(request.user)
    needs_passphrase = batch.uses_passphrase(request.user)
    form = BatchSignForm(request.POST or None, queue=queue, needs_passphrase=needs_passphrase)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            field = "passphrase" if needs_passphrase else None
            try:
                outcome = batch.batch_start(actor=request.user, keys=form.cleaned_data["items"],
                                            passphrase=form.cleaned_data.get("passphrase") or None,
                                            request=request)  # fmt: skip
            except SigningError as exc:
                form.add_error(field, exc.messages[0])
                status = 400
            else:
                if isinstance(outcome, str):
                    return redirect("decrees:signing_batch", batch_id=outcome)
                result = outcome
                if result.error:
                    form.add_error(field, result.error)
                queue = batch.signing_queue(request.user)  # the signed ones have left it
                form.set_queue(queue)
        else:
            status = 400
    context = {"queue": queue, "form": form, "result": result, "needs_passphrase": needs_passphrase}
    return render(request, "decrees/signing_queue.html", context, status=status)


@login_required
def signing_batch(request: HttpRequest, batch_id: str) -> HttpResponse:
    """A background batch's progress ("12 dari 40 ditandatangani"), then its outcome; htmx polls it."""
    _head_only(request)
    state = batch.batch_state(batch_id, request.user)
    if state is None:
        raise Http404(_("Proses tanda tangan ini tidak ditemukan atau sudah kedaluwarsa."))
    context = {"batch_id": batch_id, "state": state["state"], "result": state["result"]}
    template = "decrees/_batch_progress.html" if request.htmx else "decrees/signing_batch.html"
    return render(request, template, context)
