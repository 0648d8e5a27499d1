"""Early refusals: a body larger than the page accepts, and a query string carrying a NUL byte.

Both answer before anything reads the request body or touches the database, so a stranger's 300 MB upload
costs one header parse and a NUL in ``?status=`` cannot reach PostgreSQL (which refuses NUL in text and
would turn it into a 500).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _


def limit_for_files(files: dict[str, int] | None) -> int:
    """``REQUEST_BODY_MAX_BYTES`` plus the files a page takes (``{"documents": n, "excel": m}``)."""
    files = files or {}
    return (
        settings.REQUEST_BODY_MAX_BYTES
        + files.get("documents", 0) * settings.UPLOAD_DOCUMENT_MAX_BYTES
        + files.get("excel", 0) * settings.PKWT_IMPORT_MAX_FILE_BYTES
    )


def request_body_limit(path_info: str) -> int:
    """The largest body, in bytes, the page at ``path_info`` accepts.

    Every page may receive ``REQUEST_BODY_MAX_BYTES`` (form fields, multipart framing); a page listed in
    ``UPLOAD_REQUEST_FILES`` may receive its files on top: a document-sized file for each document field,
    an Excel-sized one for each worker-Excel field. Limits are computed per request so a changed setting
    applies at once."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return limit_for_files(None)
    table = settings.UPLOAD_REQUEST_FILES
    files = table.get(match.view_name)
    if files is None and match.namespaces:
        files = table.get(f"{match.namespaces[0]}:*")
    return limit_for_files(files)


def largest_request_body_limit() -> int:
    """The largest limit of any page: what the proxy in front must let through (``client_max_body_size``)."""
    return max([limit_for_files(None), *map(limit_for_files, settings.UPLOAD_REQUEST_FILES.values())])


def _refusal(request, *, status: int, title: str, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        body = render_to_string(
            "request_refused.html", {"status": status, "title": title, "message": message}, request=request
        )
        response = HttpResponse(body, status=status)
    # No "Connection: close" here: WSGI forbids hop-by-hop headers from the application. The server decides
    # (gunicorn drops a connection whose body it cannot drain in time; nginx in front never forwards one).
    return response


class RequestBodyLimitMiddleware:
    """413 as soon as ``Content-Length`` exceeds the page's limit; 411 for a body without a length.

    Django reads nothing of a body without ``Content-Length`` (WSGI gives it no length), so such a form
    would arrive empty: better to say so. nginx in front always sends the length (it buffers the body)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw_length = request.META.get("CONTENT_LENGTH") or ""
        if not raw_length:
            if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                return _refusal(
                    request,
                    status=411,
                    title=_("Panjang kiriman tidak diketahui"),
                    message=_(
                        "Kiriman tanpa panjang (Content-Length) tidak diterima. Kirim ulang dari formulir di "
                        "halaman ini, atau sertakan Content-Length bila memakai API."
                    ),
                )
            return self.get_response(request)
        try:
            length = int(raw_length)
        except ValueError:
            length = -1
        if length < 0:
            return _refusal(
                request,
                status=400,
                title=_("Permintaan tidak valid"),
                message=_("Panjang kiriman (Content-Length) tidak valid."),
            )
        limit = request_body_limit(request.path_info)
        if length > limit:
            return _refusal(
                request,
                status=413,
                title=_("Kiriman terlalu besar"),
                message=_(
                    "Kiriman Anda terlalu besar: %(size)s, sedangkan halaman ini menerima paling banyak %(limit)s "
                    "(seluruh berkas dan isian sekaligus). Perkecil atau pisahkan berkas, lalu kirim lagi."
                )
                % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
            )
        return self.get_response(request)


class QueryStringGuardMiddleware:
    """400 for a query string with a NUL byte (``%00``): no form or link of ours makes one, and in a filter
    it would reach PostgreSQL. Other control characters are left to the forms, which name the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            return _refusal(
                request,
                status=400,
                title=_("Alamat tidak valid"),
                message=_(
                    "Alamat halaman ini berisi karakter yang tidak diizinkan (%00). Periksa tautan yang Anda "
                    "buka, atau kembali ke halaman sebelumnya dan ulangi pencarian."
                ),
            )
        return self.get_response(request)
