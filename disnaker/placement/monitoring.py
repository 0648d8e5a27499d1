"""Figures of the BKK and PAK monitoring dashboard, each a GROUP BY aggregate (a fixed handful of queries
whatever the number of BKKs and PAK).

Three scopes, decided by :func:`monitoring_scope`:

- a kab/kota office (verifier, head) sees one row: itself;
- a province admin one row per kab/kota office under its province (offices without data included);
- the ministry viewer (and the admin) one row per province, the kab/kota offices under each added up, and
  may open one province (``?provinsi=<code>``) to see its kab/kota rows.

The time waiting for verification is counted in **working days** (:class:`disnaker.core.workdays.WorkCalendar`):
the awaiting registrations are grouped by submission date in SQL, so the working days are computed once per
distinct date, not per registration.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disnaker.accounts.constants import Role
from disnaker.core.constants import OfficeLevel
from disnaker.core.models import Office
from disnaker.core.workdays import WorkCalendar

from . import channel, permissions
from .constants import EPAK_STATUSES, AppointmentStatus, BkkStatus, ProfileStatus
from .models import Bkk, PakProfile, PlacementOfficer, ProvinceReport

#: Appointment statuses shown (a draft candidate is the BKK's own business until proposed).
APPOINTMENT_COLUMNS = [(v, label) for v, label in AppointmentStatus.choices if v != AppointmentStatus.DRAFT]
PROFILE_COLUMNS = list(ProfileStatus.choices)


def profile_columns() -> list[tuple[str, str]]:
    """The registration statuses shown: the portal's own five, or e-pengantarkerja's four."""
    if channel.is_epak():
        return [(v, str(label)) for v, label in EPAK_STATUSES.items()]
    return PROFILE_COLUMNS


class NotAllowed(Exception):
    """The user has no monitoring scope."""


@dataclass
class Scope:
    """What the dashboard shows: ``offices`` are its rows; with ``by_province`` each row is a province and
    adds up the kab/kota offices under it."""

    kind: str  # "regency", "province" or "national"
    offices: list[Office]
    title: str
    by_province: bool = False
    province: Office | None = None  # the province opened (province admin, or the ministry's drill-down)
    filter_q: dict = field(default_factory=dict)  # the kab/kota offices counted, as lookups on the office

    def lookup(self, path: str) -> Q:
        """The scope as a filter on a model whose kab/kota office is at ``path`` (``office``, ``officer__office``)."""
        return Q(**{f"{path}__{key}" if key else path: value for key, value in self.filter_q.items()})

    def group(self, path: str) -> str:
        return f"{path}__parent" if self.by_province else path


def monitoring_scope(user, province_code: str | None = None) -> Scope:
    """The rows the user may see; raises :class:`NotAllowed` for anyone else, ``Office.DoesNotExist`` for an
    unknown province code."""
    if permissions.is_regency_staff(user):
        office = user.office
        return Scope(kind="regency", offices=[office], title=office.name, filter_q={"": office.pk})
    if permissions.is_province_admin(user):
        province = user.office
        return _province_scope(province)
    if user.is_authenticated and user.role in (Role.MINISTRY_VIEWER, Role.ADMIN):
        if province_code:
            return _province_scope(
                Office.objects.get(level=OfficeLevel.PROVINCE, code=province_code), national=True
            )
        provinces = list(Office.objects.filter(level=OfficeLevel.PROVINCE).order_by("code"))
        return Scope(kind="national", offices=provinces, title=str(_("Nasional")), by_province=True,
                     filter_q={"level": OfficeLevel.REGENCY})  # fmt: skip
    raise NotAllowed


def _province_scope(province: Office, *, national: bool = False) -> Scope:
    offices = list(Office.objects.filter(parent=province, level=OfficeLevel.REGENCY).order_by("name"))
    return Scope(kind="national-province" if national else "province", offices=offices, title=province.name,
                 province=province, filter_q={"parent": province.pk})  # fmt: skip


@dataclass
class Waiting:
    count: int = 0
    median_days: float | None = None
    oldest_days: int | None = None
    over_target: int = 0


@dataclass
class Freshness:
    """How recent the e-pengantarkerja statuses of the appointed PAK are (``EPAK_STATUS_STALE_DAYS``)."""

    fresh: int = 0  # checked within the limit
    stale: int = 0  # checked before it
    never: int = 0  # never checked
    oldest: datetime.datetime | None = None  # the oldest last check

    @property
    def oldest_days(self) -> int | None:
        return (timezone.now() - self.oldest).days if self.oldest else None

    def add(self, other: Freshness) -> None:
        self.fresh += other.fresh
        self.stale += other.stale
        self.never += other.never
        if other.oldest and (self.oldest is None or other.oldest < self.oldest):
            self.oldest = other.oldest


@dataclass
class Row:
    office: Office
    bkk_registered: int = 0
    bkk_inactive: int = 0
    appointment: dict[str, int] = field(default_factory=dict)
    registration: dict[str, int] = field(default_factory=dict)
    waiting: Waiting = field(default_factory=Waiting)
    last_report_at: datetime.datetime | None = None
    epak: Freshness = field(default_factory=Freshness)

    @property
    def appointment_cells(self) -> list[int]:
        return [self.appointment.get(v, 0) for v, _label in APPOINTMENT_COLUMNS]

    @property
    def registration_cells(self) -> list[int]:
        return [self.registration.get(v, 0) for v, _label in profile_columns()]

    @property
    def epak_checked(self) -> int:
        return self.epak.fresh + self.epak.stale


class WorkingDayIndex:
    """Working days between a date and today, answered by bisection in the list of working days between the
    oldest date asked and today (built once: at most a few hundred days)."""

    def __init__(self, oldest: datetime.date, today: datetime.date):
        calendar = WorkCalendar()
        self.today = today
        self.days: list[datetime.date] = []
        day = oldest
        one = datetime.timedelta(days=1)
        while day <= today:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += one

    def after(self, start: datetime.date) -> int:
        """Working days in ``(start, today]`` (as :meth:`WorkCalendar.working_days_after`)."""
        if start >= self.today:
            return 0
        return len(self.days) - bisect.bisect_right(self.days, start)


def _median(histogram: list[tuple[int, int]]) -> float | None:
    """The median of values given as ``(value, count)`` pairs sorted by value."""
    total = sum(n for _v, n in histogram)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle position(s), 0-based
    found = []
    seen = 0
    for value, n in histogram:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return sum(found) / len(found)


def _month_start(day: datetime.date, back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def dashboard(scope: Scope, *, months: int = 12, today: datetime.date | None = None) -> dict:
    """Every figure of the dashboard for ``scope``: seven aggregate queries and the calendar overrides,
    whatever the data."""
    today = today or timezone.localdate()
    target = settings.PAK_VERIFICATION_TARGET_WORKING_DAYS
    rows = {o.pk: Row(office=o) for o in scope.offices}

    def row_of(key) -> Row | None:
        return rows.get(key)

    # 1. BKKs registered / inactive
    key = scope.group("office")
    for r in (
        Bkk.objects.filter(scope.lookup("office"), status__in=[BkkStatus.REGISTERED, BkkStatus.INACTIVE])
        .order_by()
        .values(key, "status")
        .annotate(n=Count("id"))
    ):
        if row := row_of(r[key]):
            if r["status"] == BkkStatus.REGISTERED:
                row.bkk_registered += r["n"]
            else:
                row.bkk_inactive += r["n"]

    # 2. PAK per appointment status, with the appointed ones that have no registration record yet
    for r in (
        PlacementOfficer.objects.filter(scope.lookup("office"))
        .exclude(status=AppointmentStatus.DRAFT)
        .order_by()
        .values(key, "status")
        .annotate(n=Count("id"), no_profile=Count("id", filter=Q(profile__isnull=True)))
    ):
        if row := row_of(r[key]):
            row.appointment[r["status"]] = row.appointment.get(r["status"], 0) + r["n"]
            if r["status"] == AppointmentStatus.APPOINTED and r["no_profile"]:
                row.registration[ProfileStatus.NOT_REGISTERED] = (
                    row.registration.get(ProfileStatus.NOT_REGISTERED, 0) + r["no_profile"]
                )

    # 3. PAK per registration status
    pkey = scope.group("officer__office")
    for r in (
        PakProfile.objects.filter(scope.lookup("officer__office"))
        .order_by()
        .values(pkey, "status")
        .annotate(n=Count("id"))
    ):
        if row := row_of(r[pkey]):
            row.registration[r["status"]] = row.registration.get(r["status"], 0) + r["n"]

    # 4. Waiting for verification: awaiting registrations per office and submission date
    waiting = list(
        PakProfile.objects.filter(scope.lookup("officer__office"), status=ProfileStatus.AWAITING_VERIFICATION)
        .annotate(day=TruncDate("submitted_at"))
        .order_by()
        .values(pkey, "day")
        .annotate(n=Count("id"))
    )
    days_known = [_as_date(r["day"]) for r in waiting if r["day"]]
    index = WorkingDayIndex(min(days_known, default=today), today)  # one query (calendar overrides), always
    per_row: dict[int, list[tuple[int, int]]] = {}
    all_waiting: list[tuple[int, int]] = []
    for r in waiting:
        age = index.after(_as_date(r["day"])) if r["day"] else 0
        per_row.setdefault(r[pkey], []).append((age, r["n"]))
        if r[pkey] in rows:
            all_waiting.append((age, r["n"]))

    def waiting_of(histogram: list[tuple[int, int]]) -> Waiting:
        histogram = sorted(histogram)
        return Waiting(
            count=sum(n for _a, n in histogram),
            median_days=_median(histogram),
            oldest_days=histogram[-1][0] if histogram else None,
            over_target=sum(n for a, n in histogram if a > target),
        )

    for office_pk, histogram in per_row.items():
        if row := row_of(office_pk):
            row.waiting = waiting_of(histogram)

    # 5. The last report to the province
    for r in (
        ProvinceReport.objects.filter(scope.lookup("office"), sent_at__isnull=False)
        .order_by()
        .values(key)
        .annotate(last=Max("sent_at"))
    ):
        if row := row_of(r[key]):
            row.last_report_at = r["last"]

    # 6–7. Per month: PAK appointed, registrations verified. One aggregate each, a filtered count per month
    # between local-time month boundaries (plain comparisons: no per-row date function).
    month_starts = [
        _month_start(today, back) for back in range(months - 1, -2, -1)
    ]  # and next month: the end
    bounds = [timezone.make_aware(datetime.datetime(m.year, m.month, 1)) for m in month_starts]

    def per_month(qs, field_name: str) -> list[int]:
        counts = qs.filter(**{f"{field_name}__gte": bounds[0]}).aggregate(**{
            f"m{i}": Count("id", filter=Q(**{f"{field_name}__gte": lo, f"{field_name}__lt": hi}))
            for i, (lo, hi) in enumerate(itertools.pairwise(bounds))
        })  # fmt: skip
        return [counts[f"m{i}"] for i in range(months)]

    appointed = per_month(PlacementOfficer.objects.filter(scope.lookup("office")), "appointed_at")
    verified = per_month(PakProfile.objects.filter(scope.lookup("officer__office")), "verified_at")
    monthly = list(zip(month_starts[:-1], appointed, verified, strict=True))

    # 8. The e-pengantarkerja channel: how stale each office's recorded statuses are (one aggregate).
    epak = channel.is_epak()
    if epak:
        limit = timezone.now() - datetime.timedelta(days=settings.EPAK_STATUS_STALE_DAYS)
        for r in (
            PakProfile.objects.filter(scope.lookup("officer__office"), officer__status=AppointmentStatus.APPOINTED)
            .order_by()
            .values(pkey)
            .annotate(fresh=Count("id", filter=Q(checked_at__gte=limit)),
                      stale=Count("id", filter=Q(checked_at__lt=limit)),
                      never=Count("id", filter=Q(checked_at__isnull=True)), oldest=Min("checked_at"))
        ):  # fmt: skip
            if row := row_of(r[pkey]):
                row.epak.add(
                    Freshness(fresh=r["fresh"], stale=r["stale"], never=r["never"], oldest=r["oldest"])
                )

    table = list(rows.values())
    total = Row(office=None)
    for row in table:
        total.bkk_registered += row.bkk_registered
        total.bkk_inactive += row.bkk_inactive
        for v, n in row.appointment.items():
            total.appointment[v] = total.appointment.get(v, 0) + n
        for v, n in row.registration.items():
            total.registration[v] = total.registration.get(v, 0) + n
        total.epak.add(row.epak)
        if row.last_report_at and (not total.last_report_at or row.last_report_at > total.last_report_at):
            total.last_report_at = row.last_report_at
    total.waiting = waiting_of(all_waiting)
    return {"rows": table, "total": total, "monthly": monthly, "target": target, "epak": epak,
            "stale_days": settings.EPAK_STATUS_STALE_DAYS}  # fmt: skip


STEP, BAR = 62, 26  # one month: two bars of BAR px and the gap to the next month


def chart(monthly: list[tuple[datetime.date, int, int]]) -> dict:
    """Geometry of the server-drawn SVG: two bars per month (appointed, verified) on one scale."""
    peak = max((max(a, v) for _m, a, v in monthly), default=0) or 1
    bars = []
    for i, (month, appointed, verified) in enumerate(monthly):
        ha = round(140 * appointed / peak)
        hv = round(140 * verified / peak)
        x = 10 + i * STEP
        bars.append({"month": month, "appointed": appointed, "verified": verified, "x": x, "x2": x + BAR + 2,
                     "mid": x + BAR + 1, "ha": ha, "ya": 170 - ha, "hv": hv, "yv": 170 - hv,
                     "la": 164 - ha, "lv": 164 - hv, "xa_mid": x + BAR // 2, "xv_mid": x + BAR + 2 + BAR // 2})  # fmt: skip
    return {"bars": bars, "width": 10 + STEP * len(bars), "bar": BAR}
