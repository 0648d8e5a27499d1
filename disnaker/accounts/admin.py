from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from disnaker.core.admin import ReadOnlyAdmin

from .models import AccountRequest, Company, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "office", "company", "is_active", "must_change_password")
    list_filter = ("role", "office", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profil", {"fields": ("full_name", "role", "office", "company")}),
        ("Status", {"fields": ("is_active", "must_change_password", "password_expires_at", "last_login")}),
        ("Admin", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "office", "password1", "password2")}),
    )
    readonly_fields = ("last_login",)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_form", "scale", "region", "office", "created_at")
    list_filter = ("office", "scale", "legal_form")
    search_fields = ("name", "npwp", "email")


@admin.register(AccountRequest)
class AccountRequestAdmin(ReadOnlyAdmin):
    """Read-only. Documents are personal data and open only from the office's review page."""

    list_display = ("tracking_code", "company_name", "office", "status", "created_at")
    list_filter = ("status", "office")
    search_fields = ("tracking_code", "company_name", "email")
    exclude = ("application_letter", "power_of_attorney", "ktp_image", "id_card_image")
