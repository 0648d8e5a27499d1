from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from disnaker.core.admin import ReadOnlyAdmin

from .forms import DecreeSettingsAdminForm
from .models import Decree, DecreeCounter, DecreeNumberPattern, DecreeSettings


class DecreeNumberPatternInline(admin.TabularInline):
    """One row per registered kind (``DecreeSettings.ensure_number_patterns``): only the pattern is edited."""

    model = DecreeNumberPattern
    fields = ("kind", "pattern")
    readonly_fields = ("kind",)
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DecreeSettings)
class DecreeSettingsAdmin(admin.ModelAdmin):
    form = DecreeSettingsAdminForm
    inlines = [DecreeNumberPatternInline]
    list_display = ("office", "signer_name", "signer_position", "updated_at")
    search_fields = ("office__name", "signer_name")
    readonly_fields = ("current_logo", "updated_at")
    fieldsets = (
        (None, {"fields": ("office",)}),
        (_("Kop surat"), {"fields": ("letterhead_government", "letterhead_office", "letterhead_address",
                                     "letterhead_contact", "current_logo", "logo", "remove_logo")}),
        (_("Penanda tangan"), {"fields": ("place", "signer_position", "signer_name", "signer_rank", "signer_nip",
                                          "copies_to")}),
        (_("Sertifikat tanda tangan digital"), {"fields": ("signer_backend", "bsre_nik", "pkcs12_path",
                                                          "pkcs12_password_env")}),
        (None, {"fields": ("updated_at",)}),
    )  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_change_permission(request, obj):
            obj.ensure_number_patterns()  # a kind registered since: its row, with the default pattern
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.ensure_number_patterns()

    @admin.display(description=_("logo saat ini"))
    def current_logo(self, obj):
        return _("ada") if obj and obj.logo else _("tidak ada")


@admin.register(Decree)
class DecreeAdmin(ReadOnlyAdmin):
    """Read-only: a decree is never edited or deleted; the head revokes it from the application."""

    list_display = ("number", "kind", "office", "subject_name", "subject_count", "status", "issued_at")
    list_filter = ("status", "kind", "office")
    search_fields = ("number", "subject_name")
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
