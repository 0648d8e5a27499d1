from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.core import throttle
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.selectors import get_scoped_or_404, offices_accepting_requests
from disnaker.core.uploads import private_file_response
from disnaker.core.workflow import TransitionNotAllowed, status_history

from . import forms, permissions, selectors, services, throttling
from .constants import AccountRequestStatus, Role


# --- Sign-in, the seed's home page ---------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


def lockout_message(lock: throttling.LoginLock | None) -> str:
    """What a locked-out user reads: the real limit, the real time left and the way out."""
    if lock is not None and lock.kind == "account":
        return _(
            "Akun dengan email ini menerima %(limit)s kali password salah dalam %(window)s menit, dari "
            "berbagai perangkat. Demi keamanan, akun dikunci sementara: coba lagi setelah %(minutes)s menit, "
            'atau gunakan "Lupa Kata Sandi?" untuk membuat password baru dan langsung membuka kunci.'
        ) % {
            "limit": settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
            "window": settings.LOGIN_ACCOUNT_COOLOFF_MINUTES,
            "minutes": lock.minutes,
        }
    return _(
        "Password salah %(limit)s kali untuk email ini. Demi keamanan, coba lagi setelah %(minutes)s menit, "
        'atau gunakan "Lupa Kata Sandi?" untuk membuat password baru dan langsung membuka kunci.'
    ) % {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": lock.minutes if lock else int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes calls this when an attempt is held back by a lock (see ``throttling``)."""
    message = lockout_message(throttling.login_lock(request, credentials))
    if request.path == reverse("admin:login"):
        from django.contrib import admin

        context = {
            **admin.site.each_context(request),
            "title": _("Masuk"),
            "app_path": request.get_full_path(),
            "form": forms.AdminLoginForm(request),
            "lockout_message": message,
            "next": request.POST.get("next") or reverse("admin:index"),
        }
        return render(request, "admin/login.html", context, status=429)
    return render(
        request,
        "accounts/login.html",
        {"form": forms.LoginForm(request), "lockout_message": message},
        status=429,
    )


class LogoutView(auth_views.LogoutView):
    pass


# --- Two-factor login (TOTP) ------------------------------------------------------------------------------------
def _next_url(request: HttpRequest) -> str:
    """Where to go after the second step: the page first asked for, if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:dashboard")


def _otp_wrong(form, left: int) -> None:
    form.add_error(
        "token",
        _("Kode verifikasi salah. Ketik kode terbaru dari aplikasi (sisa %(left)s kali).") % {"left": left},
    )


def _otp_lock_message(minutes: int) -> str:
    return _(
        "Kode verifikasi salah %(limit)s kali. Demi keamanan, coba lagi setelah %(minutes)s menit. "
        "Bila ponsel Anda hilang, hubungi administrator."
    ) % {"limit": settings.LOGIN_OTP_FAILURE_LIMIT, "minutes": minutes}


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in ("Kode verifikasi") for a user who must use two-factor login."""
    user = request.user
    if user.is_verified() or not permissions.two_factor_required(user):
        return redirect(_next_url(request))
    if selectors.otp_device_for(user=user) is None:
        return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = forms.OtpTokenForm(request.POST or None)
    status = 200
    lock_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            left = services.otp_verify(user=user, token=form.cleaned_data["token"], request=request)
        except services.OtpLocked as locked:
            lock_message, status = _otp_lock_message(locked.minutes), 429
        else:
            if left is None:
                return redirect(_next_url(request))
            _otp_wrong(form, left)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next_url(request), "lock_message": lock_message},
        status=status,
    )


