"""A PAK's NIK is masked on every page and revealed one at a time, audited, to the roles whose duty needs it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.placement import services
from disnaker.placement.models import PlacementOfficer

from .helpers import submitted_proposal

pytestmark = pytest.mark.django_db


def _masked(nik: str) -> str:
    return nik[:6] + "******" + nik[-4:]


def _reveal_url(officer) -> str:
    return reverse("placement:officer_reveal_nik", args=[officer.pk])


def _reveals(actor) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED, actor=actor))


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("vera", lambda officer: reverse("placement:office_officer", args=[officer.pk])),
        ("hana", lambda officer: reverse("placement:office_officer", args=[officer.pk])),
        ("prita", lambda officer: reverse("placement:office_officer", args=[officer.pk])),
        ("prita", lambda officer: reverse("placement:province_review", args=[officer.profile.pk])),
        ("putri", lambda officer: reverse("placement:my_profile")),
    ],
    ids=["office-verifier", "office-head", "province-on-office-page", "province-review", "the-pak-themself"],
)
def test_the_page_masks_the_nik_and_one_audited_post_reveals_it(request, client, putri, persona, page):
    officer = PlacementOfficer.objects.get(profile__user=putri)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    html = client.get(page(officer)).content.decode()
    assert officer.nik not in html
    assert _masked(officer.nik) in html and _reveal_url(officer) in html
    assert _reveals(user) == []

    response = client.post(_reveal_url(officer), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode() == f'<span class="font-monospace">{officer.nik}</span>'
    assert "no-store" in response["Cache-Control"]
    [row] = _reveals(user)
    assert (row.object_type, row.object_id) == ("placement.placementofficer", str(officer.pk))
    assert row.data == {"field": "nik"} and officer.nik not in _reveal_url(officer)
    assert row.office_id == officer.office_id


def test_the_office_sees_a_proposals_candidates_masked_with_a_reveal_the_operator_has_not(client, bima, vera):
    proposal = submitted_proposal(bima)
    candidate = proposal.candidates.get()
    client.force_login(vera)
    review = client.get(reverse("placement:office_proposal_review", args=[proposal.pk])).content.decode()
    assert candidate.nik not in review and _reveal_url(candidate) in review
    client.force_login(bima)
    detail = client.get(reverse("placement:proposal_detail", args=[proposal.pk])).content.decode()
    assert candidate.nik not in detail and _masked(candidate.nik) in detail
    assert _reveal_url(candidate) not in detail


def test_the_ministry_sees_no_nik_at_all_on_the_pak_page(client, putri, mira):
    officer = PlacementOfficer.objects.get(profile__user=putri)
    client.force_login(mira)
    html = client.get(reverse("placement:office_officer", args=[officer.pk])).content.decode()
    assert officer.nik not in html and _masked(officer.nik) not in html and _reveal_url(officer) not in html


@pytest.mark.parametrize("persona", ["alice", "oscar", "mira", "bima", "adam"])
def test_those_whose_duty_does_not_need_it_cannot_reveal_and_are_audited(request, client, putri, persona):
    officer = PlacementOfficer.objects.get(profile__user=putri)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(_reveal_url(officer))
    assert response.status_code == 404 and officer.nik not in response.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=user).exists()
    assert _reveals(user) == []


def test_another_pak_cannot_reveal_a_colleagues_nik(client, bima, vera, hana, putri):
    from .helpers import appointed_officers

    colleague = appointed_officers(bima, vera, hana, count=1)[0]
    client.force_login(putri)
    assert client.post(_reveal_url(colleague)).status_code == 404


def test_the_reveal_takes_only_a_post_and_a_login(client, putri, vera):
    officer = PlacementOfficer.objects.get(profile__user=putri)
    response = client.post(_reveal_url(officer))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    client.force_login(vera)
    assert client.get(_reveal_url(officer)).status_code == 405
    assert _reveals(vera) == []


def test_the_sk_and_the_province_report_carry_no_nik(hana, vera, bima, putri):
    """The documents the law asks for name PAK without their NIK (the province matches by name and BKK); so
    there is nothing to mask there. Guarded here so a NIK column is a deliberate change."""
    from io import BytesIO

    from openpyxl import load_workbook

    officer = PlacementOfficer.objects.get(profile__user=putri)
    report = services.province_report_send(office=officer.office, actor=hana, officer_ids=[officer.pk])
    cells = [str(c) for row in load_workbook(BytesIO(report.excel.read())).active.iter_rows(values_only=True)
             for c in row]  # fmt: skip
    assert officer.name in cells and not any(officer.nik in c for c in cells)
