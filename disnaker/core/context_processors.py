from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .branding import default_office_contact
from .request_id import request_id_for


def site(request):
    user = getattr(request, "user", None)
    office = None
    if user is not None and user.is_authenticated:
        office = user.office or (user.company.office if user.company_id else None)
        if office is None:  # a BKK operator or a PAK: the office of their BKK
            bkk = getattr(user, "bkk", None)
            profile = getattr(user, "pak_profile", None)
            office = (
                bkk.office if bkk is not None else (profile.officer.office if profile is not None else None)
            )
    return {
        "captcha_backend": settings.CAPTCHA_BACKEND,
        "site_name": "Layanan Disnaker",
        "office_label": office.short_name if office else "Layanan Disnaker",
        # The office an error page names, with its contact: the user's own, else the deployment's default
        # (looked up only when a template asks).
        "brand_office": (
            {"name": office.name, "phone": office.phone, "email": office.email}
            if office
            else SimpleLazyObject(default_office_contact)
        ),
        "request_id": request_id_for(request),
        "url_name": getattr(getattr(request, "resolver_match", None), "url_name", ""),
        "app_name": getattr(getattr(request, "resolver_match", None), "app_name", ""),
    }
