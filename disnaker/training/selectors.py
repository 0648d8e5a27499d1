"""Reads for training events, scoped to who asks:

- a kab/kota office sees its own trainings and those its PAK were invited to (read-only);
- a province office sees its own trainings and those of the kab/kota offices under it (read-only);
- the ministry viewer and the admin see everything;
- a PAK sees their own participations (:func:`participations_of_user`).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from disnaker.accounts.constants import Role
from disnaker.core.constants import OfficeLevel, OfficeReach
from disnaker.core.selectors import office_scope
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.decrees.selectors import valid_decrees_by_subject
from disnaker.placement.constants import AppointmentStatus
from disnaker.placement.models import PlacementOfficer
from disnaker.placement.selectors import officers_for

from . import permissions
from .constants import Attendance
from .models import Training, TrainingParticipant


def _office_trainings(user) -> Q | None:
    """Trainings recorded by the user's office or (for a province) by the kab/kota offices under it;
    ``Q()`` for the ministry and the admin; ``None`` for users who see none through an office.

    The ministry, the admin and a kab/kota office's staff see what :func:`office_scope` gives them. A province
    office records trainings itself, which ``office_scope`` does not reach (it gives the province admin only
    the kab/kota offices' rows, and the province office's head none at all): there the office's own trainings
    are added, and those of the kab/kota offices under it for every viewer of a province office."""
    if not permissions.can_view_trainings(user):
        return None
    if user.office_reach in (OfficeReach.ALL, OfficeReach.OFFICE):
        return office_scope(user, "office")
    if not user.office_id:
        return None
    scope = Q(office=user.office_id)
    if user.office.level == OfficeLevel.PROVINCE:
        scope |= Q(office__parent=user.office_id)
    return scope


def trainings_for(*, user) -> QuerySet[Training]:
    scope = _office_trainings(user)
    if scope is None:
        return Training.objects.none()
    if user.office_id and user.office.level == OfficeLevel.REGENCY and user.role != Role.ADMIN:
        # Also, read-only, the trainings of other offices (the province, Kemnaker) its PAK were invited to.
        scope |= Q(
            pk__in=TrainingParticipant.objects.filter(officer__office=user.office_id).values("training")
        )
    return Training.objects.filter(scope)


def training_list(*, user, query: str = "", phase: str = "", today=None) -> QuerySet[Training]:
    from django.utils import timezone

    today = today or timezone.localdate()
    rows = (
        trainings_for(user=user)
        .select_related("office")
        .annotate(
            participant_count=Count("participants", distinct=True),
            present_count=Count(
                "participants", filter=Q(participants__attendance=Attendance.PRESENT), distinct=True
            ),
        )
    )
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(place__icontains=query))
    if phase == "planned":
        rows = rows.filter(start_date__gt=today)
    elif phase == "running":
        rows = rows.filter(start_date__lte=today, end_date__gte=today)
    elif phase == "ended":
        rows = rows.filter(end_date__lt=today)
    return rows.order_by("-start_date", "-pk")


def officers_in_scope(*, user) -> QuerySet[PlacementOfficer]:
    """PAK a training recorder may invite: ``officers_for`` (kab/kota staff: their office; province admin:
    the kab/kota offices under the province), and for a head of a province office the same as the admin."""
    if (
        user.is_authenticated
        and user.role == Role.HEAD
        and user.office_id
        and user.office.level == OfficeLevel.PROVINCE
    ):
        return PlacementOfficer.objects.filter(office__parent=user.office_id).exclude(
            status=AppointmentStatus.DRAFT
        )
    return officers_for(user=user)


def invitable_officers(
    *, user, training: Training, query: str = "", office=None
) -> QuerySet[PlacementOfficer]:
    """Appointed PAK the user may invite (their office's scope) who are not yet invited to ``training``."""
    rows = (
        officers_in_scope(user=user)
        .filter(status=AppointmentStatus.APPOINTED)
        .exclude(pk__in=TrainingParticipant.objects.filter(training=training).values("officer"))
        .select_related("bkk", "office")
    )
    if query:
        rows = rows.filter(
            Q(name__icontains=query)
            | Q(bkk__name__icontains=query)
            | Q(bkk__institution_name__icontains=query)
        )
    if office is not None:
        rows = rows.filter(office=office)
    return rows.order_by("name", "pk")


def trainings_with_office(*, user) -> QuerySet[Training]:
    return trainings_for(user=user).select_related("office")


def participants_of(training: Training) -> QuerySet[TrainingParticipant]:
    return training.participants.select_related("officer__bkk", "officer__office").order_by(
        "officer__name", "pk"
    )


def participants_seen_by(training: Training, *, user) -> QuerySet[TrainingParticipant]:
    """The participants ``user`` sees on the training's page: all of them, except for another kab/kota office
    (whose PAK were invited to a province or ministry training), which sees its own PAK."""
    rows = participants_of(training)
    if user.office_id and user.office_id != training.office_id and user.office.level == OfficeLevel.REGENCY:
        rows = rows.filter(officer__office=user.office_id)
    return rows


def participant_counts(training: Training) -> dict[str, int]:
    """Invited, present, absent, certified (present with a valid certificate) and pending (present without)."""
    participants = training.participants
    counts = {
        "invited": participants.count(),
        "present": participants.filter(attendance=Attendance.PRESENT).count(),
        "absent": participants.filter(attendance=Attendance.ABSENT).count(),
    }
    counts["certified"] = len(
        certificates_by_participant(
            participants.filter(attendance=Attendance.PRESENT).values_list("pk", flat=True)
        )
    )
    counts["pending"] = counts["present"] - counts["certified"]
    return counts


def invited_count(training: Training) -> int:
    return training.participants.count()


def participants_with_officer(training: Training) -> QuerySet[TrainingParticipant]:
    return training.participants.select_related("officer")


def officer_ids(rows: QuerySet[PlacementOfficer], limit: int) -> list[int]:
    """The ids of the first ``limit`` officers of ``rows``."""
    return list(rows.values_list("pk", flat=True)[:limit])


def certificates_by_participant(participant_ids) -> dict[int, Decree]:
    """The valid certificate of each participant that has one, in one query."""
    return valid_decrees_by_subject(TrainingParticipant, participant_ids, [DecreeKind.TRAINING_CERTIFICATE])


def with_certificates(participants) -> list[TrainingParticipant]:
    """``participants`` as a list, each with ``certificate`` (the valid decree or ``None``)."""
    rows = list(participants)
    found = certificates_by_participant(p.pk for p in rows)
    for row in rows:
        row.certificate = found.get(row.pk)
    return rows


def trainings_of(officer: PlacementOfficer) -> list[TrainingParticipant]:
    """A PAK's participations, newest training first, each with ``certificate`` (for their profile)."""
    rows = (
        TrainingParticipant.objects.filter(officer=officer)
        .select_related("training__office__parent")
        .order_by("-training__start_date", "-pk")
    )
    return with_certificates(rows)


def participations_of_user(user) -> list[TrainingParticipant]:
    """The signed-in PAK's participations (a PAK has one appointment per account)."""
    if not (user.is_authenticated and user.role == Role.PLACEMENT_OFFICER):
        return []
    rows = (
        TrainingParticipant.objects.filter(officer__profile__user=user)
        .select_related("training__office__parent", "officer__bkk")
        .order_by("-training__start_date", "-pk")
    )
    return with_certificates(rows)


def participants_visible_to(*, user) -> QuerySet[TrainingParticipant]:
    """Participants whose certificate ``user`` may open: those of the trainings of the user's office (and,
    for a province, of its kab/kota offices), and those of the PAK the user sees (the PAK themself, their
    BKK's operator, their kab/kota office, their province, the ministry)."""
    if not user.is_authenticated:
        return TrainingParticipant.objects.none()
    scope = Q(officer__in=officers_for(user=user))
    trainings = _office_trainings(user)
    if trainings is not None:
        scope |= Q(training__in=Training.objects.filter(trainings))
    return TrainingParticipant.objects.filter(scope)


def certificate_participants_visible_to(*, user) -> QuerySet[TrainingParticipant]:
    """:func:`participants_visible_to` with the officer and the training the certificate names."""
    return participants_visible_to(user=user).select_related("officer", "training")


def organising_office(training):
    """The office in whose name the bimtek's certificates are signed: the recording office, or the nearest
    office above it at the organiser's level (province, ministry). ``None`` when the portal has no such office."""
    office = training.office
    seen = 0
    while office is not None and seen < 5:
        if office.level == training.organiser_level:
            return office
        office, seen = office.parent, seen + 1
    return None
