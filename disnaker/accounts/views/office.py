"""The office's review of account requests: the queue, one request, its documents and the decisions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import private_file_response
from disnaker.core.workflow import TransitionNotAllowed, status_history

from .. import forms, permissions, selectors, services
from ..constants import AccountRequestStatus


# --- Verifier: account request queue and decisions -----------------------------------------------------
def _require_reviewer(request: HttpRequest) -> None:
    if not permissions.can_review_account_requests(request.user):
        audit_record(
            action=AuditAction.ACCESS_DENIED, actor=request.user, request=request, data={"path": request.path}
        )
        raise PermissionDenied


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
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    template = (
        "accounts/_account_request_rows.html" if request.htmx else "accounts/account_request_queue.html"
    )
    return render(
        request,
        template,
        {"form": form, "page": page, "status": status, "query": query},
        status=400 if form.errors else 200,
    )


def _get_account_request(request: HttpRequest, pk: int):
    _require_reviewer(request)
    return get_scoped_or_404(selectors.account_requests_for(user=request.user), request=request, pk=pk)


def _render_detail(
    request: HttpRequest, account_request, *, reject_form=None, status: int = 200
) -> HttpResponse:
    waiting = account_request.status == AccountRequestStatus.SUBMITTED
    return render(
        request,
        "accounts/account_request_detail.html",
        {
            "ar": account_request,
            "history": status_history(account_request),
            "can_decide": waiting and permissions.can_decide_account_request(request.user, account_request),
            "can_view_documents": permissions.can_view_account_request_documents(
                request.user, account_request
            ),
            "email_taken": waiting and selectors.email_has_account(account_request.email),
            "reject_form": reject_form or forms.RejectForm(),
            "retention_days": settings.ABANDONED_UPLOAD_RETENTION_DAYS,
        },
        status=status,
    )


@login_required
def account_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_account_request(request, pk))


@login_required
@require_POST
def account_request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = _get_account_request(request, pk)
    try:
        services.account_request_approve(account_request=account_request, actor=request.user, request=request)
    except (ValidationError, TransitionNotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _(
                "Permohonan %(code)s disetujui. Akun dibuat dan email berisi password awal dikirim ke %(email)s."
            )
            % {"code": account_request.tracking_code, "email": account_request.email},
        )
    return redirect("accounts:account_request_detail", pk=pk)


@login_required
@require_POST
def account_request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = _get_account_request(request, pk)
    form = forms.RejectForm(request.POST)
    if form.is_valid():
        try:
            services.account_request_reject(
                account_request=account_request,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except (ValidationError, TransitionNotAllowed) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request, _("Permohonan %(code)s ditolak.") % {"code": account_request.tracking_code}
            )
        return redirect("accounts:account_request_detail", pk=pk)
    return _render_detail(request, account_request, reject_form=form, status=400)


@login_required
def account_request_document(request: HttpRequest, pk: int, field: str) -> FileResponse:
    """Serve one of the four documents to staff of the office, as an attachment unless ``?tampil=1``."""
    account_request = _get_account_request(request, pk)
    documents = dict(account_request.DOCUMENTS)
    if field not in documents or not permissions.can_view_account_request_documents(
        request.user, account_request
    ):
        audit_record(
            action=AuditAction.ACCESS_DENIED,
            actor=request.user,
            obj=account_request,
            request=request,
            data={"document": field},
        )
        raise Http404
    file = getattr(account_request, field)
    if not file:  # deleted by the daily job after a rejection (ABANDONED_UPLOAD_RETENTION_DAYS)
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED,
        actor=request.user,
        obj=account_request,
        request=request,
        data={"document": field},
    )
    extension = file.name.rsplit(".", 1)[-1]
    return private_file_response(
        request, file, filename=f"{account_request.tracking_code}-{field}.{extension}"
    )
