"""The Layanan Disnaker API (django-ninja), mounted at /api/v1/. Docs: /api/v1/docs (assets served locally
from django-ninja's static files, never from a CDN)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Status, Swagger, UploadedFile
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.views import openapi_view

from disnaker.accounts.constants import Role
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.pkwt.rules import validation_report
from disnaker.pkwt.services import validate_workbook

from .auth import ApiRateLimited, ApiTokenAuth, SessionCsrfAuth
from .schemas import ErrorOut, ValidationReportOut


def _docs_for_companies(view):
    """The interactive docs (Swagger UI, ``/api/v1/docs``) are for signed-in company users: a stranger is
    sent to the login page, other roles get 404. The OpenAPI JSON (``/api/v1/openapi.json``) stays public,
    so a company's developer can generate a client from it. django-ninja gives both views to this
    decorator; only the docs view is wrapped."""
    if getattr(view, "func", None) is not openapi_view:
        return view

    @wraps(view)
    def docs(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.role != Role.COMPANY or not user.company_id:
            raise Http404
        return view(request, *args, **kwargs)

    return docs


api = NinjaAPI(
    title="Layanan Disnaker API",
    version="1",
    description=(
        "API untuk perusahaan. Autentikasi: token API (buat di menu Pengaturan → Token API) pada header "
        "`Authorization: Bearer <token>`, atau sesi login di browser (dengan header `X-CSRFToken`)."
    ),
    urls_namespace="api",
    auth=[ApiTokenAuth(), SessionCsrfAuth()],
    # BaseLayout shows no online-validator badge; no validator URL either, so nothing leaves the site. No deep
    # links: Swagger UI draws each one as a link inside the operation's button (axe: nested-interactive).
    # templates/ninja/swagger.html gives the page its language and AA contrast (issue 16 §9).
    docs=Swagger(settings={"validatorUrl": None, "deepLinking": False}),
    docs_decorator=_docs_for_companies,
)


@api.exception_handler(ApiRateLimited)
def _rate_limited(request: HttpRequest, exc: ApiRateLimited) -> HttpResponse:
    message = _(
        "Terlalu banyak permintaan: batasnya %(limit)d per menit untuk setiap pengguna. Coba lagi dalam "
        "%(seconds)d detik."
    ) % {"limit": settings.API_RATE_LIMIT_PER_MINUTE, "seconds": exc.retry_after}
    response = api.create_response(request, {"detail": message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message
    if message == "Unauthorized":  # ninja's default, when no credentials came at all
        message = _("Autentikasi diperlukan: kirim header 'Authorization: Bearer <token>' atau masuk dahulu.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request without the ``file`` part gets the same shape as any other unreadable upload."""
    error = {
        "code": "invalid_request",
        "message": _(
            "Permintaan tidak valid: kirim file .xlsx atau .ods sebagai multipart/form-data, field 'file'."
        ),
        "format": None,
    }
    return api.create_response(request, validation_report(file_errors=[error]), status=422)


def _company_of(request: HttpRequest):
    user = request.auth
    if user.role != Role.COMPANY or not user.company_id:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=user, request=request, data={"path": request.path}
        )
        raise HttpError(403, _("Hanya akun perusahaan yang dapat memakai API ini."))
    return user.company


@api.post(
    "/pkwt/validate",
    url_name="pkwt_validate",
    response={200: ValidationReportOut, 422: ValidationReportOut, 401: ErrorOut, 403: ErrorOut},
    summary="Periksa file Excel pekerja PKWT",
    tags=["PKWT"],
)
def pkwt_validate(request: HttpRequest, file: File[UploadedFile]):
    """Periksa file Excel (.xlsx) atau LibreOffice (.ods) daftar pekerja PKWT dengan aturan yang sama seperti halaman unggah,
    tanpa menyimpan apa pun.

    - **200**: file terbaca; lihat `findings` untuk kesalahan dan peringatan per baris.
    - **422**: file tidak dapat dibaca (`file_errors` tidak kosong), bentuk jawabannya sama.
    """
    company = _company_of(request)
    limit = settings.PKWT_IMPORT_MAX_FILE_BYTES
    if file.size is not None and file.size > limit:
        error = {
            "code": "file_too_large",
            "message": _("File terlalu besar (%(size)d MB). Batasnya %(limit)d MB.")
            % {"size": file.size // 2**20, "limit": limit // 2**20},
        }
        return Status(422, validation_report(file_errors=[error]))
    outcome = validate_workbook(file.read(), company=company)
    return Status(200 if outcome.readable else 422, outcome.report())
