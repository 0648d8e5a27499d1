from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import MinimumWage, PkwtImport, PkwtOfficeSettings, PkwtRegistration
from .office_settings import DETAILS, PLACEHOLDERS


@admin.register(PkwtOfficeSettings)
class PkwtOfficeSettingsAdmin(admin.ModelAdmin):
    """Each office's registration channel and SK text. A row is created with the defaults the first time
    the office needs it; an admin may also add one ahead of that."""

    list_display = ("office", "registration_channel", "updated_at")
    list_filter = ("registration_channel",)
    search_fields = ("office__name", "office__code")
    autocomplete_fields = ("office",)
    readonly_fields = ("placeholders", "updated_at")
    fieldsets = (
        (None, {"fields": ("office", "registration_channel")}),
        (_("Teks SK Pencatatan PKWT"), {"fields": ("placeholders", "decree_title", "decree_basis", "decree_body")}),
        (None, {"fields": ("updated_at",)}),
    )  # fmt: skip

    @admin.display(description=_("placeholder"))
    def placeholders(self, obj):
        rows = [*PLACEHOLDERS.items(), (DETAILS, "tabel nama, alamat, NPWP dan nomor permohonan (isi SK saja, "
                                                 "sebagai satu paragraf)")]  # fmt: skip
        return format_html_join("", "<div><code>{{{}}}</code> — {}</div>", rows)


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ("region", "year", "amount", "decree")
    list_filter = ("year",)
    search_fields = ("region__name", "region__code")
    autocomplete_fields = ("region",)


@admin.register(PkwtRegistration)
class PkwtRegistrationAdmin(admin.ModelAdmin):
    list_display = ("number", "company", "office", "status", "worker_count", "submitted_at")
    list_filter = ("status", "office")
    search_fields = ("number", "company__name")
    readonly_fields = [f.name for f in PkwtRegistration._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PkwtImport)
class PkwtImportAdmin(admin.ModelAdmin):
    list_display = (
        "registration",
        "created_at",
        "status",
        "rows",
        "valid_rows",
        "error_count",
        "warning_count",
    )
    list_filter = ("status",)
    exclude = ("findings",)
    readonly_fields = ("registration", "uploaded_by", "file", "original_name", "status", "progress", "stage",
                       "rows", "valid_rows", "error_count", "warning_count", "file_errors", "saved",
                       "created_at", "finished_at")  # fmt: skip

    def has_add_permission(self, request):
        return False
