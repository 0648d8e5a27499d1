"""Passwords: changing one's own, and the reset by e-mail link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from disnaker.core import throttle
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction

from .. import forms, services


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
        messages.success(self.request, _("Kata sandi berhasil diubah."))
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
