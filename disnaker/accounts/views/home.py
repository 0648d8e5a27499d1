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
