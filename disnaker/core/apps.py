from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "disnaker.core"
    label = "core"
    verbose_name = "Inti"
