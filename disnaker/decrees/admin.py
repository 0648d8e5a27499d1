from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from disnaker.core.admin import ReadOnlyAdmin

from .forms import DecreeSettingsAdminForm
from .models import Decree, DecreeCounter, DecreeSettings


@admin.register(DecreeSettings)
class DecreeSettingsAdmin(admin.ModelAdmin):
    form = DecreeSettingsAdminForm
    list_display = ("office", "signer_name", "signer_position", "number_pattern_pkwt", "updated_at")
    search_fields = ("office__name", "signer_name")
    readonly_fields = ("current_logo", "updated_at")
    fieldsets = (
        (None, {"fields": ("office",)}),
        (_("Kop surat"), {"fields": ("letterhead_government", "letterhead_office", "letterhead_address",
                                     "letterhead_contact", "current_logo", "logo", "remove_logo")}),
        (_("Nomor dan penanda tangan"), {"fields": ("number_pattern_pkwt", "place", "signer_position", "signer_name",
                                                    "signer_rank", "signer_nip", "copies_to")}),
        (_("Sertifikat tanda tangan digital"), {"fields": ("pkcs12_path", "pkcs12_password_env")}),
        (None, {"fields": ("updated_at",)}),
    )  # fmt: skip

    @admin.display(description=_("logo saat ini"))
    def current_logo(self, obj):
        return _("ada") if obj and obj.logo else _("tidak ada")


@admin.register(Decree)
class DecreeAdmin(ReadOnlyAdmin):
    """Read-only: a decree is never edited or deleted; the head revokes it from the application."""

    list_display = ("number", "kind", "office", "company_name", "worker_count", "status", "issued_at")
    list_filter = ("status", "kind", "office")
    search_fields = ("number", "company_name")
    date_hierarchy = "issued_at"
    exclude = ("pdf", "token")
    readonly_fields = ("verification_link",)

    @admin.display(description=_("tautan verifikasi"))
    def verification_link(self, obj):
        from .services import verify_url

        return verify_url(obj.token) if obj else ""


@admin.register(DecreeCounter)
class DecreeCounterAdmin(ReadOnlyAdmin):
    list_display = ("office", "year", "kind", "last_number")
    list_filter = ("year", "kind", "office")
