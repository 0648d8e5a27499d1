"""Signing in and out: the login page, the lockout message django-axes shows, and the two-factor
code (TOTP)."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .. import forms, permissions, selectors, services, throttling

# --- Sign-in, the seed's home page ---------------------------------------------------------------------
# Set at sign-in, removed at sign-out: a visitor who carries it but has no session any more was signed in
# and his session ended (expired after SESSION_COOKIE_AGE, or cleared), not someone here for the first time.
SIGNED_IN_BEFORE_COOKIE = "disnaker_signed_in"
SIGNED_IN_BEFORE_MAX_AGE = 60 * 60 * 24 * 30


def local_path(candidate: str) -> str:
    """``candidate`` if it is a path of this site (``/pkwt/…``), else ``""``: never another host, not even
    one written ``//host`` or ``/\\host``, so the ``next`` of the sign-in cannot send anyone elsewhere."""
    if not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return ""
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return ""
    return candidate


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        return local_path(super().get_redirect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only where a page that needs sign-in sent the user here (``next``), not on a first visit.
        context["session_expired"] = (
            self.request.method == "GET"
            and bool(context.get("next"))
            and self.request.COOKIES.get(SIGNED_IN_BEFORE_COOKIE) == "1"
        )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            SIGNED_IN_BEFORE_COOKIE,
            "1",
            max_age=SIGNED_IN_BEFORE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


def lockout_message(lock: throttling.LoginLock | None) -> str:
    """What a locked-out user reads: the real limit, the real time left and the way out."""
    if lock is not None and lock.kind == "account":
        return _(
            "Akun dengan email ini menerima %(limit)s kali kata sandi salah dalam %(window)s menit, dari "
            "berbagai perangkat. Demi keamanan, akun dikunci sementara: coba lagi setelah %(minutes)s menit, "
            'atau gunakan "Lupa Kata Sandi?" untuk membuat kata sandi baru dan langsung membuka kunci.'
        ) % {
            "limit": settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
            "window": settings.LOGIN_ACCOUNT_COOLOFF_MINUTES,
            "minutes": lock.minutes,
        }
    return _(
        "Kata sandi salah %(limit)s kali untuk email ini. Demi keamanan, coba lagi setelah %(minutes)s menit, "
        'atau gunakan "Lupa Kata Sandi?" untuk membuat kata sandi baru dan langsung membuka kunci.'
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
    """Signing out on purpose: the next sign-in page is not told the session ended."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(SIGNED_IN_BEFORE_COOKIE, samesite="Lax")
        return response


# --- Two-factor login (TOTP) ------------------------------------------------------------------------------------
def _next_url(request: HttpRequest) -> str:
    """Where to go after the second step: the page first asked for, if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return local_path(candidate) or reverse("accounts:dashboard")


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
                    request, _("Verifikasi dua langkah aktif. Berikutnya, masuk dengan kata sandi dan kode.")
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
