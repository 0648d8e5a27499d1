"""The public account request ("Ajukan Permohonan Disini"): the form, its confirmation, the terms and
tracking."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from disnaker.core import throttle
from disnaker.core.pages import public_track
from disnaker.core.selectors import offices_accepting_requests

from .. import forms, selectors, services

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
    return public_track(
        request,
        form_class=forms.TrackForm,
        scope="track",
        template="accounts/track.html",
        find=lambda code, email: selectors.account_request_track(tracking_code=code, email=email),
        not_found=_("Permohonan tidak ditemukan. Periksa kode lacak dan email yang Anda pakai."),
        name="account_request",
    )
