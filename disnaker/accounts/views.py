from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.selectors import get_scoped_or_404, offices_accepting_requests
from disnaker.core.uploads import private_file_response
from disnaker.core.workflow import TransitionNotAllowed, status_history

from . import forms, permissions, selectors, services
from .constants import AccountRequestStatus, Role


# --- Sign-in, the seed's home page ---------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


def lockout_response(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this when an e-mail/address pair has too many failed logins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Terlalu banyak percobaan masuk yang gagal untuk email ini. Demi keamanan, coba lagi setelah "
        '%(minutes)s menit, atau gunakan "Lupa Kata Sandi?".'
    ) % {"minutes": minutes}
    return render(
        request,
        "accounts/login.html",
        {"form": forms.LoginForm(request), "lockout_message": message},
        status=429,
    )


class LogoutView(auth_views.LogoutView):
    pass


# --- Account request ("Ajukan Permohonan Disini") ------------------------------------------------------
def account_request_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = forms.AccountRequestForm(request.POST, request.FILES)
        if form.is_valid():
            office = offices_accepting_requests().get(region=form.cleaned_data["region"])
            account_request = services.account_request_create(
                data=form.cleaned_data, office=office, request=request
            )
            request.session["account_request_code"] = account_request.tracking_code
            return redirect("accounts:account_request_sent")
    else:
        form = forms.AccountRequestForm()
    return render(request, "accounts/account_request_form.html", {"form": form})


def account_request_sent(request: HttpRequest) -> HttpResponse:
    code = request.session.get("account_request_code")
    if not code:
        return redirect("accounts:account_request_create")
    return render(request, "accounts/account_request_sent.html", {"tracking_code": code})


def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/terms.html")


def account_request_track(request: HttpRequest) -> HttpResponse:
    """ "Lacak Permohonan": status and history for whoever knows both the code and the e-mail."""
    account_request = None
    history = None
    if request.method == "POST":
        form = forms.TrackForm(request.POST)
        if form.is_valid():
            account_request = selectors.account_request_track(
                tracking_code=form.cleaned_data["tracking_code"], email=form.cleaned_data["email"]
            )
            if account_request is None:
                form.add_error(
                    None, _("Permohonan tidak ditemukan. Periksa kode lacak dan email yang Anda pakai.")
                )
            else:
                history = status_history(account_request)
                form = forms.TrackForm()
    else:
        form = forms.TrackForm(initial={"tracking_code": request.GET.get("kode", "")})
    return render(
        request, "accounts/track.html", {"form": form, "account_request": account_request, "history": history}
    )


# --- Passwords -----------------------------------------------------------------------------------------
class PasswordChangeView(auth_views.PasswordChangeView):
    """The seed's "Ubah Password"; the only page open to a user who still has an initial password."""

    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, request=self.request)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Password berhasil diubah."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        audit_record(
            action=AuditAction.PASSWORD_RESET_REQUESTED,
            request=self.request,
            actor_label=form.cleaned_data["email"],
        )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, request=self.request, via_reset=True)
        return response


def password_reset_link_invalid(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A reset link whose parts do not have the shape Django issues: never looked up."""
    return render(request, PasswordResetConfirmView.template_name, {"validlink": False}, status=404)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Dashboard -----------------------------------------------------------------------------------------
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {}
    if permissions.can_review_account_requests(user):
        pending = selectors.account_requests_for(user=user).filter(status=AccountRequestStatus.SUBMITTED)
        context["pending_account_requests"] = pending.count()
    if permissions.is_office_staff(user):
        from disnaker.pkwt.selectors import QUEUE_DEFAULT_STATUS, registrations_for

        waiting = QUEUE_DEFAULT_STATUS.get(user.role)
        context["pending_pkwt"] = (
            registrations_for(user=user).filter(status=waiting).count() if waiting else 0
        )
    from disnaker.placement.selectors import dashboard_cards

    context["placement_cards"] = dashboard_cards(user=user)
    return render(request, "accounts/dashboard.html", context)


# --- Company settings ("Pengaturan") and API tokens -----------------------------------------------------
def _require_company(request: HttpRequest):
    """Company pages answer 404 to everyone else, like "Permohonan"."""
    if request.user.role != Role.COMPANY or not request.user.company_id:
        raise Http404
    return request.user.company


def _render_settings(request: HttpRequest, company, *, form=None, secret=None, new_token=None, status=200):
    response = render(
        request,
        "accounts/settings.html",
        {
            "company": company,
            "tokens": selectors.api_tokens_for(user=request.user),
            "form": form or forms.ApiTokenForm(),
            "secret": secret,
            "new_token": new_token,
            "api_validate_url": request.build_absolute_uri(reverse("api:pkwt_validate")),
            "api_docs_url": reverse("api:openapi-view"),
        },
        status=status,
    )
    if secret:
        # The secret is in this page only: no cache, no back-button copy.
        response["Cache-Control"] = "no-store"
    return response


@login_required
def company_settings(request: HttpRequest) -> HttpResponse:
    """ "Pengaturan": the company's data (read only) and its API tokens. A POST creates a token and shows
    its secret once, in this response only (it is not put in the session or anywhere else)."""
    company = _require_company(request)
    if request.method == "POST":
        form = forms.ApiTokenForm(request.POST)
        if form.is_valid():
            token, secret = services.api_token_create(
                company=company, actor=request.user, name=form.cleaned_data["name"], request=request
            )
            return _render_settings(request, company, secret=secret, new_token=token)
        return _render_settings(request, company, form=form, status=400)
    return _render_settings(request, company)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_company(request)
    token = get_scoped_or_404(selectors.api_tokens_for(user=request.user), request=request, pk=pk)
    services.api_token_revoke(token=token, actor=request.user, request=request)
    messages.success(
        request, _('Token "%(name)s" dicabut dan tidak dapat dipakai lagi.') % {"name": token.name}
    )
    return redirect("accounts:settings")


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
    if not permissions.can_decide_account_request(request.user, account_request):
        raise PermissionDenied
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
    if not permissions.can_decide_account_request(request.user, account_request):
        raise PermissionDenied
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
