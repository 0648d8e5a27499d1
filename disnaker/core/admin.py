from django.contrib import admin
from django.contrib.admin.utils import unquote

from .audit import audit_record
from .constants import AuditAction
from .models import AuditLog, CalendarOverride, Office, Region, StatusChange, WorkerHeartbeat


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "accepts_requests")
    list_filter = ("level", "accepts_requests")
    search_fields = ("code", "name")


class PersonalDataAdminMixin:
    """For admin pages of records holding personal data (names, e-mail addresses, phone numbers, addresses):
    every list and every record the admin opens is audited as ``PERSONAL_DATA_VIEWED`` with ``"admin": True``,
    like a page of the application. NIKs, photos and identity documents stay out of the admin altogether
    (``exclude`` them); they open only on the pages that check the duty and audit each opening."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit_record(action=AuditAction.PERSONAL_DATA_VIEWED, actor=request.user, request=request,
                         data={"admin": True, "list": self.model._meta.label_lower})  # fmt: skip
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                audit_record(action=AuditAction.PERSONAL_DATA_VIEWED, actor=request.user, obj=obj,
                             request=request, data={"admin": True})  # fmt: skip
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written only by the application (audit, history, outbox, decrees)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor_label", "office", "object_type", "object_id", "ip_address")
    list_filter = ("action", "office")
    search_fields = ("actor_label", "object_id")
    date_hierarchy = "created_at"


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "content_type",
        "object_id",
        "from_status",
        "to_status",
        "actor",
        "actor_role",
    )
    list_filter = ("content_type", "to_status")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "is_holiday")
    list_filter = ("is_holiday",)
    date_hierarchy = "date"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    """Which task workers run now: one whose *terakhir aktif* is older than WORKER_STALE_SECONDS is dead,
    and its running task has been (or will be) run again or marked failed."""

    list_display = ("worker_id", "hostname", "pid", "started_at", "last_seen")
