"""Writes for training events (bimtek): record and edit, invite PAK, record attendance, issue certificates.

Every write checks the actor against the training's office (:mod:`.permissions`); invitations are limited
to the appointed PAK the actor sees (``placement.selectors.officers_for``). E-mails go through the outbox
and leave after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.worker import enqueue_on_commit
from disnaker.notifications.services import outbox_enqueue
from disnaker.placement.constants import AppointmentStatus
from disnaker.placement.models import PlacementOfficer

from . import permissions
from .constants import Attendance, TrainingMode
from .documents import certificate_issue, period_text
from .models import Training, TrainingParticipant
from .selectors import certificates_by_participant, officers_in_scope

#: The background issue of many certificates (its dotted path is stored with every queued task: keep it).
CERTIFICATES_TASK = "disnaker.training.tasks.issue_certificates"

TRAINING_FIELDS = (
    "organiser_level", "organiser_name", "title", "start_date", "end_date", "mode", "place", "online_link",
    "coordinated_with_kemnaker", "coordination_note", "description",
)  # fmt: skip


def _my_trainings_url() -> str:
    return settings.SITE_URL + reverse("training:my_trainings")


def validate_training(data: Mapping) -> dict:
    """Cleaned training fields; raises ``ValidationError`` with per-field messages."""
    values = {name: data.get(name) for name in TRAINING_FIELDS}
    for name in ("organiser_name", "title", "place", "online_link", "coordination_note", "description"):
        values[name] = (values[name] or "").strip()
    values["coordinated_with_kemnaker"] = bool(values["coordinated_with_kemnaker"])
    values["mode"] = values["mode"] or TrainingMode.OFFLINE
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Judul pelatihan wajib diisi.")
    if not values["organiser_level"]:
        errors["organiser_level"] = _("Pilih penyelenggara.")
    start, end = values["start_date"], values["end_date"]
    if not start:
        errors["start_date"] = _("Tanggal mulai wajib diisi.")
    if not end:
        errors["end_date"] = _("Tanggal selesai wajib diisi.")
    if start and end and end < start:
        errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if values["mode"] == TrainingMode.ONLINE:
        if not values["online_link"]:
            errors["online_link"] = _("Pelatihan daring memerlukan tautan (Zoom, Meet, dll.).")
        elif not values["online_link"].startswith("https://"):
            errors["online_link"] = _("Tautan harus diawali https://.")
    elif not values["place"]:
        errors["place"] = _("Tempat pelatihan tatap muka wajib diisi.")
    if values["coordinated_with_kemnaker"] and not values["coordination_note"]:
        errors["coordination_note"] = _(
            "Tuliskan bentuk koordinasi dengan Kemnaker, misalnya nomor surat atau narasumber."
        )
    if errors:
        raise ValidationError(errors)
    if values["mode"] == TrainingMode.OFFLINE:
        values["online_link"] = ""
    return values


@denials_audited
def training_create(*, actor, data: Mapping, request=None) -> Training:
    """Record a training for the actor's office (kab/kota verifier or head, province admin)."""
    if not permissions.can_record(actor):
        deny(actor=actor, request=request, message=_("Anda tidak dapat mencatat bimtek."))
    values = validate_training(data)
    with transaction.atomic():
        training = Training.objects.create(office=actor.office, created_by=actor, **values)
        audit_record(action=AuditAction.CREATED, actor=actor, obj=training, request=request,
                     data={"event": "training.created"})  # fmt: skip
    return training


@denials_audited
def training_update(*, training: Training, actor, data: Mapping, request=None) -> Training:
    """Edit a training of the actor's office until its last day is over."""
    if not permissions.can_manage(actor, training):
        deny(actor=actor, obj=training, request=request, message=_("Bimtek ini dicatat oleh kantor lain."))
    values = validate_training(data)
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        if not locked.is_editable():
            raise ValidationError(_("Bimtek yang sudah selesai tidak dapat diubah."), code="ended")
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=locked, request=request,
                     data={"event": "training.updated", "fields": changed})  # fmt: skip
    return locked


