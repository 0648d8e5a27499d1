from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Layanan Disnaker — Administrasi"
admin.site.site_title = "Layanan Disnaker"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("", include("disnaker.accounts.urls")),
    path("", include("disnaker.core.urls")),
]
