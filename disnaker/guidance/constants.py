"""Choices for the guidance of BKKs (pembinaan teknis) and their periodic placement reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from disnaker.placement.constants import BkkStatus, EducationLevel, Sex


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Kunjungan")
    MEETING = "meeting", _("Rapat")
    ONLINE = "online", _("Daring")


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    YEARLY = "yearly", _("Tahunan")


#: Months a report of each kind covers, from its start month.
PERIOD_MONTHS = {PeriodKind.MONTHLY: 1, PeriodKind.QUARTERLY: 3, PeriodKind.YEARLY: 12}

#: BKKs the office guides and that report placements. An inactive BKK reports too: a report is what it
#: needs to be reactivated (see the ``bkk_inactive`` e-mail).
GUIDED_BKK_STATUSES = (BkkStatus.REGISTERED, BkkStatus.INACTIVE)

#: The breakdown of a placement report: every sex × every education level, in this order.
REPORT_SEXES = list(Sex)
REPORT_LEVELS = list(EducationLevel)
REPORT_CELLS = [(sex, level) for sex in REPORT_SEXES for level in REPORT_LEVELS]
#: The figures of one cell of the breakdown.
REPORT_FIGURES = ("registered", "placed", "not_placed")

#: At most this many attachments on one guidance activity.
MAX_ATTACHMENTS = 10
