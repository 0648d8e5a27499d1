from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from disnaker.core.admin import ReadOnlyAdmin

from . import services
from .models import AccountRequest, Company, User
from .permissions import can_remove_two_factor_devices, two_factor_required


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "office", "company", "is_active", "must_change_password")
    list_filter = ("role", "office", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profil", {"fields": ("full_name", "role", "office", "company")}),
        (
            "Status",
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "password_expires_at",
                    "last_login",
                    "two_factor",
                )
            },
        ),
        ("Admin", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "office", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "two_factor")

    @admin.display(description="Verifikasi dua langkah")
    def two_factor(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        required = "wajib" if two_factor_required(obj) else "tidak diwajibkan"
        device = TOTPDevice.objects.filter(user=obj, confirmed=True).order_by("pk").first()
        if device is None:
            return f"Belum aktif ({required})"
        return format_html(
            'Aktif ({}) · <a href="{}">Hapus perangkat (ponsel hilang)</a>',
            required,
            reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]),
        )


# django-otp's own admin would let an admin add or edit another user's device (and its secret); here a device
# is enrolled by its user with a first code, and an admin may only remove it, with an audit entry.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(TOTPDeviceAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_remove_two_factor_devices(request.user)

    def delete_model(self, request, obj):
        services.otp_devices_remove(user=obj.user, actor=request.user, request=request, devices=[obj])

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            services.otp_devices_remove(
                user=device.user, actor=request.user, request=request, devices=[device]
            )


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
