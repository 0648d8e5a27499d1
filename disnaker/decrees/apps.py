from django.apps import AppConfig


class DecreesConfig(AppConfig):
    name = "disnaker.decrees"
    label = "decrees"
    verbose_name = "Surat Keputusan/Keterangan"
