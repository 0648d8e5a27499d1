from django.conf import settings


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
        "url_name": getattr(getattr(request, "resolver_match", None), "url_name", ""),
        "app_name": getattr(getattr(request, "resolver_match", None), "app_name", ""),
    }