@denials_audited
def training_invite(
    *, training: Training, actor, officers: Iterable[PlacementOfficer | int], request=None
) -> list[TrainingParticipant]:
    """Invite appointed PAK in the actor's scope; each new participant gets an e-mail. PAK already invited
    are skipped. Raises ``PermissionDenied`` if any PAK lies outside the actor's scope."""
    if not permissions.can_manage(actor, training):
        deny(actor=actor, obj=training, request=request, message=_("Bimtek ini dicatat oleh kantor lain."))
    if not training.is_editable():
        raise ValidationError(_("Bimtek yang sudah selesai tidak dapat menerima peserta baru."), code="ended")
    ids = {o.pk if isinstance(o, PlacementOfficer) else int(o) for o in officers}
    if not ids:
        raise ValidationError(_("Pilih minimal satu PAK untuk diundang."), code="none_selected")
    allowed = list(
        officers_in_scope(user=actor)
        .filter(status=AppointmentStatus.APPOINTED, pk__in=ids)
        .select_related("bkk", "office")
    )
    if len(allowed) != len(ids):
        deny(
            actor=actor,
            obj=training,
            request=request,
            message=_("Sebagian PAK yang dipilih berada di luar wilayah kantor Anda atau belum ditetapkan."),
        )
    with transaction.atomic():
        already = set(
            TrainingParticipant.objects.filter(training=training, officer__in=ids).values_list(
                "officer", flat=True
            )
        )
        now = timezone.now()
        new = [
            TrainingParticipant(training=training, officer=officer, invited_at=now, invited_by=actor)
            for officer in allowed
            if officer.pk not in already
        ]
        TrainingParticipant.objects.bulk_create(new)
        for participant in new:
            _email_invitation(participant)
        if new:
            audit_record(action=AuditAction.UPDATED, actor=actor, obj=training, request=request,
                         data={"event": "training.invited", "count": len(new)})  # fmt: skip
    return new


def _email_invitation(participant: TrainingParticipant) -> None:
    training = participant.training
    outbox_enqueue(
        to=participant.officer.email,
        subject=_("Undangan bimtek: %(title)s") % {"title": training.title},
        template="training_invitation",
        context={
            "officer": participant.officer,
            "training": training,
            "period": period_text(training),
            "link": _my_trainings_url(),
        },
    )


@denials_audited
def participant_remove(*, participant: TrainingParticipant, actor, request=None) -> None:
    """Withdraw an invitation before the training starts."""
    training = participant.training
    if not permissions.can_manage(actor, training):
        deny(actor=actor, obj=training, request=request, message=_("Bimtek ini dicatat oleh kantor lain."))
    if training.has_started():
        raise ValidationError(_("Undangan tidak dapat dibatalkan setelah bimtek dimulai."), code="started")
    officer_id = participant.officer_id
    with transaction.atomic():
        participant.delete()
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=training, request=request,
                     data={"event": "training.invitation_removed", "officer": officer_id})  # fmt: skip


