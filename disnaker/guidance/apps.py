from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "disnaker.guidance"
    label = "guidance"
    verbose_name = "Pembinaan BKK"
