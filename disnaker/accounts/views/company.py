"""The company's settings ("Pengaturan") and its API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.core.selectors import get_scoped_or_404

from .. import forms, selectors, services
from ..constants import Role


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
