"""Small helpers every app's views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from .audit import audit_record
from .constants import AuditAction


def querystring_without_page(request: HttpRequest, page_param: str = "halaman") -> str:
    """The current filters as a query string, for pagination links that add their own page number."""
    params = request.GET.copy()
    params.pop(page_param, None)
    return params.urlencode()


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
