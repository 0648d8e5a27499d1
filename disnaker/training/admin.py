from django.contrib import admin

from disnaker.core.admin import PersonalDataAdminMixin, ReadOnlyAdmin

from .models import Training, TrainingParticipant


class ParticipantInline(admin.TabularInline):
    model = TrainingParticipant
    extra = 0
    can_delete = False
    fields = ("officer", "attendance")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Training)
class TrainingAdmin(PersonalDataAdminMixin, ReadOnlyAdmin):
    """Trainings are recorded on the Bimtek pages (invitations and certificates go through services)."""

    list_display = ("title", "office", "organiser_level", "start_date", "end_date")
    list_filter = ("organiser_level", "office")
    search_fields = ("title",)
    inlines = [ParticipantInline]
