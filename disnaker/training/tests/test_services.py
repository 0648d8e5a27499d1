"""Training services: recording, invitations (scope and e-mail), attendance and certificates."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.decrees.services import decree_revoke
from disnaker.decrees.tests.helpers import signature_status
from disnaker.notifications.models import OutboxMessage
from disnaker.placement.constants import AppointmentStatus
from disnaker.placement.tests.helpers import appointed_officers
from disnaker.training import selectors, services
from disnaker.training.constants import Attendance, OrganiserLevel, TrainingMode
from disnaker.training.demo import seed_training_demo
from disnaker.training.models import Training, TrainingParticipant

from .conftest import training_data

pytestmark = pytest.mark.django_db


def _text(decree: Decree) -> str:
    with decree.pdf.open("rb") as handle:
        data = handle.read()
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


# --- Recording ---------------------------------------------------------------------------------------------


def test_verifier_records_a_training_for_their_office(vera, office):
    training = services.training_create(actor=vera, data=training_data())
    assert training.office == office and training.created_by == vera
    assert training.coordinated_with_kemnaker and "Bina Pengantar Kerja" in training.coordination_note
    assert training.organiser_display == office.name


def test_province_admin_records_for_the_province_office(prita, province_office):
    training = services.training_create(
        actor=prita, data=training_data(organiser_level=OrganiserLevel.PROVINCE)
    )
    assert training.office == province_office
    assert training.organiser_display == province_office.name


def test_ministry_organiser_is_named_on_the_record(vera):
    training = services.training_create(
        actor=vera, data=training_data(organiser_level=OrganiserLevel.MINISTRY)
    )
    assert "Kementerian Ketenagakerjaan" in training.organiser_display


@pytest.mark.parametrize("persona", ["mira", "alice", "bima", "putri"])
def test_others_cannot_record(request, persona):
    with pytest.raises(PermissionDenied):
        services.training_create(actor=request.getfixturevalue(persona), data=training_data())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"end_date": datetime.date(2020, 1, 1)}, "end_date"),
        ({"mode": TrainingMode.ONLINE, "online_link": ""}, "online_link"),
        ({"mode": TrainingMode.ONLINE, "online_link": "http://zoom.us/j/1"}, "online_link"),
        ({"mode": TrainingMode.OFFLINE, "place": ""}, "place"),
        ({"coordinated_with_kemnaker": True, "coordination_note": ""}, "coordination_note"),
        ({"organiser_level": ""}, "organiser_level"),
    ],
)
def test_invalid_training_is_refused_per_field(vera, overrides, field):
    with pytest.raises(ValidationError) as exc:
        services.training_create(actor=vera, data=training_data(**overrides))
    assert field in exc.value.message_dict


def test_online_training_keeps_the_link_and_offline_drops_it(vera):
    online = services.training_create(
        actor=vera, data=training_data(mode=TrainingMode.ONLINE, place="", online_link="https://zoom.us/j/1")
    )
    assert online.online_link == "https://zoom.us/j/1"
    offline = services.training_create(actor=vera, data=training_data(online_link="https://zoom.us/j/2"))
    assert offline.online_link == ""


def test_edit_until_it_has_ended(training, vera, hana):
    services.training_update(training=training, actor=hana, data=training_data(title="Judul baru"))
    training.refresh_from_db()
    assert training.title == "Judul baru"
    past = timezone.localdate() - datetime.timedelta(days=3)
    Training.objects.filter(pk=training.pk).update(start_date=past, end_date=past)
    training.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.training_update(training=training, actor=vera, data=training_data())


def test_another_office_cannot_edit(training, oscar, prita):
    for actor in (oscar, prita):
        with pytest.raises(PermissionDenied):
            services.training_update(training=training, actor=actor, data=training_data())


# --- Invitations --------------------------------------------------------------------------------------------


def test_invite_sends_an_e_mail_and_skips_those_already_invited(training, pak, vera):
    new = services.training_invite(training=training, actor=vera, officers=[pak])
    assert [p.officer for p in new] == [pak]
    mail = OutboxMessage.objects.get(to=pak.email, kind="training_invitation")
    assert training.title in mail.subject and training.title in mail.body
    assert "/pak/pelatihan/" in mail.body and "Aula Disnaker" in mail.body
    assert services.training_invite(training=training, actor=vera, officers=[pak.pk]) == []
    assert TrainingParticipant.objects.filter(training=training).count() == 1


def test_kab_kota_cannot_invite_another_offices_pak(training, vera, other_pak):
    with pytest.raises(PermissionDenied):
        services.training_invite(training=training, actor=vera, officers=[other_pak])
    assert not TrainingParticipant.objects.exists()
    assert other_pak not in selectors.invitable_officers(user=vera, training=training)


def test_only_appointed_pak_can_be_invited(training, pak, vera):
    pak.status = AppointmentStatus.INACTIVE
    pak.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        services.training_invite(training=training, actor=vera, officers=[pak])


def test_province_invites_pak_of_all_its_kab_kota(prita, pak, other_pak):
    training = services.training_create(
        actor=prita, data=training_data(organiser_level=OrganiserLevel.PROVINCE)
    )
    assert set(selectors.invitable_officers(user=prita, training=training)) == {pak, other_pak}
    new = services.training_invite(training=training, actor=prita, officers=[pak, other_pak])
    assert len(new) == 2


def test_search_finds_pak_by_name_or_bkk(training, vera, pak, bkk):
    assert list(selectors.invitable_officers(user=vera, training=training, query=pak.name[:8])) == [pak]
    assert list(selectors.invitable_officers(user=vera, training=training, query=bkk.name)) == [pak]
    assert list(selectors.invitable_officers(user=vera, training=training, query="tidak ada")) == []


def test_no_invitations_after_the_end(training, pak, vera):
    past = timezone.localdate() - datetime.timedelta(days=3)
    Training.objects.filter(pk=training.pk).update(start_date=past, end_date=past)
    training.refresh_from_db()
    with pytest.raises(ValidationError):
        services.training_invite(training=training, actor=vera, officers=[pak])


def test_invitation_is_withdrawn_only_before_the_start(upcoming, training, pak, vera):
    early = services.training_invite(training=upcoming, actor=vera, officers=[pak])[0]
    services.participant_remove(participant=early, actor=vera)
    assert not upcoming.participants.exists()
    late = services.training_invite(training=training, actor=vera, officers=[pak])[0]
    with pytest.raises(ValidationError):
        services.participant_remove(participant=late, actor=vera)


# --- Attendance ---------------------------------------------------------------------------------------------


def test_attendance_after_the_start(participant, training, vera):
    assert services.attendance_record(training=training, actor=vera, marks={participant.pk: "absent"}) == 1
    participant.refresh_from_db()
    assert participant.attendance == Attendance.ABSENT and participant.attendance_recorded_by == vera
    assert services.attendance_record(training=training, actor=vera, marks={participant.pk: "absent"}) == 0
    assert services.attendance_record(training=training, actor=vera, marks={participant.pk: "bogus"}) == 0


def test_no_attendance_before_the_start(upcoming, pak, vera):
    p = services.training_invite(training=upcoming, actor=vera, officers=[pak])[0]
    with pytest.raises(ValidationError, match="mulai tanggal"):
        services.attendance_record(training=upcoming, actor=vera, marks={p.pk: "present"})


def test_attendance_of_another_training_is_ignored(participant, upcoming, vera):
    start = timezone.localdate() - datetime.timedelta(days=1)
    Training.objects.filter(pk=upcoming.pk).update(start_date=start)
    upcoming.refresh_from_db()
    assert services.attendance_record(training=upcoming, actor=vera, marks={participant.pk: "present"}) == 0


def test_another_office_cannot_record_attendance(participant, training, oscar):
    with pytest.raises(PermissionDenied):
        services.attendance_record(training=training, actor=oscar, marks={participant.pk: "present"})


# --- Certificates -------------------------------------------------------------------------------------------


def test_certificate_is_a_numbered_signed_pdf_with_name_and_title(certified, training, hana, pak):
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    assert decree.subject == certified
    assert "/SERT-PAK/" in decree.number and decree.number.startswith("500.15/1/")
    assert decree.subject_name == pak.name and decree.title == "Sertifikat Bimtek PAK"
    text = _text(decree)
    for expected in ("SERTIFIKAT", pak.name, training.title, pak.bkk.name, decree.number, "Aula Disnaker",
                     "Hana Kepala", "Direktorat Bina Pengantar Kerja"):  # fmt: skip
        assert expected in text, expected
    assert f"/verifikasi/{decree.token}/" in text.replace(" ", "")
    with decree.pdf.open("rb") as handle:
        status = signature_status(handle.read())
    assert status.intact and status.valid


def test_certificates_are_idempotent_and_e_mailed_once(certified, training, hana, pak):
    assert services.certificates_issue(training=training, actor=hana) == []
    assert Decree.objects.filter(kind=DecreeKind.TRAINING_CERTIFICATE).count() == 1
    assert OutboxMessage.objects.filter(to=pak.email, subject__startswith="Sertifikat bimtek").count() == 1
    mail = OutboxMessage.objects.get(to=pak.email, subject__startswith="Sertifikat bimtek")
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    assert decree.number in mail.body and f"/verifikasi/{decree.token}/" in mail.body


def test_only_those_present_get_a_certificate(training, bima, vera, hana):
    officers = appointed_officers(bima, vera, hana, count=3)
    rows = services.training_invite(training=training, actor=vera, officers=officers)
    marks = {rows[0].pk: "present", rows[1].pk: "present", rows[2].pk: "absent"}
    services.attendance_record(training=training, actor=vera, marks=marks)
    issued = services.certificates_issue(training=training, actor=hana)
    assert len(issued) == 2
    assert sorted(d.sequence for d in issued) == [1, 2]
    assert {d.object_id for d in issued} == {rows[0].pk, rows[1].pk}


def test_a_certificate_run_cut_short_and_run_again_issues_only_the_missing_ones(training, bima, vera, hana):
    """What a worker that died half-way leaves and what its re-run (the task is retried once) does."""
    officers = appointed_officers(bima, vera, hana, count=3)
    rows = services.training_invite(training=training, actor=vera, officers=officers)
    # The first certificate (with its e-mail) committed before the worker died.
    services.attendance_record(training=training, actor=vera, marks={rows[0].pk: "present"})
    services.certificates_issue(training=training, actor=hana)
    services.attendance_record(training=training, actor=vera, marks={r.pk: "present" for r in rows})
    services.certificates_run(training_id=training.pk, actor_id=hana.pk)  # the re-run
    services.certificates_run(training_id=training.pk, actor_id=hana.pk)  # and once more: nothing new
    issued = Decree.objects.filter(kind=DecreeKind.TRAINING_CERTIFICATE)
    assert sorted(issued.values_list("sequence", flat=True)) == [1, 2, 3]
    assert sorted(issued.values_list("object_id", flat=True)) == sorted(r.pk for r in rows)
    sent = OutboxMessage.objects.filter(subject__startswith="Sertifikat bimtek")
    assert sorted(sent.values_list("to", flat=True)) == sorted(o.email for o in officers)


def test_a_certificate_run_lost_for_good_lets_the_head_issue_again(
    training, participant, vera, hana, settings
):
    settings.TRAINING_CERTIFICATE_SYNC_MAX = 0  # one certificate already goes to the background task
    services.attendance_record(training=training, actor=vera, marks={participant.pk: "present"})
    assert services.certificates_issue_or_queue(training=training, actor=hana) is None
    assert services.certificates_running(training)
    services.certificates_worker_lost(training_id=training.pk)
    assert not services.certificates_running(training)


def test_only_the_offices_head_signs(participant, training, vera, prita, oscar):
    services.attendance_record(training=training, actor=vera, marks={participant.pk: "present"})
    for actor in (vera, prita, oscar):
        with pytest.raises(PermissionDenied):
            services.certificates_issue(training=training, actor=actor)
        denial = AuditLog.objects.get(action=AuditAction.ACCESS_DENIED, actor=actor)
        assert denial.data == {"step": "training.certificates_issue"}
        assert denial.object_id == str(training.pk)


def test_no_certificates_before_the_last_day(upcoming, pak, vera, hana):
    services.training_invite(training=upcoming, actor=vera, officers=[pak])
    with pytest.raises(ValidationError, match="hari terakhir"):
        services.certificates_issue(training=upcoming, actor=hana)


def test_no_certificates_without_attendees(participant, training, hana):
    with pytest.raises(ValidationError, match="hadir"):
        services.certificates_issue(training=training, actor=hana)


def test_a_certified_participant_stays_present(certified, training, vera):
    with pytest.raises(ValidationError, match="Sertifikat"):
        services.attendance_record(training=training, actor=vera, marks={certified.pk: "absent"})


def test_a_revoked_certificate_can_be_issued_again(certified, training, hana):
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    decree_revoke(decree=decree, actor=hana, reason="Salah ketik nama peserta")
    issued = services.certificates_issue(training=training, actor=hana)
    assert len(issued) == 1 and issued[0].pk != decree.pk and issued[0].sequence == 2


def test_province_training_certificate_is_signed_by_the_province_head(prita, province_head, pak, other_pak):
    training = services.training_create(
        actor=prita, data=training_data(organiser_level=OrganiserLevel.PROVINCE)
    )
    rows = services.training_invite(training=training, actor=prita, officers=[pak, other_pak])
    services.attendance_record(training=training, actor=prita, marks={r.pk: "present" for r in rows})
    issued = services.certificates_issue(training=training, actor=province_head)
    assert len(issued) == 2 and {d.office_id for d in issued} == {training.office_id}
    assert "Kadis Provinsi" in _text(issued[0])


# --- Profile selector and demo ----------------------------------------------------------------------------------


def test_trainings_of_lists_participations_with_certificates(certified, upcoming, pak, vera):
    services.training_invite(training=upcoming, actor=vera, officers=[pak])
    rows = selectors.trainings_of(pak)
    assert [r.training.title for r in rows] == [upcoming.title, certified.training.title]
    assert rows[0].certificate is None and rows[1].certificate is not None


def test_demo_seeds_a_finished_and_an_upcoming_training(office, bima, vera, hana):
    officers = appointed_officers(bima, vera, hana, count=3)
    result = seed_training_demo(office, officers, hana)
    finished = result["finished"]
    assert finished.has_ended()
    assert finished.participants.filter(attendance=Attendance.PRESENT).count() == 2
    assert Decree.objects.filter(kind=DecreeKind.TRAINING_CERTIFICATE).count() == 2
    assert result["upcoming"].participants.count() == 1
