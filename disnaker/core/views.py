from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .branding import FALLBACK, default_office_contact
from .flows import Flow, take
from .forms import DecisionForm
from .request_id import request_id_for
from .workflow import TransitionNotAllowed

logger = logging.getLogger(__name__)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for a load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def liveness(request: HttpRequest) -> JsonResponse:
    """``/healthz``: the process answers. Nothing else is asked, so a database outage does not get every web
    process restarted by its supervisor; ``/readyz`` says whether it can serve."""
    return JsonResponse({"status": "ok"})


def readiness(request: HttpRequest) -> JsonResponse:
    """``/readyz``: 200 when the database, the cache, the file storage answer and a task worker's heartbeat
    is fresh (``WORKER_STALE_SECONDS``); else 503, naming what failed. The reason is logged, never shown."""
    from .readiness import readiness_checks, ready

    checks = readiness_checks()
    ok = ready(checks)
    response = JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


def captcha_refresh(request: HttpRequest) -> HttpResponse:
    """django-simple-captcha's ``captcha-refresh`` (a new challenge as JSON for a script), counted against
    the same per-IP budget as the challenges drawn with a page, so anonymous refreshes cannot fill the
    ``CaptchaStore`` table."""
    from captcha import views as captcha_views

    from .throttle import captcha_allowed, record_rate_limited, retry_after, wait_message

    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        raise Http404  # as the library's own view: it answers scripts only
    if not captcha_allowed(request):
        record_rate_limited(request, scope="captcha")
        seconds = retry_after()
        response = JsonResponse(
            {
                "detail": wait_message(
                    seconds, what=_("Terlalu banyak kode keamanan diminta dari alamat internet Anda.")
                )
            },
            status=429,
        )
        response["Retry-After"] = str(seconds)
        return response
    return captcha_views.captcha_refresh(request)


def rate_limited_response(
    request: HttpRequest, *, retry_after: int = 60, message: str = "", status: int = 429
) -> HttpResponse:
    """The branded 429 page with ``Retry-After``; ``message`` says what was limited."""
    minutes = max(1, round(retry_after / 60))
    response = render(request, "429.html", {"message": message, "retry_minutes": minutes}, status=status)
    response["Retry-After"] = str(retry_after)
    return response


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: what went wrong and what to do, in Indonesian (Django's own page is English
    and written for developers). The reason goes to the log only."""
    logger.warning("CSRF failure: %s", reason)
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: rendered without the request's context processors and without the database (the
    error may be the database), so it cannot fail the same way again. The office comes from the cache."""
    context = {
        "site_name": "Layanan Disnaker",
        "brand_office": default_office_contact(use_database=False),
        "request_id": request_id_for(request),
    }
    try:
        body = loader.get_template("500.html").render(context)
    except Exception:  # a broken template must still give an answer
        logger.exception("the 500 page could not be rendered")
        body = (
            "<!doctype html><html lang=id><meta charset=utf-8><title>Terjadi gangguan</title>"
            f"<h1>Maaf, terjadi gangguan pada sistem</h1><p>{FALLBACK['name']}. Coba lagi beberapa menit lagi."
            f"</p><p>Kode permintaan: {context['request_id']}</p>"
        )
    return HttpResponseServerError(body)


def review_again(request: HttpRequest, obj, render_review) -> Callable[..., HttpResponse]:
    """A ``render_error`` for :func:`flow_decide`: ``render_review(request, obj, form=form, status=status)`` with
    ``obj`` read again first (the refused step changed nothing, but the page shows what is stored now)."""

    def again(form, status: int = 400) -> HttpResponse:
        obj.refresh_from_db()
        return render_review(request, obj, form=form, status=status)

    return again


def flow_decide(
    request: HttpRequest,
    *,
    flow: Flow,
    obj,
    step_name: str,
    success_url: str,
    render_error: Callable[..., HttpResponse],
    form_class: type[DecisionForm] = DecisionForm,
    denied_on_page: bool = False,
) -> HttpResponse:
    """The one decide view of every review workflow: take the POSTed step with its note and go back to the
    review page, or show the review page again (``render_error(form)``, status 400) with the refusal next to the
    note: a missing note, or a step the object has since moved past. A refused actor is a 403 (audited): the
    403 page, or with ``denied_on_page`` the review page again (``render_error(form, status=403)``) with the
    refusal's message."""
    try:
        step = flow.step(step_name)
    except KeyError:
        raise Http404 from None
    if step.view:  # signing has its own view
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            take(
                flow=flow,
                step=step,
                obj=obj,
                actor=request.user,
                note=form.cleaned_data["note"],
                request=request,
            )
        except PermissionDenied as exc:
            if not denied_on_page:
                raise
            form.add_error(None, str(exc) or _("Anda tidak berwenang mengambil keputusan ini."))
            return render_error(form, status=403)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for message in exc.message_dict.get("note", exc.messages):
                    form.add_error("note", message)
            else:
                form.add_error(None, exc.messages[0])
        except TransitionNotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            if step.done:
                messages.success(request, flow.done_message(step, obj))
            return redirect(success_url)
    return render_error(form)
