from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "disnaker.api"
    label = "api"
    verbose_name = "API"
