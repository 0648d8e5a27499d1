from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from disnaker.accounts.permissions import may_use_two_factor
from disnaker.pkwt.selectors import umk_missing_notice

from .navigation import menu_for


def navigation(request) -> dict:
    """The main menu (built only when a page draws it) and whether the 2FA button shows."""
    match = getattr(request, "resolver_match", None)
    here = (getattr(match, "app_name", "") or "", getattr(match, "url_name", "") or "")
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "main_menu": SimpleLazyObject(lambda: menu_for(user, here)),
        "may_use_two_factor": SimpleLazyObject(lambda: may_use_two_factor(user)),
        # The office admin's and the verifiers' banner while a needed UMK is missing (None otherwise).
        "umk_notice": lambda: umk_missing_notice(user=user),
    }
