"""Who sees which PKWT registrations, as the design's tenancy rule has it (``core.selectors.office_scope``):
a kab/kota office its own; a province admin its kab/kota offices', read-only; the ministry every office's,
read-only; none of them a company's draft. The province and the ministry follow status and history, not the
workers: no worker list, no documents, no decree PDF, no step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import CompanyFactory, UserFactory
from disnaker.core.constants import OfficeReach
from disnaker.core.models import Office, Region
from disnaker.core.selectors import office_scope
from disnaker.pkwt.selectors import registrations_for

from .helpers import new_registration, submitted_sample


@pytest.fixture
def two_offices(alice, office2):
    """A submitted registration at Kabupaten Bekasi, one at Kota Bekasi, and a draft at Kabupaten Bekasi."""
    kota_user = UserFactory(role=Role.COMPANY, company=CompanyFactory(name="PT Kota", office=office2))
    return {
        "kab": submitted_sample(alice),
        "kota": submitted_sample(kota_user),
        "draft": new_registration(alice),
    }


@pytest.fixture
def dki_admin(db):
    dki = Office.objects.create(code="31", name="Disnakertrans Provinsi DKI Jakarta", level="province",
                                region=Region.objects.get(code="31"))  # fmt: skip
    return UserFactory(email="admin@dki.go.id", role=Role.PROVINCE_ADMIN, office=dki)


def _seen(user) -> set[int]:
    return set(registrations_for(user=user).values_list("pk", flat=True))


@pytest.mark.django_db
def test_each_role_sees_its_offices_registrations(
    two_offices, alice, vera, oscar, hana, prita, mira, dki_admin, bob
):
    kab, kota, draft = two_offices["kab"].pk, two_offices["kota"].pk, two_offices["draft"].pk
    assert _seen(vera) == _seen(hana) == {kab}
    assert _seen(oscar) == {kota}
    assert _seen(prita) == {kab, kota}  # Jawa Barat: both kab/kota offices, never the draft
    assert _seen(mira) == {kab, kota}
    assert _seen(dki_admin) == set()
    assert _seen(bob) == set()  # another company
    assert _seen(alice) == {kab, draft}  # the company its own, drafts included


@pytest.mark.django_db
def test_the_reach_of_each_role(vera, hana, prita, mira, alice, adam, province_office):
    assert [u.office_reach for u in (vera, hana, prita, mira, alice, adam)] == [
        OfficeReach.OFFICE,
        OfficeReach.OFFICE,
        OfficeReach.PROVINCE,
        OfficeReach.ALL,
        OfficeReach.NONE,
        OfficeReach.ALL,
    ]
    province_head = UserFactory(role=Role.HEAD, office=province_office)
    assert province_head.office_reach == OfficeReach.NONE  # a kab/kota role at a province office
    assert office_scope(province_head) is None


@pytest.mark.django_db
def test_the_province_follows_its_kab_kota_registrations_read_only(client, two_offices, prita, dki_admin):
    kota = two_offices["kota"]
    client.force_login(prita)
    queue = client.get(reverse("pkwt:office_queue"))
    assert queue.status_code == 200
    assert {r.pk for r in queue.context["page"].object_list} == {two_offices["kab"].pk, kota.pk}
    html = queue.content.decode()
    assert "Dinas Ketenagakerjaan Kota Bekasi" in html and ">Lihat</a>" in html  # the office column

    review = client.get(reverse("pkwt:office_review", args=[kota.pk]))
    assert review.status_code == 200
    html = review.content.decode()
    assert kota.number in html and "Riwayat" in html and "Tampilan pemantauan" in html
    # No workers, no documents, no buttons.
    first_worker = kota.contracts.order_by("row").first()
    assert first_worker.name not in html and first_worker.nik[-4:] + "</" not in html
    assert reverse("pkwt:document", args=[kota.pk, "application_letter"]) not in html
    assert "decision-form" not in html and review.context["actions"] == []

    dashboard = client.get(reverse("pkwt:office_dashboard"))
    assert dashboard.status_code == 200
    assert sum(n for _v, _label, n in dashboard.context["by_status"]) == 2

    # Writes and personal data stay with the kab/kota office.
    for url in (
        reverse("pkwt:office_decide", args=[kota.pk, "verifikasi"]),
        reverse("pkwt:office_sign", args=[kota.pk]),
    ):
        assert client.post(url, {"note": "x"}).status_code == 403
    assert client.get(reverse("pkwt:document", args=[kota.pk, "application_letter"])).status_code in (
        403,
        404,
    )

    client.force_login(dki_admin)
    assert client.get(reverse("pkwt:office_review", args=[kota.pk])).status_code == 404


@pytest.mark.django_db
def test_the_ministry_follows_every_office_read_only(client, two_offices, mira):
    client.force_login(mira)
    queue = client.get(reverse("pkwt:office_queue"))
    assert queue.status_code == 200 and queue.context["page"].paginator.count == 2
    review = client.get(reverse("pkwt:office_review", args=[two_offices["kab"].pk]))
    assert review.status_code == 200 and review.context["personal_data"] is False
    assert client.get(reverse("pkwt:office_review", args=[two_offices["draft"].pk])).status_code == 404
    assert client.get(reverse("pkwt:office_dashboard")).status_code == 200


@pytest.mark.django_db
def test_a_company_and_a_bkk_operator_still_get_no_office_pages(client, alice, bima):
    for user in (alice, bima):
        client.force_login(user)
        assert client.get(reverse("pkwt:office_queue")).status_code == 403
        assert client.get(reverse("pkwt:office_dashboard")).status_code == 403
