"""Issue 13 §3: revoking or closing a BKK ends its PAK's appointments (with reason and reference) and accounts."""

from __future__ import annotations

import pytest

from disnaker.accounts.models import User
from disnaker.core.workflow import status_history
from disnaker.decrees.models import Decree
from disnaker.placement import services
from disnaker.placement.constants import AppointmentStatus
from disnaker.placement.models import PlacementOfficer
from disnaker.placement.selectors import bkk_officers_ending

from .helpers import appointed_officers, registered_profile

pytestmark = pytest.mark.django_db


def _accept_invitation(officer: PlacementOfficer) -> User:
    registered_profile(officer, submit=False)
    officer.profile.refresh_from_db()
    user = officer.profile.user
    assert user.is_active
    return user


def test_revoking_a_bkk_ends_its_pak_with_the_reason_and_tanda_daftar_number(bima, vera, hana, bkk):
    officers = appointed_officers(bima, vera, hana, count=2)
    user = _accept_invitation(officers[0])
    number = Decree.objects.get(kind="bkk_registration", object_id=bkk.pk).number
    assert [o.pk for o in bkk_officers_ending(bkk)] == sorted(o.pk for o in officers)
    services.bkk_deactivate(bkk=bkk, actor=vera, reason="Tidak melapor 12 bulan")
    services.bkk_revoke(bkk=bkk, actor=hana, reason="Tidak menanggapi pembinaan")
    for officer in officers:
        officer.refresh_from_db()
        assert officer.status == AppointmentStatus.INACTIVE
        assert number in officer.end_reason and "dicabut" in officer.end_reason
        assert "Tidak menanggapi pembinaan" in officer.end_reason
        assert officer.ended_on is not None
        assert status_history(officer)[-1].to_status == AppointmentStatus.INACTIVE
    user.refresh_from_db()
    assert not user.is_active
    assert list(bkk_officers_ending(bkk)) == []


def test_closing_a_bkk_ends_its_pak_too_but_not_those_of_another_bkk(bima, vera, hana, bkk, pak):
    user = _accept_invitation(pak)
    services.bkk_close(bkk=bkk, actor=vera, reason="Sekolah ditutup")
    pak.refresh_from_db()
    assert pak.status == AppointmentStatus.INACTIVE
    assert "ditutup" in pak.end_reason and "Sekolah ditutup" in pak.end_reason
    user.refresh_from_db()
    assert not user.is_active


def test_the_office_sees_the_pak_who_will_end_before_it_revokes_or_closes(client, vera, bkk, pak):
    from django.urls import reverse

    client.force_login(vera)
    page = client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).content.decode()
    assert 'id="bkk-ending-officers"' in page and pak.name in page
    assert "penetapan 1 Petugas Antar Kerja berikut berakhir" in page
