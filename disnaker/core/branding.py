"""The office a page speaks for when no user is signed in: the deployment's default office.

The error pages name it and give its telephone and e-mail, so a visitor knows whom to ask. The 500 page must
render while the database is down, so it reads only the copy the other pages leave in the cache.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_CACHE_KEY = "core:default-office-contact"
_CACHE_SECONDS = 60 * 60
FALLBACK = {"name": "Dinas Ketenagakerjaan", "phone": "", "email": ""}


def default_office_contact(*, use_database: bool = True) -> dict[str, str]:
    """``{"name", "phone", "email"}`` of ``DEFAULT_OFFICE_CODE``'s office; a plain fallback when it is
    unknown or cannot be read. Never raises."""
    try:
        cached = cache.get(_CACHE_KEY)
    except Exception:  # a broken cache must not break an error page
        cached = None
    if cached or not use_database:
        return cached or dict(FALLBACK)
    try:
        from disnaker.core.models import Office

        office = (
            Office.objects.filter(code=settings.DEFAULT_OFFICE_CODE).only("name", "phone", "email").first()
        )
    except Exception:
        logger.warning("default office could not be read for an error page", exc_info=True)
        return dict(FALLBACK)
    contact = (
        {"name": office.name, "phone": office.phone, "email": office.email} if office else dict(FALLBACK)
    )
    try:
        cache.set(_CACHE_KEY, contact, _CACHE_SECONDS)
    except Exception:
        logger.warning("default office contact could not be cached", exc_info=True)
    return contact
