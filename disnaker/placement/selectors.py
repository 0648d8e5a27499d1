"""Reads for BKK and PAK, scoped to who asks:

- a BKK operator sees their BKK; a PAK their own profile;
- a kab/kota office (verifier, head) its own BKKs and PAK;
- a province admin those of the kab/kota offices under the province;
- the ministry viewer and the admin everything (the ministry read-only: no service lets it write).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from disnaker.accounts.constants import Role
from disnaker.core.selectors import office_scope

from . import permissions
from .constants import BkkStatus, ProfileStatus
from .models import Bkk, PakProfile, PakProposal, PlacementOfficer, ProvinceReport


def months_ago(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` calendar months earlier (the last day of that month when it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def bkks_for(*, user) -> QuerySet[Bkk]:
    scope = office_scope(user, "office")
    if scope is not None:
        return Bkk.objects.filter(scope).exclude(status=BkkStatus.DRAFT)
    if user.is_authenticated and user.role == Role.BKK_OPERATOR:
        return Bkk.objects.filter(operator=user)
    return Bkk.objects.none()


def proposals_for(*, user) -> QuerySet[PakProposal]:
    scope = office_scope(user, "office")
    if scope is not None:
        return PakProposal.objects.filter(scope).exclude(status="draft")
    if user.is_authenticated and user.role == Role.BKK_OPERATOR:
        return PakProposal.objects.filter(bkk__operator=user)
    return PakProposal.objects.none()


def officers_for(*, user) -> QuerySet[PlacementOfficer]:
    scope = office_scope(user, "office")
    if scope is not None:
        return PlacementOfficer.objects.filter(scope).exclude(status="draft")
    if user.is_authenticated and user.role == Role.BKK_OPERATOR:
        return PlacementOfficer.objects.filter(bkk__operator=user)
    if user.is_authenticated and user.role == Role.PLACEMENT_OFFICER:
        return PlacementOfficer.objects.filter(profile__user=user)
    return PlacementOfficer.objects.none()


def profiles_for(*, user) -> QuerySet[PakProfile]:
    return PakProfile.objects.filter(officer__in=officers_for(user=user))


def province_verification_queue(
    *, user, status: str = ProfileStatus.AWAITING_VERIFICATION, office=None, query=""
):
    """The province admin's queue: PAK registrations of its kab/kota offices, oldest submission first."""
    if not permissions.is_province_admin(user):
        return PakProfile.objects.none()
    rows = PakProfile.objects.filter(officer__office__parent=user.office_id).select_related(
        "officer__bkk", "officer__office"
    )
    if status:
        rows = rows.filter(status=status)
    if office:
        rows = rows.filter(officer__office=office)
    if query:
        rows = rows.filter(Q(officer__name__icontains=query) | Q(officer__bkk__name__icontains=query))
    return rows.order_by("submitted_at", "pk")


def reports_for(*, user) -> QuerySet[ProvinceReport]:
    if not user.is_authenticated:
        return ProvinceReport.objects.none()
    if user.role in (Role.MINISTRY_VIEWER, Role.ADMIN):
        return ProvinceReport.objects.filter(sent_at__isnull=False)
    if permissions.is_province_admin(user):
        return ProvinceReport.objects.filter(province_office=user.office_id, sent_at__isnull=False)
    if permissions.is_regency_staff(user):
        return ProvinceReport.objects.filter(office=user.office_id, sent_at__isnull=False)
    return ProvinceReport.objects.none()


def bkk_report_flags(now: datetime.datetime | None = None) -> dict[str, datetime.datetime]:
    """The limits of the two monitoring thresholds: reports before ``overdue`` (default 6 months ago) flag
    a BKK for monitoring; before ``inactive`` (12 months) propose it for inactivation."""
    now = now or timezone.now()
    return {
        "overdue": months_ago(now, settings.BKK_REPORT_OVERDUE_MONTHS),
        "inactive": months_ago(now, settings.BKK_INACTIVATION_MONTHS),
    }


def bkks_without_recent_report(qs: QuerySet[Bkk], *, before: datetime.datetime) -> QuerySet[Bkk]:
    """Registered BKKs whose last placement report (or, with none, their registration) is older than ``before``."""
    return qs.filter(status=BkkStatus.REGISTERED).filter(
        Q(last_report_at__lt=before) | Q(last_report_at__isnull=True, registered_at__lt=before)
    )


def dashboard_cards(*, user) -> list[dict]:
    """The BKK/PAK figures on the signed-in user's dashboard: what waits for them, with a link."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .constants import BkkStatus, ProposalStatus

    cards: list[dict] = []
    if permissions.is_regency_staff(user):
        waiting = BkkStatus.VERIFIED if user.role == Role.HEAD else BkkStatus.SUBMITTED
        proposal_waiting = ProposalStatus.VERIFIED if user.role == Role.HEAD else ProposalStatus.SUBMITTED
        cards += [
            {"label": _("Pendaftaran BKK menunggu %(who)s") % {"who": _("tanda tangan") if user.role == Role.HEAD else _("verifikasi")},
             "count": bkks_for(user=user).filter(status=waiting).count(), "url": reverse("placement:office_bkk_queue")},
            {"label": _("Usulan PAK menunggu %(who)s") % {"who": _("tanda tangan") if user.role == Role.HEAD else _("verifikasi")},
             "count": proposals_for(user=user).filter(status=proposal_waiting).count(),
             "url": reverse("placement:office_proposal_queue")},
            {"label": _("PAK ditetapkan belum dilaporkan ke provinsi"),
             "count": officers_for(user=user).filter(status="appointed", last_report__isnull=True).count(),
             "url": reverse("placement:office_report")},
        ]  # fmt: skip
    elif permissions.is_province_admin(user):
        cards.append({"label": _("Registrasi PAK menunggu verifikasi"),
                      "count": province_verification_queue(user=user).count(),
                      "url": reverse("placement:province_queue")})  # fmt: skip
    elif user.role == Role.BKK_OPERATOR and getattr(user, "bkk", None) is not None:
        bkk = user.bkk
        cards += [
            {"label": _("Status BKK: %(status)s") % {"status": bkk.get_status_display()}, "count": None,
             "url": reverse("placement:my_bkk")},
            {"label": _("PAK ditetapkan"), "count": officers_for(user=user).filter(status="appointed").count(),
             "url": reverse("placement:proposal_list")},
        ]  # fmt: skip
    elif user.role == Role.PLACEMENT_OFFICER and getattr(user, "pak_profile", None) is not None:
        profile = user.pak_profile
        cards.append({"label": _("Registrasi: %(status)s") % {"status": profile.get_status_display()}, "count": None,
                      "url": reverse("placement:my_profile")})  # fmt: skip
    return cards
