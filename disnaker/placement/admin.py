"""Admin: the PAK requirement checklist is edited here; the workflow records are read-only (the application
writes them, with their history)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from disnaker.core.admin import PersonalDataAdminMixin, ReadOnlyAdmin

from .decree_text import PLACEHOLDERS
from .models import (
    Bkk,
    PakOfficeSettings,
    PakProfile,
    PakProposal,
    PakRequirement,
    PlacementOfficer,
    ProvinceReport,
)


@admin.register(PakOfficeSettings)
class PakOfficeSettingsAdmin(admin.ModelAdmin):
    """Each office's text of the SK Penetapan PAK (Menimbang … Menetapkan). A row is created with the
    defaults the first time the office signs an SK; an admin may add one ahead of that."""

    list_display = ("office", "updated_at")
    search_fields = ("office__name", "office__code")
    autocomplete_fields = ("office",)
    readonly_fields = ("placeholders", "updated_at")
    fieldsets = (
        (None, {"fields": ("office",)}),
        (_("Teks SK Penetapan PAK"), {"fields": ("placeholders", "decree_menimbang", "decree_mengingat",
                                                  "decree_memperhatikan", "decree_menetapkan",
                                                  "decree_tembusan")}),
        (None, {"fields": ("updated_at",)}),
    )  # fmt: skip

    @admin.display(description=_("placeholder"))
    def placeholders(self, obj):
        return format_html_join("", "<div><code>{{{}}}</code> — {}</div>", PLACEHOLDERS.items())


@admin.register(PakRequirement)
class PakRequirementAdmin(admin.ModelAdmin):
    list_display = ("text", "office", "order", "active")
    list_filter = ("active", "office")
    list_editable = ("order", "active")
    search_fields = ("text",)


@admin.register(Bkk)
class BkkAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    list_display = ("name", "institution_code", "office", "status", "registered_at", "last_report_at")
    list_filter = ("status", "institution_type", "office")
    search_fields = ("name", "institution_name", "institution_code", "tracking_code")
    exclude = ("edit_token",)


@admin.register(PakProposal)
class PakProposalAdmin(ReadOnlyAdmin):
    list_display = ("pk", "bkk", "office", "status", "submitted_at", "decided_at")
    list_filter = ("status", "office")
    search_fields = ("bkk__name",)


@admin.register(PlacementOfficer)
class PlacementOfficerAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    list_display = ("name", "bkk", "office", "status", "appointed_at", "last_reported_at")
    list_filter = ("status", "office")
    search_fields = ("name", "bkk__name")
    exclude = ("nik",)  # personal data stays on the pages that audit its opening


@admin.register(PakProfile)
class PakProfileAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    list_display = ("officer", "status", "submitted_at", "verified_at")
    list_filter = ("status",)
    search_fields = ("officer__name",)
    exclude = ("photo", "address", "birth_date")


@admin.register(ProvinceReport)
class ProvinceReportAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    list_display = ("office", "province_office", "officer_count", "sent_at", "read_at")
    list_filter = ("province_office", "office")
