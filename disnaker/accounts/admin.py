from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from disnaker.core.admin import PersonalDataAdminMixin, ReadOnlyAdmin

from . import services
from .models import AccountRequest, Company, User
from .permissions import can_remove_two_factor_devices, two_factor_required
from .selectors import user_has_history


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, BaseUserAdmin):
    """Users are deactivated, not deleted, once they have acted: their audit and status rows must keep naming
    them. Only a user without any such row (e.g. created by mistake) can be deleted, from their own page."""

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

    actions = ["deactivate_users"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        # No bulk delete: it would try users with history too. Deleting stays a one-user decision on the
        # user's page, where has_delete_permission() looks at that user's history.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and user_has_history(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Nonaktifkan pengguna"), permissions=["change"])
    def deactivate_users(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True):
            try:
                services.user_deactivate(user=user, actor=request.user, request=request)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(n)d pengguna dinonaktifkan; sesi masuknya diakhiri.",
                    "%(n)d pengguna dinonaktifkan; sesi masuknya diakhiri.",
                    done,
                )
                % {"n": done},
                messages.SUCCESS,
            )

    def save_model(self, request, obj, form, change):
        # Clearing "aktif" on the form goes through the same service as the action (audit, sessions).
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True
        super().save_model(request, obj, form, change)
        if deactivating:
            try:
                services.user_deactivate(user=obj, actor=request.user, request=request)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)


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
class CompanyAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("name", "legal_form", "scale", "region", "office", "created_at")
    list_filter = ("office", "scale", "legal_form")
    search_fields = ("name", "npwp", "email")


@admin.register(AccountRequest)
class AccountRequestAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    """Read-only. Documents are personal data and open only from the office's review page."""

    list_display = ("tracking_code", "company_name", "office", "status", "created_at")
    list_filter = ("status", "office")
    search_fields = ("tracking_code", "company_name", "email")
    exclude = services.REQUEST_DOCUMENTS