def _otp_secret_groups(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment: the QR code and the secret of a new TOTP device; the first right code confirms it."""
    user = request.user
    if not permissions.two_factor_required(user):
        # Only those who must use it enrol: a device nobody asks a code from would only mislead.
        return redirect("accounts:two_factor")
    if selectors.otp_device_for(user=user) is not None:
        target = "accounts:two_factor" if user.is_verified() else "accounts:otp_verify"
        return redirect(f"{reverse(target)}?{urlencode({'next': _next_url(request)})}")
    device = services.otp_enrolment_device(user=user)
    form = forms.OtpTokenForm(request.POST or None)
    status = 200
    lock_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            left = services.otp_device_confirm(
                user=user, device=device, token=form.cleaned_data["token"], request=request
            )
        except services.OtpLocked as locked:
            lock_message, status = _otp_lock_message(locked.minutes), 429
        else:
            if left is None:
                messages.success(
                    request, _("Verifikasi dua langkah aktif. Berikutnya, masuk dengan password dan kode.")
                )
                return redirect(_next_url(request))
            _otp_wrong(form, left)
            status = 400
    elif request.method == "POST":
        status = 400
    qr = segno.make(device.config_url, error="m")
    response = render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "lock_message": lock_message,
            "qr_data_uri": qr.png_data_uri(scale=5, border=2),
            "secret": _otp_secret_groups(device),
        },
        status=status,
    )
    # The secret is in this page: no cache, no back-button copy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """ "Verifikasi dua langkah": whether the user must use it, and the device he has."""
    return render(
        request,
        "accounts/two_factor.html",
        {
            "required": permissions.two_factor_required(request.user),
            "device": selectors.otp_device_for(user=request.user),
            "office": request.user.office,
        },
    )


# --- Account request ("Ajukan Permohonan Disini") ------------------------------------------------------
REQUEST_TEMPLATE = "accounts/account_request_form.html"


def account_request_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # Counted before the uploads are read: four documents a request are what a robot would fill us with.
        if not throttle.public_form_allowed(request, scope="account-request"):
            form = forms.AccountRequestForm(initial=throttle.form_initial(request), captcha_request=request)
            return throttle.rate_limited_response(
                request, REQUEST_TEMPLATE, {"form": form}, scope="account-request"
            )
        form = forms.AccountRequestForm(request.POST, request.FILES, captcha_request=request)
        if form.is_valid():
            if not throttle.recipient_allowed(form.cleaned_data["email"]):
                return throttle.rate_limited_response(
                    request,
                    REQUEST_TEMPLATE,
                    {"form": form},
                    scope="account-request-recipient",
                    message=_("Terlalu banyak e-mail dikirim ke alamat email ini dalam satu jam terakhir."),
                )
            office = offices_accepting_requests().get(region=form.cleaned_data["region"])
            account_request = services.account_request_create(
                data=form.cleaned_data, office=office, request=request
            )
            request.session["account_request_code"] = account_request.tracking_code
            return redirect("accounts:account_request_sent")
    else:
        form = forms.AccountRequestForm(captcha_request=request)
    return render(request, REQUEST_TEMPLATE, {"form": form})


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
        if not throttle.public_form_allowed(request, scope="track"):
            form = forms.TrackForm(initial=throttle.form_initial(request), captcha_request=request)
            return throttle.rate_limited_response(
                request, "accounts/track.html", {"form": form}, scope="track"
            )
        form = forms.TrackForm(request.POST, captcha_request=request)
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
                form = forms.TrackForm(captcha_request=request)
    else:
        form = forms.TrackForm(
            initial={"tracking_code": request.GET.get("kode", "")[:20]}, captcha_request=request
        )
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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "captcha_request": self.request}

    def post(self, request, *args, **kwargs):
        if not throttle.public_form_allowed(request, scope="password-reset"):
            form = self.form_class(initial=throttle.form_initial(request), captcha_request=request)
            return throttle.rate_limited_response(
                request, self.template_name, self.get_context_data(form=form), scope="password-reset"
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        audit_record(
            action=AuditAction.PASSWORD_RESET_REQUESTED,
            request=self.request,
            actor_label=form.cleaned_data["email"],
        )
        if not throttle.recipient_allowed(form.cleaned_data["email"]):
            # Too many links to this address this hour: send nothing, and answer exactly as when a link
            # was sent, so the answer says nothing about whether the address has an account.
            throttle.record_rate_limited(self.request, scope="password-reset-recipient")
            return HttpResponseRedirect(self.get_success_url())
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
            "api_validate_url": settings.SITE_URL + reverse("api:pkwt_validate"),
            "api_docs_url": reverse("api:openapi-view"),
            "token_valid_days": settings.API_TOKEN_VALID_DAYS,
            "api_rate_limit": settings.API_RATE_LIMIT_PER_MINUTE,
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
