"""Reads for BKK and PAK, scoped to who asks:

- a BKK operator sees their BKK; a PAK their own profile;
- a kab/kota office (verifier, head) its own BKKs and PAK;
- a province admin those of the kab/kota offices under the province;
- the ministry viewer and the admin everything (the ministry read-only: no service lets it write).
"""

from __future__ import annotations

import datetime
import functools
import operator

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from disnaker.accounts.constants import Role
from disnaker.core.selectors import office_scope
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.decrees.selectors import latest_decree_of, valid_decrees_by_subject

from . import permissions
from .constants import AppointmentStatus, BkkStatus, ProfileStatus
from .models import Bkk, PakProfile, PakProposal, PlacementOfficer, ProvinceReport, RequirementEvidence

#: The PAK whose proposal was decided by an SK: appointed, and those whose appointment has ended since.
APPOINTED_STATUSES = (AppointmentStatus.APPOINTED, AppointmentStatus.INACTIVE, AppointmentStatus.REVOKED)


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


def _matching(rows: QuerySet, query: str, *fields: str) -> QuerySet:
    """``rows`` whose ``fields`` (any of them) contain ``query``; all of them without a query."""
    if not query:
        return rows
    return rows.filter(
        functools.reduce(operator.or_, (Q(**{f"{field}__icontains": query}) for field in fields))
    )


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
    return _matching(rows, query, "officer__name", "officer__bkk__name").order_by("submitted_at", "pk")


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


# --- Lookups of the placement pages ---------------------------------------------------------------------------


def bkk_of_operator(user) -> Bkk | None:
    """The BKK a signed-in operator runs (``None`` for anyone else)."""
    return getattr(user, "bkk", None) if permissions.is_bkk_operator(user) else None


def bkk_by_tracking(*, code: str, email: str) -> Bkk | None:
    """The application *Lacak Pendaftaran BKK* finds with both its tracking code and its operator's e-mail."""
    return (
        Bkk.objects.filter(tracking_code__iexact=code.strip(), email__iexact=email.strip())
        .exclude(status=BkkStatus.DRAFT)
        .select_related("office")
        .first()
    )


def bkk_by_edit_token(token: str) -> Bkk | None:
    """The application a revision link points at, or ``None``."""
    if not token:
        return None
    return Bkk.objects.filter(edit_token=token).select_related("office", "region").first()


def bkk_officers_ending(bkk: Bkk) -> QuerySet[PlacementOfficer]:
    """The PAK whose appointment ends if ``bkk`` is revoked or closed (issue 13 §3): shown before confirming."""
    return PlacementOfficer.objects.filter(bkk=bkk, status=AppointmentStatus.APPOINTED).order_by("pk")


def bkk_latest_decree(bkk: Bkk) -> Decree | None:
    """The BKK's latest tanda daftar (valid or revoked)."""
    return latest_decree_of(bkk, DecreeKind.BKK_REGISTRATION)


def bkk_queue(
    *, user, status: str = "", flag: str = "", query: str = "", overdue_before=None
) -> QuerySet[Bkk]:
    """The office's BKK list (``bkks_for``) by status, monitoring flag (``belum-melapor``: no report since
    ``overdue_before``; ``usul-nonaktif``: proposed for inactivation) and search: waiting applications oldest
    first, the others by name."""
    rows = bkks_for(user=user).select_related("office")
    if status:
        rows = rows.filter(status=status)
    if flag == "belum-melapor":
        rows = bkks_without_recent_report(rows, before=overdue_before)
    elif flag == "usul-nonaktif":
        rows = rows.filter(status=BkkStatus.REGISTERED, inactivation_proposed_at__isnull=False)
    query = (query or "").strip()
    if query:
        rows = rows.filter(
            Q(name__icontains=query)
            | Q(institution_name__icontains=query)
            | Q(institution_code__iexact=query.replace(" ", ""))
            | Q(tracking_code__iexact=query)
        )
    if status in (BkkStatus.SUBMITTED, BkkStatus.VERIFIED):
        return rows.order_by("submitted_at", "pk")
    return rows.order_by("name", "pk")


def bkk_queue_counts(*, user, overdue_before) -> dict[str, int]:
    """The figures above the office's BKK list."""
    scoped = bkks_for(user=user)
    return {
        "submitted": scoped.filter(status=BkkStatus.SUBMITTED).count(),
        "verified": scoped.filter(status=BkkStatus.VERIFIED).count(),
        "overdue": bkks_without_recent_report(scoped, before=overdue_before).count(),
        "proposed": scoped.filter(
            status=BkkStatus.REGISTERED, inactivation_proposed_at__isnull=False
        ).count(),
    }


def bkk_for_review(*, user) -> QuerySet[Bkk]:
    """``bkks_for`` with what the review page shows of each."""
    return bkks_for(user=user).select_related("office", "region", "operator")


def bkk_with_office(*, user) -> QuerySet[Bkk]:
    return bkks_for(user=user).select_related("office")


def appointed_officers(*, user, bkk: Bkk | None = None) -> QuerySet[PlacementOfficer]:
    """The PAK of ``bkk`` (or every BKK in scope) an SK appointed, those whose appointment ended included."""
    rows = officers_for(user=user).filter(status__in=APPOINTED_STATUSES)
    if bkk is not None:
        rows = rows.filter(bkk=bkk)
    return rows.select_related("profile")


