from django.contrib import admin
from django.urls import include, path

from disnaker.api.api import api
from disnaker.core.views import captcha_refresh

admin.site.site_header = "Layanan Disnaker — Administrasi"
admin.site.site_title = "Layanan Disnaker"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before captcha.urls, so this rate-limited refresh answers instead of the library's own.
    path("captcha/refresh/", captcha_refresh, name="captcha-refresh"),
    path("captcha/", include("captcha.urls")),
    path("api/v1/", api.urls),
    # The account pages and the dashboard (``accounts:dashboard``, the portal's).
    path("", include("disnaker.portal.urls")),
    path("", include("disnaker.pkwt.urls")),
    path("", include("disnaker.decrees.urls")),
    path("", include("disnaker.placement.urls")),
    path("", include("disnaker.guidance.urls")),
    path("", include("disnaker.training.urls")),
    path("", include("disnaker.core.urls")),
]

# Error pages in Indonesian with the office's name (templates/404.html, 403.html, 400.html are found by
# Django's default handlers; the 500 page has its own handler, which needs no database).
handler500 = "disnaker.core.views.server_error"
