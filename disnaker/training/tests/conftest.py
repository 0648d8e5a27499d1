"""Training fixtures on top of the root personas: vera's office records the bimtek, hana signs, pak (putri)
is invited. ``other_pak`` is an appointed PAK of Kota Bekasi (oscar's office), outside vera's scope."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.models import Region
from disnaker.placement.tests.helpers import appointed_officers, registered_bkk
from disnaker.training import services
from disnaker.training.constants import Attendance, OrganiserLevel, TrainingMode


def training_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "organiser_level": OrganiserLevel.REGENCY,
        "organiser_name": "",
        "title": "Bimtek Layanan Antar Kerja Angkatan I",
        "start_date": today - datetime.timedelta(days=1),
        "end_date": today,
        "mode": TrainingMode.OFFLINE,
        "place": "Aula Disnaker Kabupaten Bekasi",
        "online_link": "",
        "coordinated_with_kemnaker": True,
        "coordination_note": "Narasumber Direktorat Bina Pengantar Kerja",
        "description": "Materi layanan antar kerja.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def training(vera):
    """Started yesterday, ends today: editable, attendance open, certificates allowed."""
    return services.training_create(actor=vera, data=training_data())


@pytest.fixture
def upcoming(vera):
    start = timezone.localdate() + datetime.timedelta(days=10)
    return services.training_create(
        actor=vera, data=training_data(title="Bimtek Angkatan II", start_date=start, end_date=start)
    )


@pytest.fixture
def participant(training, pak, vera):
    return services.training_invite(training=training, actor=vera, officers=[pak])[0]


@pytest.fixture
def certified(training, participant, vera, hana, putri):
    """putri's participation, marked present, with the certificate issued by hana."""
    services.attendance_record(training=training, actor=vera, marks={participant.pk: Attendance.PRESENT})
    services.certificates_issue(training=training, actor=hana)
    participant.refresh_from_db()
    return participant


@pytest.fixture
def office2_head(office2):
    return UserFactory(
        email="kepala@disnakerkota.go.id", role=Role.HEAD, office=office2, full_name="Kepala Kota"
    )


@pytest.fixture
def other_pak(oscar, office2_head):
    bkk = registered_bkk(
        oscar, office2_head, region=Region.objects.get(code="32.75"), email="op@smkkota.sch.id"
    )
    return appointed_officers(bkk.operator, oscar, office2_head, count=1)[0]


@pytest.fixture
def province_head(province_office):
    return UserFactory(email="kadis@disnakerjabar.go.id", role=Role.HEAD, office=province_office,
                       full_name="Kadis Provinsi")  # fmt: skip
