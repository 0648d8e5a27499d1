"""Reads for guidance activities, placement reports and the monitoring flags, scoped like BKKs
(:func:`disnaker.placement.selectors.bkks_for`): the operator their BKK, the kab/kota office its own, the province
its kab/kota offices', the ministry everything."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from disnaker.placement.constants import BkkStatus
from disnaker.placement.models import Bkk
from disnaker.placement.selectors import bkk_report_flags, bkks_for

from .constants import GUIDED_BKK_STATUSES
from .models import GuidanceActivity, PlacementReport
from .periods import whole_months_between

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _LatestReport(TypedDict):
    latest_report_id: int | None


class _Reference(TypedDict):
    reference: datetime.datetime | None


def guided_bkks_for(*, user) -> QuerySet[Bkk]:
    """BKKs the user may choose in a guidance form or filter: registered or inactive, in scope."""
    return bkks_for(user=user).filter(status__in=GUIDED_BKK_STATUSES).order_by("name")


def activities_for(*, user) -> QuerySet[GuidanceActivity]:
    return GuidanceActivity.objects.filter(bkk__in=bkks_for(user=user))


def _narrowed(rows: QuerySet, **lookups) -> QuerySet:
    """``rows`` filtered by each lookup that has a value (a filter form's empty fields narrow nothing)."""
    return rows.filter(**{lookup: value for lookup, value in lookups.items() if value})


def activity_for_page(*, user) -> QuerySet[GuidanceActivity]:
    """``activities_for`` with what an activity's page shows."""
    return activities_for(user=user).select_related("bkk", "office", "created_by", "follow_up_done_by")


def overdue_count(*, user, today: datetime.date | None = None) -> int:
    """The activities in scope whose follow-up is overdue."""
    return activities_for(user=user).filter(overdue_filter(today)).count()


def bkk_picked(bkks: QuerySet[Bkk], value: str) -> Bkk | None:
    """The BKK of ``bkks`` whose id is ``value`` (a link's ``?bkk=``), or ``None``."""
    return bkks.filter(pk=value).first() if value.isdigit() else None


def for_export(rows: QuerySet, related: str, limit: int) -> QuerySet:
    """At most ``limit`` of ``rows``, each with ``related`` loaded in one more query."""
    return rows.prefetch_related(related)[:limit]


def attachments_of(activity: GuidanceActivity) -> list:
    return list(activity.attachments.all())


def attachment_count(activity: GuidanceActivity) -> int:
    """How many attachments the activity has (from the prefetched list when the export loaded it)."""
    return len(activity.attachments.all())


def attachment_of(activity: GuidanceActivity, pk: int):
    """One attachment of the activity (``DoesNotExist`` when it has none with that id)."""
    return activity.attachments.get(pk=pk)


def activity_list(
    *,
    user,
    bkk=None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[GuidanceActivity]:
    rows = activities_for(user=user).select_related("bkk", "office", "created_by")
    rows = _narrowed(rows, bkk=bkk, kind=kind, date__gte=date_from, date__lte=date_to)
    if overdue:
        rows = rows.filter(overdue_filter(today))
    return rows.order_by("-date", "-pk")


def overdue_filter(today: datetime.date | None = None) -> Q:
    """Activities whose follow-up is past its due date and not done."""
    today = today or timezone.localdate()
    return Q(follow_up_due__lt=today, follow_up_done_at__isnull=True) & ~Q(follow_up="")


def reports_for(*, user) -> QuerySet[PlacementReport]:
    return PlacementReport.objects.filter(bkk__in=bkks_for(user=user))


def report_for_page(*, user) -> QuerySet[PlacementReport]:
    return reports_for(user=user).select_related("bkk", "office", "submitted_by")


def report_list(
    *, user, bkk=None, period_kind: str = "", year: int | None = None
) -> QuerySet[PlacementReport]:
    rows = reports_for(user=user).select_related("bkk", "office", "submitted_by")
    in_year = {"period_start__year__lte": year, "period_end__year__gte": year}
    rows = _narrowed(rows, bkk=bkk, period_kind=period_kind, **in_year)
    return rows.order_by("-period_start", "-submitted_at", "-pk")


def report_cells(report: PlacementReport) -> dict:
    """The report's figures by ``(sex, education level)`` (its prefetched rows when the list loaded them)."""
    return {(row.sex, row.education_level): row for row in report.rows.all()}


def with_latest_report(bkks: QuerySet[Bkk]) -> QuerySet[WithAnnotations[Bkk, _LatestReport]]:
    """``bkks`` annotated with ``latest_report_id``: the report submitted last."""
    latest = (
        PlacementReport.objects.filter(bkk=OuterRef("pk")).order_by("-submitted_at", "-pk").values("pk")[:1]
    )
    return bkks.annotate(latest_report_id=Subquery(latest))


def latest_report_summary(*, user) -> list[tuple[Bkk, PlacementReport | None]]:
    """Each guided BKK in scope with its latest placement report (``None`` when it has sent none)."""
    bkks = list(with_latest_report(guided_bkks_for(user=user).select_related("office")))
    reports = PlacementReport.objects.in_bulk([b.latest_report_id for b in bkks if b.latest_report_id])
    return [(b, reports.get(b.latest_report_id)) for b in bkks]


# --- Monitoring -------------------------------------------------------------------------------------------------

FLAG_OK = "ok"
FLAG_WATCH = "watch"
FLAG_STALE = "stale"
FLAG_PROPOSED = "proposed"


@dataclass
class MonitoringRow:
    bkk: Bkk
    reference: datetime.datetime | None  # the last report, or the registration when there is none
    months: int | None
    flag: str

    @property
    def has_report(self) -> bool:
        return self.bkk.last_report_at is not None


def monitoring_queryset(*, user) -> QuerySet[WithAnnotations[Bkk, _Reference]]:
    """The registered BKKs in scope, those without a report for longest first."""
    return (
        bkks_for(user=user)
        .filter(status=BkkStatus.REGISTERED)
        .select_related("office")
        .annotate(reference=Coalesce(F("last_report_at"), F("registered_at"), output_field=DateTimeField()))
        .order_by(F("reference").asc(nulls_first=True), "name")
    )


def monitoring_filter(rows: QuerySet[Bkk], flag: str, now: datetime.datetime | None = None) -> QuerySet[Bkk]:
    limits = bkk_report_flags(now)
    overdue = Q(reference__lt=limits["overdue"])
    stale = Q(reference__lt=limits["inactive"])
    if flag == FLAG_WATCH:
        return rows.filter(overdue)
    if flag == FLAG_STALE:
        return rows.filter(stale | Q(inactivation_proposed_at__isnull=False))
    if flag == FLAG_OK:
        return rows.exclude(overdue).filter(inactivation_proposed_at__isnull=True)
    return rows


def monitoring_row(bkk: Bkk, now: datetime.datetime | None = None) -> MonitoringRow:
    """The flag of one BKK, with the same limits as :func:`disnaker.placement.selectors.bkks_without_recent_report`
    and :func:`disnaker.placement.services.bkk_propose_inactivation`."""
    now = now or timezone.now()
    limits = bkk_report_flags(now)
    reference = bkk.last_report_at or bkk.registered_at
    months = None
    if reference is not None:
        months = whole_months_between(timezone.localtime(reference), timezone.localtime(now))
    if bkk.inactivation_proposed_at:
        flag = FLAG_PROPOSED
    elif reference is not None and reference < limits["inactive"]:
        flag = FLAG_STALE
    elif reference is not None and reference < limits["overdue"]:
        flag = FLAG_WATCH
    else:
        flag = FLAG_OK
    return MonitoringRow(bkk=bkk, reference=reference, months=months, flag=flag)


def monitoring_counts(*, user, now: datetime.datetime | None = None) -> dict[str, int]:
    rows = monitoring_queryset(user=user)
    limits = bkk_report_flags(now)
    return {
        "registered": rows.count(),
        "watch": rows.filter(reference__lt=limits["overdue"]).count(),
        "stale": rows.filter(reference__lt=limits["inactive"], inactivation_proposed_at__isnull=True).count(),
        "proposed": rows.filter(inactivation_proposed_at__isnull=False).count(),
    }
