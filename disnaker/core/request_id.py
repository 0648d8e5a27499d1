"""One id per request, in the ``X-Request-ID`` response header, on every log line and on the error pages.

Someone who reports a problem can quote the id from the page; an operator finds the same id in the nginx
access log, gunicorn's access log and the application log. nginx passes its own ``$request_id``; an id from
anywhere else is accepted only when it is short and plain (letters, digits, ``.``, ``_``, ``-``), so a
client cannot write arbitrary text into our logs. Otherwise a fresh one is made.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_SAFE = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    """The id of the request this thread is serving ("" outside a request: tasks, commands)."""
    return _current.get()


def request_id_for(request) -> str:
    """The id of ``request`` (set by :class:`RequestIdMiddleware`), or the current one."""
    return getattr(request, "request_id", "") or current_request_id()


def _incoming_or_new(request) -> str:
    incoming = request.META.get(_META_KEY, "")
    if incoming and _SAFE.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in ``MIDDLEWARE``, so every response — even one another middleware answers early (413,
    400, a redirect) — carries the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _incoming_or_new(request)
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            return response
        finally:
            _current.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds ``%(request_id)s`` to every log record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs a refused response after the middleware returned: it passes the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or current_request_id() or "-"
        return True