def officer_list(*, user, status: str = "", query: str = "") -> QuerySet[PlacementOfficer]:
    """The office's list of appointed PAK, by BKK and name."""
    rows = (
        officers_for(user=user)
        .filter(status__in=APPOINTED_STATUSES)
        .select_related("bkk", "profile", "office")
    )
    if status:
        rows = rows.filter(status=status)
    return _matching(rows, query, "name", "bkk__name").order_by("bkk__name", "name")


def officer_for_page(*, user) -> QuerySet[PlacementOfficer]:
    """``officers_for`` with the BKK, office and proposal one PAK's page shows."""
    return officers_for(user=user).select_related("bkk", "office", "proposal")


def officer_by_pk(pk: int) -> PlacementOfficer | None:
    """One PAK with their office, unscoped: the caller asks ``permissions`` whether the user may see them."""
    return PlacementOfficer.objects.select_related("office").filter(pk=pk).first()


def officers_to_report(office) -> list[PlacementOfficer]:
    """The office's appointed PAK for the letter to the province, those never reported first."""
    return list(
        PlacementOfficer.objects.filter(office=office, status__in=APPOINTED_STATUSES)
        .select_related("bkk", "profile")
        .order_by("last_reported_at", "bkk__name", "name")
    )


def last_sent_report(office) -> ProvinceReport | None:
    return office.province_reports.filter(sent_at__isnull=False).order_by("-sent_at").first()


def pak_profile_for(officer: PlacementOfficer) -> PakProfile | None:
    """The PAK's profile (their registration), ``None`` before the invitation."""
    return PakProfile.objects.filter(officer=officer).first()


def epak_checks_of(profile: PakProfile) -> list:
    """The recorded e-pengantarkerja checks of one PAK, newest first, with who checked."""
    return list(profile.epak_checks.select_related("checked_by")[:20])


def own_pak_profile(user) -> PakProfile | None:
    """The signed-in PAK's profile with their BKK and office."""
    return PakProfile.objects.select_related("officer__bkk", "officer__office").filter(user=user).first()


def evidence_of(officer: PlacementOfficer, pk: int) -> RequirementEvidence | None:
    return RequirementEvidence.objects.filter(officer=officer, pk=pk).first()


def proposal_with_bkk(*, user) -> QuerySet[PakProposal]:
    """``proposals_for`` with the BKK and office a proposal's page shows."""
    return proposals_for(user=user).select_related("bkk", "office")


def proposals_with_counts(*, user) -> QuerySet[PakProposal]:
    """The operator's proposals, each with ``n``, its number of candidates."""
    return proposals_for(user=user).annotate(n=Count("candidates"))


def proposal_queue(*, user, status: str = "", query: str = "") -> QuerySet[PakProposal]:
    """The office's proposals by status and search (BKK or candidate name), oldest submission first."""
    rows = proposals_for(user=user).select_related("bkk").annotate(n=Count("candidates"))
    if status:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(Q(bkk__name__icontains=query) | Q(candidates__name__icontains=query)).distinct()
    return rows.order_by("submitted_at", "pk")


def candidates_of(proposal: PakProposal) -> QuerySet[PlacementOfficer]:
    """The proposal's candidates."""
    return PlacementOfficer.objects.filter(proposal=proposal)


def candidates_with_evidence(proposal: PakProposal, *, profile: bool = False) -> QuerySet[PlacementOfficer]:
    """The proposal's candidates with their evidence (and their profile, once they may have one)."""
    rows = proposal.candidates.all()
    if profile:
        rows = rows.select_related("profile")
    return rows.prefetch_related("evidence")


def profile_for_province(*, user) -> QuerySet[PakProfile]:
    return profiles_for(user=user).select_related("officer__bkk", "officer__office", "officer__proposal")


def report_for_page(*, user) -> QuerySet[ProvinceReport]:
    return reports_for(user=user).select_related("office", "province_office", "sent_by")


def report_inbox(*, user, office=None) -> QuerySet[ProvinceReport]:
    """The province admin's inbox (of one kab/kota office when given), newest first."""
    rows = reports_for(user=user).select_related("office", "sent_by").order_by("-sent_at", "-pk")
    if office:
        rows = rows.filter(office=office)
    return rows


def unread_report_count(*, user) -> int:
    return reports_for(user=user).filter(read_at__isnull=True).count()


def sent_reports(*, user) -> QuerySet[ProvinceReport]:
    """The kab/kota office's letters, newest first."""
    return reports_for(user=user).select_related("province_office", "sent_by").order_by("-sent_at", "-pk")


def report_items(report: ProvinceReport) -> list:
    """The PAK a letter names, with their profile, by BKK and name."""
    return list(report.items.select_related("officer__profile").order_by("bkk_name", "name", "pk"))


def report_decrees(reports) -> dict[int, Decree]:
    """The valid letters of ``reports`` in one query."""
    return valid_decrees_by_subject(ProvinceReport, [r.pk for r in reports], [DecreeKind.PROVINCE_REPORT])
