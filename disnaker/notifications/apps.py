from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "disnaker.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"

    def ready(self) -> None:
        from disnaker.core.flows import register_mailer
        from disnaker.core.worker import register_sweep

        from .services import outbox_enqueue, outbox_requeue_overdue

        register_sweep(outbox_requeue_overdue)
        # The e-mails of review-workflow steps go through the outbox.
        register_mailer(outbox_enqueue)