@denials_audited
def attendance_record(*, training: Training, actor, marks: Mapping[int, str], request=None) -> int:
    """Record *hadir* / *tidak hadir* for participants (by participant id) from the start date on.

    A participant whose certificate has been issued keeps *hadir*. Returns how many rows changed."""
    if not permissions.can_manage(actor, training):
        deny(actor=actor, obj=training, request=request, message=_("Bimtek ini dicatat oleh kantor lain."))
    if not training.has_started():
        raise ValidationError(_("Kehadiran dicatat mulai tanggal bimtek."), code="not_started")
    valid = {Attendance.PRESENT, Attendance.ABSENT}
    wanted = {int(pk): value for pk, value in marks.items() if value in valid}
    if not wanted:
        return 0
    changed = 0
    with transaction.atomic():
        rows = list(TrainingParticipant.objects.select_for_update().filter(training=training, pk__in=wanted))
        certified = certificates_by_participant(r.pk for r in rows)
        locked_out = [r for r in rows if r.pk in certified and wanted[r.pk] != Attendance.PRESENT]
        if locked_out:
            raise ValidationError(
                _("Sertifikat %(name)s sudah terbit; kehadirannya tidak dapat diubah menjadi tidak hadir.")
                % {"name": locked_out[0].officer.name},
                code="certified",
            )
        now = timezone.now()
        for row in rows:
            if row.attendance == wanted[row.pk]:
                continue
            row.attendance = wanted[row.pk]
            row.attendance_recorded_at = now
            row.attendance_recorded_by = actor
            row.save(update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by"])
            changed += 1
        if changed:
            audit_record(action=AuditAction.UPDATED, actor=actor, obj=training, request=request,
                         data={"event": "training.attendance", "count": changed})  # fmt: skip
    return changed


def certificates_pending(training: Training) -> list[TrainingParticipant]:
    """Participants who attended and have no valid certificate yet."""
    rows = list(
        training.participants.filter(attendance=Attendance.PRESENT).select_related(
            "officer__bkk", "training__office"
        )
    )
    issued = certificates_by_participant(r.pk for r in rows)
    return [r for r in rows if r.pk not in issued]


@denials_audited
def certificates_issue(*, training: Training, actor, request=None, passphrase: str | None = None) -> list:
    """Issue a certificate to every participant who attended, signed by the recording office's head, from
    the training's last day on. Idempotent: participants with a valid certificate are skipped. Each
    certificate commits on its own with its e-mail, so a failure keeps those issued before it."""
    if not permissions.can_sign_certificates(actor, training):
        deny(actor=actor, obj=training, request=request,
             message=_("Sertifikat ditandatangani Kepala Dinas kantor penyelenggara bimtek."))  # fmt: skip
    if timezone.localdate() < training.end_date:
        raise ValidationError(_("Sertifikat diterbitkan mulai hari terakhir bimtek."), code="not_ended")
    pending = certificates_pending(training)
    if not pending and not training.participants.filter(attendance=Attendance.PRESENT).exists():
        raise ValidationError(_("Belum ada peserta yang tercatat hadir."), code="no_attendees")
    issued = []
    for participant in pending:
        participant.training = training
        with transaction.atomic():
            decree = certificate_issue(participant, actor, request=request, passphrase=passphrase)
            _email_certificate(participant, decree)
        issued.append(decree)
    return issued


@denials_audited
def certificate_sign(*, participant: TrainingParticipant, actor, request=None, passphrase: str | None = None):
    """One participant's certificate, signed by the head (the head's batch-signing queue,
    ``decrees.batch``), with its e-mail, in one transaction. Idempotent: a participant with a valid
    certificate gets it back and no second e-mail."""
    training = participant.training
    if not permissions.can_sign_certificates(actor, training):
        deny(actor=actor, obj=training, request=request,
             message=_("Sertifikat ditandatangani Kepala Dinas kantor penyelenggara bimtek."))  # fmt: skip
    if timezone.localdate() < training.end_date:
        raise ValidationError(_("Sertifikat diterbitkan mulai hari terakhir bimtek."), code="not_ended")
    with transaction.atomic():
        locked = TrainingParticipant.objects.select_for_update().get(pk=participant.pk)
        if locked.attendance != Attendance.PRESENT:
            raise ValidationError(_("Peserta ini tidak tercatat hadir."), code="not_present")
        existing = certificates_by_participant([participant.pk]).get(participant.pk)
        if existing is not None:
            return existing
        decree = certificate_issue(participant, actor, request=request, passphrase=passphrase)
        _email_certificate(participant, decree)
    return decree


def certificates_queue_key(training_id: int) -> str:
    return f"training-certificates:{training_id}"


@denials_audited
def certificates_issue_or_queue(
    *, training: Training, actor, request=None, passphrase: str | None = None
) -> list | None:
    """Issue at once, or, for more than ``TRAINING_CERTIFICATE_SYNC_MAX`` pending certificates, hand them to
    the background task and return ``None`` (the detail page then counts them as they are signed). A second
    click while the task runs queues nothing more."""
    if not permissions.can_sign_certificates(actor, training):
        deny(actor=actor, obj=training, request=request,
             message=_("Sertifikat ditandatangani Kepala Dinas kantor penyelenggara bimtek."))  # fmt: skip
    pending = certificates_pending(training)
    # A BSrE passphrase never reaches a queued task (docs/bsre.md): with one, the certificates are signed now.
    if passphrase is not None or len(pending) <= settings.TRAINING_CERTIFICATE_SYNC_MAX:
        return certificates_issue(training=training, actor=actor, request=request, passphrase=passphrase)
    if timezone.localdate() < training.end_date:
        raise ValidationError(_("Sertifikat diterbitkan mulai hari terakhir bimtek."), code="not_ended")
    # The cache is shared by the web server and the worker (settings.CACHES); add() is the guard.
    if cache.add(
        certificates_queue_key(training.pk), {"by": actor.pk, "total": len(pending)}, timeout=6 * 3600
    ):
        enqueue_on_commit(CERTIFICATES_TASK, training.pk, actor.pk)
    return None


def certificates_running(training: Training) -> bool:
    return cache.get(certificates_queue_key(training.pk)) is not None


def certificates_run(*, training_id: int, actor_id: int) -> None:
    """What the background task runs: :func:`certificates_issue`, then the page stops waiting."""
    from disnaker.accounts.models import User

    try:
        certificates_issue(training=Training.objects.get(pk=training_id), actor=User.objects.get(pk=actor_id))
    finally:
        cache.delete(certificates_queue_key(training_id))


def certificates_worker_lost(*, training_id: int) -> None:
    """The background issuing was lost with its worker again: stop showing it as running, so the head can
    click *Terbitkan sertifikat* again (what was issued stays issued)."""
    cache.delete(certificates_queue_key(training_id))


def _email_certificate(participant: TrainingParticipant, decree) -> None:
    outbox_enqueue(
        to=participant.officer.email,
        subject=_("Sertifikat bimtek: %(title)s") % {"title": participant.training.title},
        template="training_certificate",
        context={
            "officer": participant.officer,
            "training": participant.training,
            "period": period_text(participant.training),
            "decree": decree,
            "link": _my_trainings_url(),
            "verify_url": settings.SITE_URL + reverse("decrees:verify", args=[decree.token]),
        },
    )
