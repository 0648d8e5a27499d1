"""Private files of BKK and PAK, for whoever may open them: registration documents, a candidate's documents
and NIK, the placement decrees' PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.pages import personal_data_reveal
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import mime_for_name, private_file_response
from disnaker.decrees import kinds
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.selectors import decree_of_kinds

from .. import permissions, selectors
from ..forms import DOCUMENTS

# Who may open what lives in permissions.py; the names stay importable from here.
from ..permissions import DECREE_KINDS, can_open_decree, can_view_bkk_documents  # noqa: E402, F401
from ._common import _deny


@login_required
def bkk_document(request: HttpRequest, pk: int, field: str) -> FileResponse:
    """One of the three registration PDFs, inline unless ``?unduh=1``; every opening is audited."""
    bkk = get_scoped_or_404(selectors.bkk_with_office(user=request.user), request=request, pk=pk)
    if field not in DOCUMENTS or not can_view_bkk_documents(request.user, bkk) or not getattr(bkk, field):
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, obj=bkk, request=request,
            data={"document": field[:40]},
        )  # fmt: skip
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED,
        actor=request.user,
        obj=bkk,
        request=request,
        data={"document": field},
    )
    return _pdf_response(request, getattr(bkk, field), filename=f"{bkk.tracking_code}-{field}.pdf")


def _pdf_response(request: HttpRequest, file, *, filename: str) -> FileResponse:
    """A private PDF, shown in the browser unless ``?unduh=1`` (the headers of ``private_file_response``)."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=request.GET.get("unduh") == "1",
        filename=filename,
        content_type=mime_for_name(file.name),
    )
    response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The placement decrees' PDF --------------------------------------------------------------------------
@login_required
def decree_pdf(request: HttpRequest, decree_pk: int) -> FileResponse:
    """The PDF of a placement decree, inline (``?unduh=1`` to download); strangers get 404."""
    decree = decree_of_kinds(decree_pk, DECREE_KINDS)
    if decree is None or not kinds.can_open(request.user, decree):
        if decree is not None:
            audit_record(
                action=AuditAction.ACCESS_DENIED, actor=request.user, obj=decree, request=request,
                data={"path": request.path},
            )  # fmt: skip
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=decree, request=request,
        data={"document": "decree", "kind": decree.kind},
    )  # fmt: skip
    safe_number = "".join(ch if ch.isalnum() else "-" for ch in decree.number)
    prefix = {
        DecreeKind.BKK_REGISTRATION: "Tanda-Daftar-BKK",
        DecreeKind.PAK_APPOINTMENT: "SK-PAK",
        DecreeKind.PROVINCE_REPORT: "Laporan-PAK",
    }[decree.kind]
    return _pdf_response(request, decree.pdf, filename=f"{prefix}-{safe_number}.pdf")


# --- Documents of a candidate ---------------------------------------------------------------------------------


@login_required
def candidate_document(request: HttpRequest, officer_pk: int, kind: str) -> HttpResponse:
    """The proposal letter (``surat``) or an evidence file (``bukti-<id>``) of a candidate, or the PAK's
    photo (``foto``): for the people whose role needs them (permissions.can_open_pak_personal_data)."""
    officer = selectors.officer_by_pk(officer_pk)
    if officer is None or not permissions.can_open_pak_personal_data(request.user, officer):
        _deny(request)
    if kind == "surat":
        file, name = officer.proposal_letter, f"surat-usulan-{officer.pk}.pdf"
    elif kind == "foto":
        profile = selectors.pak_profile_for(officer)
        if profile is None or not profile.photo:
            raise Http404
        file, name = profile.photo, f"foto-pak-{officer.pk}{profile.photo.name[-4:]}"
    elif kind.startswith("bukti-") and kind[6:].isdigit():
        evidence = selectors.evidence_of(officer, int(kind[6:]))
        if evidence is None:
            raise Http404
        file, name = evidence.file, f"bukti-{evidence.pk}.pdf"
    else:
        raise Http404
    if not file:
        raise Http404
    audit_record(action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=officer, request=request,
                 data={"document": kind})  # fmt: skip
    return private_file_response(request, file, filename=name)


@login_required
@require_POST
def officer_reveal_nik(request: HttpRequest, officer_pk: int) -> HttpResponse:
    """*Lihat NIK*: one PAK's full NIK for those whose duty needs it (permissions.can_reveal_pak_nik); every
    reveal is audited, every refusal too."""
    officer = selectors.officer_by_pk(officer_pk)
    if officer is None or not permissions.can_reveal_pak_nik(request.user, officer):
        _deny(request)
    return personal_data_reveal(request, obj=officer, field="nik", value=officer.nik)
