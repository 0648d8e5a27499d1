"""Bimtek certificates in the head's batch-signing queue (``decrees.batch``): every participant who attended
a bimtek the head's office organised, from its last day on, without a valid certificate; signed one by one by
:func:`services.certificate_sign` (as *Terbitkan sertifikat* on the bimtek's page does for all of them)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.decrees.batch import QueueItem
from disnaker.decrees.constants import DecreeKind

from .constants import Attendance
from .models import Training, TrainingParticipant
from .selectors import certificates_by_participant, organising_office


def pending(office) -> list[QueueItem]:
    today = timezone.localdate()
    # The office's own bimtek and, for a province or the ministry, those recorded by the offices below it.
    trainings = Training.objects.filter(
        Q(office=office) | Q(office__parent=office) | Q(office__parent__parent=office), end_date__lte=today
    ).select_related("office__parent__parent")
    ours = {t.pk: t for t in trainings if (organising_office(t) or t.office).pk == office.pk}
    rows = list(
        TrainingParticipant.objects.filter(training_id__in=ours, attendance=Attendance.PRESENT)
        .select_related("officer")
        .order_by("training__end_date", "training_id", "officer__name", "pk")
    )
    issued = certificates_by_participant(r.pk for r in rows)
    items = []
    for row in rows:
        if row.pk in issued:
            continue
        training = ours[row.training_id]
        ended = datetime.datetime.combine(
            training.end_date, datetime.time(23, 59), timezone.get_current_timezone()
        )
        items.append(
            QueueItem(
                kind=DecreeKind.TRAINING_CERTIFICATE,
                pk=row.pk,
                label=str(DecreeKind.TRAINING_CERTIFICATE.label),
                subject=row.officer.name,
                detail=_("%(title)s · selesai %(date)s")
                % {"title": training.title, "date": training.end_date.strftime("%d/%m/%Y")},
                waiting_since=ended,
                url=reverse("training:detail", args=[training.pk]),
                preview_url=reverse("training:certificate_preview", args=[row.pk]),
            )
        )
    return items


def sign(pk: int, *, actor, passphrase: str | None = None, request=None):
    from .services import certificate_sign

    participant = TrainingParticipant.objects.select_related("training__office", "officer__bkk").get(pk=pk)
    return certificate_sign(participant=participant, actor=actor, passphrase=passphrase, request=request)
