from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "disnaker.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from . import signals  # noqa: F401
