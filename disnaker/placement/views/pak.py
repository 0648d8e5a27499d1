"""The PAK's own pages: the invitation link (sets the password) and the profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from disnaker.core import throttle
from disnaker.core.workflow import status_history
from disnaker.decrees.services import decree_valid_for

from .. import channel, permissions, selectors, services
from ..constants import PROFILE_EDITABLE
from ..forms import InvitationPasswordForm, ProfileForm
from ._common import DECISION_ERRORS, _deny, _messages_of, _trainings_template

# --- Invitation and the PAK's profile ---------------------------------------------------------------------------


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: set a password, then the profile."""
    user = services.invitation_user(token)
    if user is None:
        return render(request, "placement/invitation_invalid.html", status=404)
    if request.method == "POST" and not throttle.public_form_allowed(request, scope="pak-invitation"):
        context = {
            "form": InvitationPasswordForm(user=user),
            "invited": user,
            "officer": user.pak_profile.officer,
        }
        return throttle.rate_limited_response(
            request, "placement/invitation.html", context, scope="pak-invitation"
        )
    form = InvitationPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["password1"], request=request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Kata sandi dibuat. Registrasi dan lengkapi profil Anda di e-pengantarkerja.")
                         if channel.is_epak() else
                         _("Kata sandi dibuat. Lengkapi profil Anda lalu kirim untuk verifikasi."))  # fmt: skip
        return redirect("placement:my_profile")
    return render(request, "placement/invitation.html", {"form": form, "invited": user,
                  "officer": user.pak_profile.officer}, status=400 if form.errors else 200)  # fmt: skip


def invitation_malformed(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link without the shape of a signed token: never looked up."""
    return render(request, "placement/invitation_invalid.html", status=404)


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    if not permissions.is_placement_officer(request.user):
        _deny(request)
    profile = selectors.own_pak_profile(request.user)
    if profile is None:
        _deny(request)
    officer = profile.officer
    if channel.is_epak():
        # No profile form here: the PAK registers and keeps the profile at e-pengantarkerja.
        return render(request, "placement/my_epak.html", {
            "profile": profile, "officer": officer, "epak_url": settings.E_PENGANTARKERJA_URL,
            "status_label": channel.status_label(profile.status),
            "decree": decree_valid_for(officer.proposal, "pak_appointment"),
            "trainings_template": _trainings_template(),
        })  # fmt: skip
    editable = profile.status in PROFILE_EDITABLE
    initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    initial.update({name: getattr(officer, name) for name in services.PROFILE_OFFICER_FIELDS})
    form = ProfileForm(initial=initial)
    if request.method == "POST" and editable:
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                profile = services.profile_save(profile=profile, actor=request.user, data=form.cleaned_data,
                                                request=request)  # fmt: skip
                if "kirim" in request.POST:
                    profile = services.profile_submit(profile=profile, actor=request.user, request=request)
                    messages.success(
                        request, _("Profil dikirim. Admin provinsi akan memverifikasi registrasi Anda.")
                    )
                else:
                    messages.success(request, _("Profil disimpan."))
                return redirect("placement:my_profile")
            except DECISION_ERRORS as exc:
                for message in _messages_of(exc):
                    form.add_error(None, message)
    context = {
        "profile": profile,
        "officer": officer,
        "form": form,
        "editable": editable,
        "missing": services.profile_missing(profile),
        "history": status_history(profile),
        "decree": decree_valid_for(officer.proposal, "pak_appointment"),
        "trainings_template": _trainings_template(),
        "can_see_personal": True,
        "can_reveal_nik": True,
    }
    return render(request, "placement/my_profile.html", context, status=400 if form.errors else 200)
