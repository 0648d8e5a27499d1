"""Small helpers every app's views share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
