from django.contrib import admin

from .models import MinimumWage, PkwtImport, PkwtRegistration


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
