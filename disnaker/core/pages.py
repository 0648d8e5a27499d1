"""Small helpers every app's views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from .audit import audit_record
from .constants import AuditAction


def querystring_without_page(request: HttpRequest, page_param: str = "halaman", *old_names: str) -> str:
    """The current filters as a query string, for pagination links that add their own page number (also
    without the page's ``old_names``, still read for bookmarked links)."""
    params = request.GET.copy()
    for name in (page_param, *old_names):
        params.pop(name, None)
    return params.urlencode()


def require(request: HttpRequest, allowed: bool) -> None:
    """Refuse a page to a user whose role may not open it: audited ``ACCESS_DENIED`` with the path, a 403."""
    if not allowed:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise PermissionDenied


def render_queue(
    request: HttpRequest, template: str, rows_template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """Every queue and list page: the whole page, or for an htmx request (its filter form or a pagination
    link, ``HX-Request``) only the rows partial the page includes, which htmx swaps in place. The partial
    holds the table and the pagination, so the same links work without JavaScript."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = rows_template
    context.setdefault("rows_target", "#rows")
    return render(request, template, context, status=status)


def form_add_validation_error(form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: field errors next to their fields (unknown fields and
    plain messages on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def personal_data_reveal(
    request: HttpRequest, *, obj: models.Model, field: str, value: str, data: dict[str, Any] | None = None
) -> HttpResponse:
    """The answer to a *Lihat NIK* button (``templates/includes/nik.html``): one full value, shown once.

    The caller has checked that the user's duty needs it. The reveal is audited as ``PERSONAL_DATA_VIEWED`` on
    ``obj`` with the field's name and ``data`` (e.g. which row) — never the value itself — and the answer is
    not cached anywhere."""
    audit_record(
        action=AuditAction.PERSONAL_DATA_VIEWED,
        actor=request.user,
        obj=obj,
        request=request,
        data={**(data or {}), "field": field},
    )
    response = HttpResponse(format_html('<span class="font-monospace">{}</span>', value))
    add_never_cache_headers(response)
    return response


def public_track(
    request: HttpRequest,
    *,
    form_class,
    scope: str,
    template: str,
    find,
    not_found: str,
    name: str,
    on_found=None,
) -> HttpResponse:
    """A public "Lacak" page: the tracking code and e-mail in, the status and history out, for whoever knows
    both. Rate-limited per client (``scope``) with the captcha the form carries; ``find(code, email)`` returns
    the object or None, shown as ``name`` in the template; ``on_found(obj)`` acts on a found one's POST (e.g.
    resending a link)."""
    from . import throttle
    from .workflow import status_history

    obj = history = None
    if request.method == "POST":
        if not throttle.public_form_allowed(request, scope=scope):
            form = form_class(initial=throttle.form_initial(request), captcha_request=request)
            return throttle.rate_limited_response(request, template, {"form": form}, scope=scope)
        form = form_class(request.POST, captcha_request=request)
        if form.is_valid():
            obj = find(form.cleaned_data["tracking_code"], form.cleaned_data["email"])
            if obj is None:
                form.add_error(None, not_found)
            else:
                history = status_history(obj)
                form = form_class(captcha_request=request)
                if on_found is not None:
                    on_found(obj)
    else:
        form = form_class(
            initial={"tracking_code": request.GET.get("kode", "")[:20]}, captcha_request=request
        )
    return render(request, template, {"form": form, name: obj, "history": history})
