"""The dashboard every signed-in user lands on (``accounts:dashboard``, see :mod:`.urls`): what waits for
them in each app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from disnaker.accounts import permissions, selectors
from disnaker.accounts.constants import AccountRequestStatus
from disnaker.decrees import batch as decree_batch
from disnaker.pkwt.selectors import QUEUE_DEFAULT_STATUS, registration_count
from disnaker.placement.selectors import dashboard_cards


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {}
    if permissions.can_review_account_requests(user):
        context["pending_account_requests"] = selectors.account_requests_count(
            user=user, status=AccountRequestStatus.SUBMITTED
        )
    if permissions.is_office_staff(user):
        waiting = QUEUE_DEFAULT_STATUS.get(user.role)
        context["pending_pkwt"] = registration_count(user=user, status=waiting) if waiting else 0
    if decree_batch.is_head(user):
        context["signing_queue_count"] = len(decree_batch.signing_queue(user))
    context["placement_cards"] = dashboard_cards(user=user)
    return render(request, "portal/dashboard.html", context)
