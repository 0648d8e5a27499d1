"""The office's review of account requests: the queue, one request, its documents and the decisions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.flows import bound_actions, needs_note
from disnaker.core.pages import querystring_without_page, render_queue, require
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import private_file_response
from disnaker.core.views import flow_decide
from disnaker.core.workflow import status_history

from .. import forms, permissions, selectors
from ..constants import ACCOUNT_REQUEST_FLOW, AccountRequestStatus


# --- Verifier: account request queue and decisions -----------------------------------------------------
def _require_reviewer(request: HttpRequest) -> None:
    require(request, permissions.can_review_account_requests(request.user))


@login_required
def account_request_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = AccountRequestStatus.SUBMITTED
    form = forms.AccountRequestQueueForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    status, query = filters.get("status", AccountRequestStatus.SUBMITTED), filters.get("q", "")
    queryset = selectors.account_request_queue(user=request.user, status=status, query=query)
    # ``page`` is the number's old name, still read for bookmarked links.
    page = Paginator(queryset, 25).get_page(request.GET.get("halaman") or request.GET.get("page"))
    return render_queue(
        request,
        "accounts/account_request_queue.html",
        "accounts/_account_request_rows.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "query": query,
            "querystring": querystring_without_page(request, "halaman", "page"),
        },
        status=400 if form.errors else 200,
    )


def _get_account_request(request: HttpRequest, pk: int):
    _require_reviewer(request)
    return get_scoped_or_404(selectors.account_requests_for(user=request.user), request=request, pk=pk)


def _render_detail(request: HttpRequest, account_request, *, form=None, status: int = 200) -> HttpResponse:
    actions = bound_actions(
        flow=ACCOUNT_REQUEST_FLOW,
        obj=account_request,
        user=request.user,
        decide_url="accounts:account_request_decide",
        args=[account_request.pk],
    )
    return render(
        request,
        "accounts/account_request_detail.html",
        {
            "ar": account_request,
            "history": status_history(account_request),
            "actions": actions,
            "show_note": needs_note(actions),
            "form": form or forms.AccountRequestDecisionForm(),
            "can_view_documents": permissions.can_view_account_request_documents(
                request.user, account_request
            ),
            "email_taken": account_request.status == AccountRequestStatus.SUBMITTED
            and selectors.email_has_account(account_request.email),
            "retention_days": settings.ABANDONED_UPLOAD_RETENTION_DAYS,
        },
        status=status,
    )


@login_required
def account_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_account_request(request, pk))


@login_required
@require_POST
def account_request_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """One decision on an account request (``ACCOUNT_REQUEST_FLOW``): approving creates the accounts (its own
    service), rejecting needs a reason of at least 10 characters. A refusal comes back on the review page."""
    account_request = _get_account_request(request, pk)

    def again(form, status: int = 400):
        account_request.refresh_from_db()
        return _render_detail(request, account_request, form=form, status=status)

    form_class = forms.RejectForm if decision == "tolak" else forms.AccountRequestDecisionForm
    success_url = reverse("accounts:account_request_detail", args=[pk])
    return flow_decide(request, flow=ACCOUNT_REQUEST_FLOW, obj=account_request, step_name=decision,
                       success_url=success_url, render_error=again, form_class=form_class)  # fmt: skip


def _document_audit(request: HttpRequest, account_request, action: str, field: str) -> None:
    audit_record(
        action=action, actor=request.user, obj=account_request, request=request, data={"document": field}
    )


@login_required
def account_request_document(request: HttpRequest, pk: int, field: str) -> FileResponse:
    """Serve one of the four documents to staff of the office, as an attachment unless ``?tampil=1``."""
    account_request = _get_account_request(request, pk)
    documents = dict(account_request.DOCUMENTS)
    if field not in documents or not permissions.can_view_account_request_documents(
        request.user, account_request
    ):
        _document_audit(request, account_request, AuditAction.ACCESS_DENIED, field)
        raise Http404
    file = getattr(account_request, field)
    if not file:  # deleted by the daily job after a rejection (ABANDONED_UPLOAD_RETENTION_DAYS)
        raise Http404
    _document_audit(request, account_request, AuditAction.DOCUMENT_VIEWED, field)
    extension = file.name.rsplit(".", 1)[-1]
    return private_file_response(
        request, file, filename=f"{account_request.tracking_code}-{field}.{extension}"
    )
