from django.contrib import admin

from .models import GuidanceActivity, GuidanceAttachment, PlacementReport, PlacementReportRow


class AttachmentInline(admin.TabularInline):
    model = GuidanceAttachment
    extra = 0
    readonly_fields = ["file", "uploaded_by", "uploaded_at"]
    can_delete = False


@admin.register(GuidanceActivity)
class GuidanceActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "bkk", "kind", "topic", "follow_up_due", "follow_up_done_at", "office"]
    list_filter = ["kind", "office"]
    search_fields = ["topic", "bkk__name"]
    raw_id_fields = ["bkk", "office", "created_by", "follow_up_done_by"]
    inlines = [AttachmentInline]


class RowInline(admin.TabularInline):
    model = PlacementReportRow
    extra = 0


@admin.register(PlacementReport)
class PlacementReportAdmin(admin.ModelAdmin):
    list_display = ["bkk", "period_kind", "period_start", "registered_total", "placed_total", "submitted_at"]
    list_filter = ["period_kind", "office"]
    search_fields = ["bkk__name"]
    raw_id_fields = ["bkk", "office", "submitted_by"]
    inlines = [RowInline]
