"""What the placement pages share: document labels, the report flags, the tanda daftar, refusals and error
messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.views import flow_decide
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.decrees.services import decree_valid_for

from .. import selectors
from ..constants import BkkStatus, ProposalStatus
from ..forms import DOCUMENTS, NoteForm
from ..models import Bkk

DOCUMENT_LABELS = {name: Bkk._meta.get_field(name).verbose_name for name in DOCUMENTS}


def _with_flags(bkks, limits) -> None:
    """Mark each BKK ``overdue`` (no placement report since the first threshold) for the list."""
    for bkk in bkks:
        since = bkk.last_report_at or bkk.registered_at
        bkk.overdue = bool(bkk.status == BkkStatus.REGISTERED and since and since < limits["overdue"])


DECISION_ERRORS = (ValidationError, TransitionNotAllowed, PermissionDenied)


def _trainings_template() -> str | None:
    """The training app's table of a PAK's trainings, when that app is installed."""
    try:
        get_template(TRAININGS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return TRAININGS_TEMPLATE


TRAININGS_TEMPLATE = "training/_pak_trainings.html"


def _deny(request: HttpRequest) -> None:
    audit_record(
        action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
    )
    raise Http404


def _messages_of(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("Anda tidak berwenang melakukan tindakan ini.")]


def _error(request, exc: Exception) -> None:
    for message in _messages_of(exc):
        messages.error(request, message)


def _decide_with_note(request, *, flow, obj, action: str, success_url: str, review) -> HttpResponse:
    """One decision of ``flow`` on ``obj`` with the office's note (``NoteForm``); any refusal, a refused actor
    included, comes back on the review page (``review(form)``, status 400)."""
    return flow_decide(
        request,
        flow=flow,
        obj=obj,
        step_name=action,
        success_url=success_url,
        render_error=lambda form, status=400: review(form),
        form_class=NoteForm,
        denied_on_page=True,
    )


def _proposal_context(proposal) -> dict:
    return {
        "proposal": proposal,
        "candidates": selectors.candidates_with_evidence(proposal, profile=True),
        "decree": decree_valid_for(proposal, "pak_appointment")
        if proposal.status == ProposalStatus.APPOINTED
        else None,
        "history": status_history(proposal),
    }
