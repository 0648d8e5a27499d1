from django.apps import AppConfig


class PkwtConfig(AppConfig):
    name = "disnaker.pkwt"
    label = "pkwt"
    verbose_name = "Pencatatan PKWT"
