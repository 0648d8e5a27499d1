"""*Pratinjau SK* of the placement decrees the head signs (issue 14): the Tanda Daftar BKK and the SK
Penetapan PAK as they will be issued, marked DRAFT, unnumbered and unsigned, inline. For the head and the
office's verifiers (``decrees.preview.may_preview``), while the item is being reviewed or awaits the
signature; anyone else of the office 403 (audited), other offices 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from disnaker.decrees.preview import preview_response

from .. import documents
from ..constants import BkkStatus, ProposalStatus
from .office_bkk import _office_bkk
from .office_pak import _office_proposal


@login_required
def office_bkk_decree_preview(request: HttpRequest, pk: int) -> HttpResponse:
    bkk = _office_bkk(request, pk)
    if bkk.status not in (BkkStatus.SUBMITTED, BkkStatus.VERIFIED):
        raise Http404
    pdf = documents.bkk_registration_preview(bkk, request.user, request=request)
    return preview_response(pdf, filename=f"Pratinjau-Tanda-Daftar-BKK-{bkk.pk}.pdf")


@login_required
def office_proposal_decree_preview(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _office_proposal(request, pk)
    if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.VERIFIED):
        raise Http404
    pdf = documents.pak_appointment_preview(proposal, request.user, request=request)
    return preview_response(pdf, filename=f"Pratinjau-SK-Penetapan-PAK-{proposal.pk}.pdf")
