"""Issue 13 §4: a bimtek certificate is signed by the head of the organising office, never by a kab/kota head
for a bimtek Kemnaker or the province organised."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from disnaker.training import services
from disnaker.training.constants import Attendance, OrganiserLevel

from .conftest import training_data

pytestmark = pytest.mark.django_db


def _attended(vera, pak, level):
    training = services.training_create(actor=vera, data=training_data(organiser_level=level))
    rows = services.training_invite(training=training, actor=vera, officers=[pak])
    services.attendance_record(training=training, actor=vera, marks={r.pk: Attendance.PRESENT for r in rows})
    return training


def test_a_province_bimtek_recorded_by_the_regency_is_signed_by_the_province_head(
    vera, hana, pak, province_head
):
    training = _attended(vera, pak, OrganiserLevel.PROVINCE)
    with pytest.raises(PermissionDenied):
        services.certificates_issue(training=training, actor=hana)
    (decree,) = services.certificates_issue(training=training, actor=province_head)
    assert decree.office_id == province_head.office_id != training.office_id
    assert decree.signer_name == "Kadis Provinsi"


def test_a_ministry_bimtek_is_not_signed_by_the_regency_or_province_head(vera, hana, pak, province_head):
    training = _attended(vera, pak, OrganiserLevel.MINISTRY)
    for head in (hana, province_head):
        with pytest.raises(PermissionDenied):
            services.certificates_issue(training=training, actor=head)


def test_the_regency_head_signs_the_regency_own_bimtek(vera, hana, pak):
    training = _attended(vera, pak, OrganiserLevel.REGENCY)
    (decree,) = services.certificates_issue(training=training, actor=hana)
    assert decree.office_id == training.office_id
