"""The BKK operator's pages: *BKK Saya* and the PAK proposals (candidates, evidence, sending)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.core.pages import form_add_validation_error
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.workflow import status_history

from .. import selectors, services
from ..constants import PROPOSAL_EDITABLE
from ..forms import DOCUMENTS, CandidateForm, ProposalLetterForm
from ._common import (
    DECISION_ERRORS,
    DOCUMENT_LABELS,
    _deny,
    _error,
    _proposal_context,
    _with_flags,
)


# --- The operator's own BKK -----------------------------------------------------------------------------
@login_required
def my_bkk(request: HttpRequest) -> HttpResponse:
    """ "BKK Saya": the operator's BKK, its status and history, and the tanda daftar."""
    bkk = _require_operator(request)
    limits = selectors.bkk_report_flags()
    _with_flags([bkk], limits)
    return render(
        request,
        "placement/bkk_mine.html",
        {
            "bkk": bkk,
            "history": status_history(bkk),
            "decree": selectors.bkk_latest_decree(bkk),
            "officers": selectors.appointed_officers(user=request.user, bkk=bkk),
            "documents": [(n, DOCUMENT_LABELS[n]) for n in DOCUMENTS],
            "overdue_months": settings.BKK_REPORT_OVERDUE_MONTHS,
        },
    )


# --- BKK operator: proposals ---------------------------------------------------------------------------------


def _require_operator(request: HttpRequest):
    bkk = selectors.bkk_of_operator(request.user)
    if bkk is None:
        _deny(request)
    return bkk


def _own_proposal(request: HttpRequest, pk: int):
    _require_operator(request)
    return get_scoped_or_404(selectors.proposal_with_bkk(user=request.user), request=request, pk=pk)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """*Usulan PAK*: the operator's proposals and appointed PAK."""
    bkk = _require_operator(request)
    proposals = selectors.proposals_with_counts(user=request.user)
    officers = selectors.appointed_officers(user=request.user)
    return render(
        request, "placement/proposal_list.html", {"bkk": bkk, "proposals": proposals, "officers": officers}
    )


@login_required
@require_POST
def proposal_new(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    try:
        proposal = services.proposal_open(actor=request.user, request=request)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("placement:proposal_list")
    return redirect("placement:proposal_edit", proposal.pk)


@login_required
def proposal_edit(request: HttpRequest, pk: int, candidate: int | None = None) -> HttpResponse:
    """The draft (or the proposal sent back for revision): candidates, their documents, *Kirim Usulan*."""
    proposal = _own_proposal(request, pk)
    if proposal.status not in PROPOSAL_EDITABLE:
        return redirect("placement:proposal_detail", proposal.pk)
    officer = None
    if candidate is not None:
        officer = get_scoped_or_404(selectors.candidates_of(proposal), request=request, pk=candidate)
    requirements = services.requirements_for(proposal.office)
    form = CandidateForm(requirements=requirements, officer=officer, initial=_candidate_initial(officer))
    if request.method == "POST":
        form = CandidateForm(request.POST, request.FILES, requirements=requirements, officer=officer)
        if form.is_valid():
            try:
                services.candidate_save(proposal=proposal, actor=request.user, data=form.cleaned_data,
                                        evidence=form.evidence(), officer=officer)  # fmt: skip
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Data calon PAK %(name)s disimpan.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("placement:proposal_edit", proposal.pk)
    return _edit_page(request, proposal, form=form, officer=officer, requirements=requirements)


def _edit_page(request, proposal, *, form=None, officer=None, requirements=None, letter_form=None):
    """The proposal's edit page: the candidate form and the *Kirim Usulan* form (the institution's letter)."""
    requirements = services.requirements_for(proposal.office) if requirements is None else requirements
    if form is None:
        form = CandidateForm(requirements=requirements, officer=officer, initial=_candidate_initial(officer))
    if letter_form is None:
        letter_form = ProposalLetterForm(
            initial={"letter_number": proposal.letter_number, "letter_date": proposal.letter_date}
        )
    context = {
        "proposal": proposal,
        "form": form,
        "letter_form": letter_form,
        "officer": officer,
        "candidates": selectors.candidates_with_evidence(proposal),
        "requirements": requirements,
        "problems": services.proposal_problems(proposal),
        "history": status_history(proposal),
    }
    failed = form.errors or letter_form.errors
    return render(request, "placement/proposal_edit.html", context, status=400 if failed else 200)


def _candidate_initial(officer) -> dict:
    if officer is None:
        return {}
    return {name: getattr(officer, name) for name in ("name", "nik", "email", "phone", "position", "education_level",
                                                      "education_major")}  # fmt: skip


@login_required
@require_POST
def candidate_remove(request: HttpRequest, pk: int, candidate: int) -> HttpResponse:
    proposal = _own_proposal(request, pk)
    officer = get_scoped_or_404(selectors.candidates_of(proposal), request=request, pk=candidate)
    try:
        services.candidate_remove(officer=officer, actor=request.user)
        messages.success(request, _("Calon %(name)s dihapus dari usulan.") % {"name": officer.name})
    except DECISION_ERRORS as exc:
        _error(request, exc)
    return redirect("placement:proposal_edit", proposal.pk)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own_proposal(request, pk)
    if proposal.status not in PROPOSAL_EDITABLE:
        return redirect("placement:proposal_detail", proposal.pk)
    letter_form = ProposalLetterForm(request.POST)
    if not letter_form.is_valid():
        return _edit_page(request, proposal, letter_form=letter_form)
    try:
        services.proposal_submit(
            proposal=proposal, actor=request.user, request=request, **letter_form.cleaned_data
        )
    except DECISION_ERRORS as exc:
        _error(request, exc)
        return redirect("placement:proposal_edit", proposal.pk)
    messages.success(request, _("Usulan PAK dikirim ke %(office)s.") % {"office": proposal.office.name})
    return redirect("placement:proposal_detail", proposal.pk)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal as sent: status, candidates (NIK masked), the SK once signed, the history."""
    proposal = _own_proposal(request, pk)
    return render(request, "placement/proposal_detail.html", _proposal_context(proposal))
