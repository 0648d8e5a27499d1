from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    office = None
    if user is not None and user.is_authenticated:
        office = user.office or (user.company.office if user.company_id else None)
    return {
        "captcha_backend": settings.CAPTCHA_BACKEND,
        "site_name": "Layanan Disnaker",
        "office_label": office.short_name if office else "Layanan Disnaker",
        "url_name": getattr(getattr(request, "resolver_match", None), "url_name", ""),
    }
