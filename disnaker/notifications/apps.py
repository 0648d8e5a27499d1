from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "disnaker.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"
