from django.contrib import admin

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
