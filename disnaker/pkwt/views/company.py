"""The company's PKWT pages: *Permohonan*, *Tambah Permohonan PKWT* (documents, *Import Excel*, report,
*Ajukan Permohonan*), *Lihat Progress* and the decree (*Lihat PDF*)."""

from __future__ import annotations

import json
from collections import Counter

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.accounts.constants import Role
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.formats import format_number
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import private_file_response
from disnaker.core.workflow import status_history
from disnaker.decrees.kinds import can_open as can_open_decree

from .. import ods_writer, permissions, selectors, services
from ..constants import ImportStatus
from ..excel import build_annotated, build_template, read_sheet
from ..forms import RegistrationForm
from ..letter import draft_application_letter
from ..models import PkwtImport
from ..rules import ERROR
from ..selectors import decree_of, registrations_for
from ._common import _registration
from ._consts import DOCX, ODS, REPORT_LIMIT, XLSX


def _require_company(request: HttpRequest) -> None:
    if request.user.role != Role.COMPANY or not request.user.company_id:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise Http404


def _require_personal_data_access(request: HttpRequest, registration, *, admin: bool = False) -> None:
    """The registration's workers and documents: its company and its office's staff (``admin``: the
    deployment's admin too). The province and the ministry follow a registration on the office pages, without
    its workers, so they get the same 404 as a stranger here."""
    allowed = permissions.can_open_personal_data(request.user, registration) or (
        admin and request.user.role == Role.ADMIN
    )
    if not allowed:
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, obj=registration, request=request,
            data={"path": request.path},
        )  # fmt: skip
        raise Http404


@login_required
def registration_list(request: HttpRequest) -> HttpResponse:
    """*Permohonan*: the company's registrations."""
    _require_company(request)
    page = Paginator(registrations_for(user=request.user), 25).get_page(request.GET.get("halaman"))
    return render(request, "pkwt/registration_list.html", {"page": page, "company": request.user.company})


@login_required
@require_POST
def registration_add(request: HttpRequest) -> HttpResponse:
    """*Tambah Permohonan PKWT*: open a draft (an untouched one is reused rather than piling up)."""
    _require_company(request)
    empty = selectors.untouched_draft(user=request.user)
    registration = empty or services.registration_create(
        company=request.user.company, actor=request.user, request=request
    )
    return redirect("pkwt:edit", pk=registration.pk)


def _report_context(pkwt_import: PkwtImport | None) -> dict:
    if pkwt_import is None:
        return {"pkwt_import": None}
    errors = [f for f in pkwt_import.findings if f["severity"] == ERROR]
    warnings = [f for f in pkwt_import.findings if f["severity"] != ERROR]
    return {
        "pkwt_import": pkwt_import,
        "stale": services.import_is_stale(pkwt_import),
        "errors": errors[:REPORT_LIMIT],
        "warnings": warnings[:REPORT_LIMIT],
        "errors_hidden": max(len(errors) - REPORT_LIMIT, 0),
        "warnings_hidden": max(len(warnings) - REPORT_LIMIT, 0),
        "error_summary": Counter(f["code"] for f in errors).most_common(),
        "warning_summary": Counter(f["code"] for f in warnings).most_common(),
    }


def _edit_context(request, registration, form) -> dict:
    registration.refresh_from_db()
    latest = registration.current_import
    return {
        "registration": registration,
        "form": form,
        "problems": services.submission_problems(registration),
        **_report_context(latest),
    }


@login_required
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The *Tambah Permohonan PKWT* form: downloads, the two PDFs, the worker Excel (*Import Excel*) and
    *Ajukan Permohonan*. Each POST keeps what was valid, so nothing uploaded is lost to another field's
    error."""
    _require_company(request)
    registration = _registration(request, pk)
    if not registration.is_editable:
        return redirect("pkwt:detail", pk=registration.pk)
    if request.method != "POST":
        return render(
            request, "pkwt/registration_form.html", _edit_context(request, registration, RegistrationForm())
        )

    action = request.POST.get("action", "")
    form = RegistrationForm(request.POST, request.FILES, registration=registration, action=action)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    documents = {f: data.get(f) for f in ("application_letter", "sample_contract") if data.get(f)}
    try:
        if documents:
            registration = services.registration_set_documents(
                registration=registration, actor=request.user, documents=documents, request=request
            )
        if action == "import" and data.get("worker_file"):
            upload = data["worker_file"]
            pkwt_import = services.import_start(
                registration=registration,
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                request=request,
            )
            if pkwt_import.status == ImportStatus.DONE and not pkwt_import.error_count:
                messages.success(
                    request,
                    _("Import Excel berhasil: %(n)s pekerja tercatat dalam permohonan.")
                    % {"n": format_number(pkwt_import.valid_rows)},
                )
            if not form.errors:
                return redirect(f"{request.path}#daftar-pekerja")
        elif action == "submit" and not form.errors:
            services.registration_submit(registration=registration, actor=request.user, request=request)
            messages.success(
                request,
                _("Permohonan %(number)s berhasil diajukan. Ikuti prosesnya melalui Lihat Progress.")
                % {"number": registration.number},
            )
            return redirect("pkwt:detail", pk=registration.pk)
        elif not form.errors:
            messages.success(request, _("Dokumen disimpan."))
            return redirect(request.path)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
    status = 400 if form.errors else 200
    return render(
        request, "pkwt/registration_form.html", _edit_context(request, registration, form), status=status
    )


@login_required
def import_status(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The import's progress or report (htmx polls this while a background import runs)."""
    registration = _registration(request, pk)
    _require_personal_data_access(request, registration, admin=True)
    pkwt_import = get_scoped_or_404(selectors.imports_of(registration), request=request, pk=import_pk)
    registration.refresh_from_db()
    context = {"registration": registration, **_report_context(pkwt_import)}
    if request.htmx and pkwt_import.is_finished:
        # The whole form changes (PKWT count, Ajukan Permohonan): reload it.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "pkwt/_import_report.html", context)


