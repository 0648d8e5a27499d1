"""Training pages end to end through the test client: record, invite (search), attendance, certificates,
the PAK's page and the public verification of a certificate."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.notifications.models import OutboxMessage
from disnaker.placement.tests.helpers import appointed_officers
from disnaker.training.models import Training, TrainingParticipant

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title": "Bimtek PAK Angkatan III",
        "organiser_level": "regency",
        "organiser_name": "",
        "start_date": (today + datetime.timedelta(days=3)).isoformat(),
        "end_date": (today + datetime.timedelta(days=4)).isoformat(),
        "mode": "offline",
        "place": "Hotel Cikarang",
        "online_link": "",
        "coordinated_with_kemnaker": "on",
        "coordination_note": "Surat koordinasi ke Direktorat Bina Pengantar Kerja",
        "description": "",
    }
    data.update(overrides)
    return data


def test_verifier_records_a_training_and_goes_to_the_invitations(client, vera, office):
    client.force_login(vera)
    page = client.get(reverse("training:create"))
    assert page.status_code == 200 and "Dikoordinasikan dengan Kemnaker" in page.content.decode()
    response = client.post(reverse("training:create"), _form())
    training = Training.objects.get()
    assert response.status_code == 302 and response.url == reverse("training:invite", args=[training.pk])
    assert training.office == office and training.coordinated_with_kemnaker


def test_invalid_form_shows_errors_next_to_the_fields(client, vera):
    client.force_login(vera)
    response = client.post(
        reverse("training:create"), _form(mode="online", online_link="", end_date="2000-01-01")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "id_online_link_error" in body and "id_end_date_error" in body
    assert not Training.objects.exists()


def test_edit_then_closed_after_the_end(client, vera, training):
    client.force_login(vera)
    url = reverse("training:edit", args=[training.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(title="Judul diperbarui"))
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.title == "Judul diperbarui"
    past = timezone.localdate() - datetime.timedelta(days=5)
    Training.objects.filter(pk=training.pk).update(start_date=past, end_date=past)
    assert client.get(url).url == reverse("training:detail", args=[training.pk])


def test_invite_page_searches_and_invites_the_ticked_pak(client, vera, hana, bima, training, pak):
    others = appointed_officers(bima, vera, hana, count=2)
    client.force_login(vera)
    url = reverse("training:invite", args=[training.pk])
    page = client.get(url, {"q": pak.name})
    assert list(page.context["page"].object_list) == [pak]
    rows = client.get(url, {"q": pak.bkk.name}, headers={"HX-Request": "true"})
    assert rows.status_code == 200 and "<html" not in rows.content.decode()
    assert len(rows.context["page"].object_list) == 3
    response = client.post(url, {"pak": [pak.pk, others[0].pk], "action": "dipilih", "q": ""})
    assert response.status_code == 302
    assert set(training.participants.values_list("officer", flat=True)) == {pak.pk, others[0].pk}
    assert OutboxMessage.objects.filter(kind="training_invitation").count() == 2
    # "Invite all found": only the one not yet invited.
    client.post(url, {"action": "semua", "q": ""})
    assert training.participants.count() == 3


def test_crafted_invitation_of_another_offices_pak_is_refused(client, vera, training, other_pak):
    client.force_login(vera)
    response = client.post(reverse("training:invite", args=[training.pk]), {"pak": [other_pak.pk]})
    assert response.status_code == 403
    assert not TrainingParticipant.objects.exists()


def test_attendance_then_certificates_then_download(client, vera, hana, putri, training, participant):
    client.force_login(vera)
    url = reverse("training:attendance", args=[training.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"hadir-{participant.pk}": "present", "action": "simpan"}).status_code == 302
    participant.refresh_from_db()
    assert participant.attendance == "present"
    detail = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert "menunggu sertifikat" in detail

    client.force_login(hana)
    detail = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert "Terbitkan dan tandatangani 1 sertifikat" in detail
    response = client.post(reverse("training:certificates_issue", args=[training.pk]), follow=True)
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    assert decree.number in response.content.decode()

    client.force_login(putri)
    mine = client.get(reverse("training:my_trainings")).content.decode()
    assert training.title in mine and decree.number in mine
    pdf = client.get(reverse("training:certificate", args=[participant.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_mark_all_present(client, vera, hana, bima, training):
    officers = appointed_officers(bima, vera, hana, count=3)
    client.force_login(vera)
    client.post(reverse("training:invite", args=[training.pk]), {"pak": [o.pk for o in officers]})
    client.post(reverse("training:attendance", args=[training.pk]), {"action": "semua_hadir"})
    assert training.participants.filter(attendance="present").count() == 3


def test_withdraw_an_invitation_before_the_start(client, vera, upcoming, pak):
    client.force_login(vera)
    client.post(reverse("training:invite", args=[upcoming.pk]), {"pak": [pak.pk]})
    participant = upcoming.participants.get()
    client.post(reverse("training:participant_remove", args=[upcoming.pk, participant.pk]))
    assert not upcoming.participants.exists()


def test_attendance_page_waits_for_the_start(client, vera, upcoming):
    client.force_login(vera)
    response = client.get(reverse("training:attendance", args=[upcoming.pk]))
    assert response.status_code == 302 and response.url == reverse("training:detail", args=[upcoming.pk])


def test_certificate_is_verifiable_at_the_public_page(client, certified):
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    response = client.get(reverse("decrees:verify", args=[decree.token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert decree.number in body and "Sertifikat Bimtek PAK" in body


def test_pak_profile_include_lists_trainings(certified, pak):
    from django.template.loader import render_to_string

    html = render_to_string("training/_pak_trainings.html", {"officer": pak})
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    assert certified.training.title in html and decree.number in html
    assert reverse("training:certificate", args=[certified.pk]) in html
    assert "Hadir" in html


def test_list_filters_and_shows_counts(client, mira, training, upcoming, participant):
    client.force_login(mira)
    page = client.get(reverse("training:list"))
    assert {t.pk for t in page.context["page"].object_list} == {training.pk, upcoming.pk}
    running = client.get(reverse("training:list"), {"tahap": "running"}).context["page"].object_list
    assert [t.pk for t in running] == [training.pk]
    assert "Catat bimtek baru" not in page.content.decode()


def test_other_kab_kota_sees_only_its_own_pak_in_a_province_training(client, prita, oscar, pak, other_pak):
    from disnaker.training import services

    from .conftest import training_data

    training = services.training_create(actor=prita, data=training_data(organiser_level="province"))
    services.training_invite(training=training, actor=prita, officers=[pak, other_pak])
    client.force_login(oscar)
    response = client.get(reverse("training:detail", args=[training.pk]))
    assert response.status_code == 200
    assert [p.officer for p in response.context["rows"]] == [other_pak]
    assert response.context["can_manage"] is False


def test_many_certificates_are_issued_in_the_background_with_a_live_count(
    client, settings, training, bima, vera, hana, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from disnaker.placement.tests.helpers import appointed_officers
    from disnaker.training import services as training_services

    settings.TRAINING_CERTIFICATE_SYNC_MAX = 1  # three attendees count as many
    officers = appointed_officers(bima, vera, hana, count=3)
    rows = training_services.training_invite(training=training, actor=vera, officers=officers)
    training_services.attendance_record(training=training, actor=vera, marks={r.pk: "present" for r in rows})
    key = training_services.certificates_queue_key(training.pk)
    cache.set(key, {"by": hana.pk, "total": 3})  # as if a first click had queued the task a moment ago
    client.force_login(hana)
    url = reverse("training:certificates_issue", args=[training.pk])
    assert client.post(url).status_code == 302  # a second click while it runs queues nothing
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert 'id="certificate-progress"' in page and 'value="0" max="3"' in page
    cache.delete(key)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # queued; the (immediate) task runs on commit
    assert len(training_services.certificates_pending(training)) == 0
    assert cache.get(key) is None
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert 'id="certificate-progress"' not in page
