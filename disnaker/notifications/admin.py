from django.contrib import admin

from disnaker.core.admin import PersonalDataAdminMixin, ReadOnlyAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    """Read-only view of the outbox, so the embedded default is usable without a mail server."""

    list_display = ("created_at", "to", "subject", "kind", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
