"""The admin site: the public sign-in's captcha and throttling at ``/admin/login/``, and two-factor login.

Only a session verified with a confirmed TOTP device (django-otp) has access, as with django-otp's own
``OTPAdminSite``; the code itself is asked by our second step (``accounts:otp_verify``), which the
``TwoFactorMiddleware`` sends every unverified admin to before any admin page.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .forms import AdminLoginForm


class DisnakerAdminSite(admin.AdminSite):
    site_header = "Layanan Disnaker — Administrasi"
    site_title = "Layanan Disnaker"
    login_form = AdminLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and bool(is_verified and is_verified())
