from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from disnaker.core.admin import PersonalDataAdminMixin, ReadOnlyAdmin

from .models import OutboxMessage
from .services import outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    """Read-only view of the outbox, so the embedded default is usable without a mail server.

    A message that failed ``OUTBOX_MAX_ATTEMPTS`` times is *Gagal*, with its last error; *Kirim ulang* gives it
    a fresh set of attempts. Passwords and links in a body are shown as "[disembunyikan]"."""

    list_display = (
        "created_at", "to", "subject", "kind", "status", "attempts", "next_attempt_at", "sent_at", "error",
    )  # fmt: skip
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    actions = ["retry"]
    readonly_fields = [
        "channel", "kind", "to", "subject", "body_shown", "status", "attempts", "last_error",
        "next_attempt_at", "created_at", "sent_at",
    ]  # fmt: skip
    fields = readonly_fields

    @admin.display(description=_("isi"))
    def body_shown(self, obj: OutboxMessage) -> str:
        return obj.redacted_body()

    @admin.display(description=_("kesalahan terakhir"))
    def error(self, obj: OutboxMessage) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Kirim ulang pesan terpilih"))
    def retry(self, request, queryset):
        count = outbox_retry(messages=queryset, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "%(n)d pesan dijadwalkan untuk dikirim ulang.",
                "%(n)d pesan dijadwalkan untuk dikirim ulang.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