@login_required
def import_annotated(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The uploaded rows with a column of findings next to each row."""
    registration = _registration(request, pk)
    _require_personal_data_access(request, registration)
    pkwt_import = get_scoped_or_404(selectors.imports_of(registration), request=request, pk=import_pk)
    if pkwt_import.file_errors or not pkwt_import.is_finished or not pkwt_import.file:
        raise Http404  # no file: deleted by the daily job (ABANDONED_UPLOAD_RETENTION_DAYS)
    with pkwt_import.file.open("rb") as handle:
        sheet = read_sheet(handle.read())
    content = build_annotated(sheet, pkwt_import.findings)
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=registration, request=request,
        data={"document": "annotated_excel", "import": pkwt_import.pk},
    )  # fmt: skip
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{registration.number}-temuan.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def import_report_json(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The report in the validator's JSON shape (the same as the command and the API)."""
    registration = _registration(request, pk)
    _require_personal_data_access(request, registration)
    pkwt_import = get_scoped_or_404(selectors.imports_of(registration), request=request, pk=import_pk)
    response = HttpResponse(
        json.dumps(pkwt_import.report(), ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.number}-laporan.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="template-pkwt.xlsx"'
    return response


@login_required
def template_ods_download(request: HttpRequest) -> HttpResponse:
    """The same template for LibreOffice Calc (.ods): Text columns, the L/P drop-down, the instructions."""
    response = HttpResponse(ods_writer.build_template(), content_type=ODS)
    response["Content-Disposition"] = 'attachment; filename="template-pkwt.ods"'
    return response


@login_required
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_company(request)
    registration = _registration(request, pk)
    response = HttpResponse(draft_application_letter(registration=registration), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="draft-surat-permohonan-{registration.number}.docx"'
    )
    return response


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """*Lihat Progress*: the registration, its documents, its workers (NIK masked) and the history."""
    registration = _registration(request, pk)
    _require_personal_data_access(request, registration, admin=True)
    page = Paginator(selectors.contracts_of(registration), 50).get_page(request.GET.get("halaman"))
    page.object_list = selectors.with_compensation(page.object_list)
    return render(
        request,
        "pkwt/registration_detail.html",
        {
            "registration": registration,
            "history": status_history(registration),
            "page": page,
            "is_company": request.user.role == Role.COMPANY,
        },
    )


@login_required
def registration_document(request: HttpRequest, pk: int, field: str) -> FileResponse:
    """One of the two PDFs, for the company and the staff of its office."""
    registration = _registration(request, pk)
    _require_personal_data_access(request, registration)
    file = getattr(registration, field, None) if field in dict(registration.DOCUMENTS) else None
    if not file:
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=registration, request=request,
        data={"document": field},
    )  # fmt: skip
    return private_file_response(request, file, filename=f"{registration.number}-{field}.pdf")


def _decree_of(request: HttpRequest, registration):
    """The registration's decree, for whoever its kind lets open it (``decrees.kinds.can_open``)."""
    decree = decree_of(registration)
    if decree is None or not can_open_decree(request.user, decree):
        _require_personal_data_access(request, registration)  # a stranger: audited, 404
        raise Http404
    return decree


@login_required
@csp_replace({"frame-src": [SELF]})  # the page shows the PDF (served by this site) in a frame
def registration_decree(request: HttpRequest, pk: int) -> HttpResponse:
    """*Lihat PDF*: the decree's details with the PDF shown in the page and the download icon."""
    registration = _registration(request, pk)
    decree = _decree_of(request, registration)
    return render(request, "pkwt/decree.html", {"registration": registration, "decree": decree})


@login_required
def registration_decree_pdf(request: HttpRequest, pk: int) -> FileResponse:
    registration = _registration(request, pk)
    decree = _decree_of(request, registration)
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=registration, request=request,
        data={"document": "decree", "decree": decree.pk},
    )  # fmt: skip
    filename = "SK-PKWT-" + "".join(ch if ch.isalnum() else "-" for ch in decree.number) + ".pdf"
    return private_file_response(request, decree.pdf, filename=filename)
