"""Demo data for training events: one finished bimtek with attendance and certificates, one coming up.

Called by the portal's ``manage.py seed_demo``::

    from disnaker.training.demo import seed_training_demo
    seed_training_demo(office, officers, head)

``office`` is the recording office (kab/kota, or a province with ``head`` as its head), ``officers`` are
appointed PAK in its scope and ``head`` a user with the role *head* of ``office`` (who records, invites
and signs). Everything goes through the real services; only the finished bimtek's dates are moved into
the past after the invitations (invitations close when a bimtek has ended).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import services
from .constants import Attendance, OrganiserLevel, TrainingMode
from .models import Training


def seed_training_demo(office, officers, head) -> dict[str, Training]:
    if head.office_id != office.pk:
        raise ValueError("head must belong to office")
    officers = list(officers)
    today = timezone.localdate()
    level = OrganiserLevel.PROVINCE if office.level == "province" else OrganiserLevel.REGENCY
    finished = services.training_create(
        actor=head,
        data={
            "organiser_level": level,
            "title": "Bimtek Layanan Antar Kerja bagi PAK pada BKK",
            "start_date": today,
            "end_date": today,
            "mode": TrainingMode.OFFLINE,
            "place": "Aula Disnaker, Jl. Raya Bekasi Km. 10",
            "coordinated_with_kemnaker": True,
            "coordination_note": "Narasumber dari Direktorat Bina Pengantar Kerja; surat koordinasi "
            "Nomor 500.15/123/Disnaker/2026.",
            "description": "Materi: pelayanan antar kerja, pengisian e-pengantarkerja, pelaporan penempatan BKK.",
        },
    )
    if officers:
        services.training_invite(training=finished, actor=head, officers=officers)
    start = today - datetime.timedelta(days=21)
    Training.objects.filter(pk=finished.pk).update(
        start_date=start, end_date=start + datetime.timedelta(days=1)
    )
    finished.refresh_from_db()
    participants = list(finished.participants.order_by("pk"))
    if participants:
        marks = {p.pk: Attendance.PRESENT for p in participants}
        if len(participants) > 2:
            marks[participants[-1].pk] = Attendance.ABSENT
        services.attendance_record(training=finished, actor=head, marks=marks)
        services.certificates_issue(training=finished, actor=head)

    upcoming = services.training_create(
        actor=head,
        data={
            "organiser_level": OrganiserLevel.MINISTRY,
            "title": "Bimtek Daring Pengisian Profil e-Pengantarkerja",
            "start_date": today + datetime.timedelta(days=14),
            "end_date": today + datetime.timedelta(days=14),
            "mode": TrainingMode.ONLINE,
            "place": "Zoom Meeting",
            "online_link": "https://zoom.us/j/1234567890",
            "coordinated_with_kemnaker": True,
            "coordination_note": "Diselenggarakan Direktorat Bina Pengantar Kerja; kantor mengundang PAK di wilayahnya.",
        },
    )
    if officers:
        services.training_invite(
            training=upcoming, actor=head, officers=officers[: max(1, len(officers) // 2)]
        )
    return {"finished": finished, "upcoming": upcoming}
