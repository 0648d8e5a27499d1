from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top of the import graph: what ties the apps together for a person (the main menu)."""

    name = "disnaker.portal"
    label = "portal"
    verbose_name = "Portal"
