"""The dashboard (``accounts:dashboard``) every signed-in user lands on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import permissions, selectors
from ..constants import AccountRequestStatus


# --- Dashboard -----------------------------------------------------------------------------------------
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {}
    if permissions.can_review_account_requests(user):
        context["pending_account_requests"] = selectors.account_requests_count(
            user=user, status=AccountRequestStatus.SUBMITTED
        )
    if permissions.is_office_staff(user):
        from disnaker.pkwt.selectors import QUEUE_DEFAULT_STATUS, registration_count

        waiting = QUEUE_DEFAULT_STATUS.get(user.role)
        context["pending_pkwt"] = registration_count(user=user, status=waiting) if waiting else 0
    from disnaker.placement.selectors import dashboard_cards

    context["placement_cards"] = dashboard_cards(user=user)
    return render(request, "accounts/dashboard.html", context)
