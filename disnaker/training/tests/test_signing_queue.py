"""Bimtek certificates in the head's batch-signing queue (``decrees.batch``): a participant who attended,
from the last day on, waits for the head; signed from the queue, the certificate is e-mailed once."""

from __future__ import annotations

from django.core import mail

from disnaker.decrees import batch
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.training import services
from disnaker.training.constants import Attendance


def test_an_attended_participant_waits_for_the_head_and_is_signed_from_the_queue(
    training, participant, vera, hana, django_capture_on_commit_callbacks
):
    key = f"{DecreeKind.TRAINING_CERTIFICATE}:{participant.pk}"
    assert key not in [item.key for item in batch.signing_queue(hana)]  # attendance not recorded yet
    services.attendance_record(training=training, actor=vera, marks={participant.pk: Attendance.PRESENT})
    (item,) = [item for item in batch.signing_queue(hana) if item.key == key]
    assert item.subject == participant.officer.name and training.title in item.detail
    with django_capture_on_commit_callbacks(execute=True):
        result = batch.batch_sign(actor=hana, keys=[key])
    assert result.signed == 1 and result.items[0].number
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE, object_id=participant.pk)
    assert decree.sequence == 1 and decree.issued_by == hana
    assert key not in [item.key for item in batch.signing_queue(hana)]
    sent = len(mail.outbox)
    assert sent >= 1 and participant.officer.email in mail.outbox[-1].to
    # Signing it again (another head's stale page) returns the same certificate and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.certificate_sign(participant=participant, actor=hana)
    assert again.pk == decree.pk and len(mail.outbox) == sent
