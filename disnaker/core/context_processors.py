from django.conf import settings


def site(request):
    return {"captcha_backend": settings.CAPTCHA_BACKEND, "site_name": "Layanan Disnaker"}
