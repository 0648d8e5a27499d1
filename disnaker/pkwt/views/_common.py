"""What both audiences' PKWT pages share: the scoped registration lookup."""

from __future__ import annotations

from django.http import HttpRequest

from disnaker.core.selectors import get_scoped_or_404

from ..selectors import registrations_for


def _registration(request: HttpRequest, pk: int):
    return get_scoped_or_404(registrations_for(user=request.user), request=request, pk=pk)
