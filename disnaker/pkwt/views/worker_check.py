"""*Cek Kontrak Saya*, the public page where a worker checks their own registered PKWT
(see :mod:`disnaker.pkwt.worker_check`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from disnaker.core import throttle

from .. import worker_check
from ..forms import WorkerCheckForm

TEMPLATE = "pkwt/worker_check.html"
SCOPE = "worker-check"


@never_cache
@require_http_methods(["GET", "POST"])
def worker_check_page(request: HttpRequest) -> HttpResponse:
    """The form; after a valid POST the matching contracts, or one answer for "no match" whether the NIK is
    unknown or the birth date wrong. The NIK is never put in the URL (POST only) nor typed back."""
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": WorkerCheckForm(captcha_request=request)})
    if not throttle.public_form_allowed(request, scope=SCOPE):
        form = WorkerCheckForm(captcha_request=request)
        return throttle.rate_limited_response(request, TEMPLATE, {"form": form}, scope=SCOPE)
    form = WorkerCheckForm(request.POST, captcha_request=request)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form})
    found = worker_check.worker_check_lookup(
        request=request, nik=form.cleaned_data["nik"], birth_date=form.cleaned_data["birth_date"]
    )
    fresh = WorkerCheckForm(captcha_request=request)
    if found is None:
        return throttle.rate_limited_response(
            request,
            TEMPLATE,
            {"form": fresh},
            scope=f"{SCOPE}-nik",
            message=_("NIK ini terlalu sering diperiksa dalam satu jam terakhir."),
        )
    return render(request, TEMPLATE, {"form": fresh, "checked": True, "contracts": found})
