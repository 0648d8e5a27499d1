"""*Pratinjau SK* of the Tanda Daftar BKK, the SK Penetapan PAK and the bimtek certificate (issue 14): the
document as it will be issued, marked DRAFT, unnumbered, unsigned, no number used."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from disnaker.decrees.models import Decree, DecreeCounter
from disnaker.decrees.pdf import DRAFT_WATERMARK
from disnaker.decrees.preview import DRAFT_NUMBER
from disnaker.placement import services
from disnaker.training import services as training_services
from disnaker.training.constants import Attendance
from disnaker.training.tests.conftest import training_data

from .helpers import bkk_data, submitted_proposal

pytestmark = pytest.mark.django_db


def _draft(response, *words: str) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    pdf = response.content
    assert PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures == []
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert all(DRAFT_WATERMARK in page for page in pages)
    text = "\n".join(pages)
    assert DRAFT_NUMBER in text
    for word in words:
        assert word in text
    return text


def test_tanda_daftar_bkk_preview(client, vera, hana, alice, oscar):
    bkk = services.bkk_verify(bkk=services.bkk_apply(data=bkk_data()), actor=vera)
    decrees, counters = (
        Decree.objects.count(),
        list(DecreeCounter.objects.values_list("last_number", flat=True)),
    )
    url = reverse("placement:office_bkk_decree_preview", args=[bkk.pk])
    for user in (hana, vera):
        client.force_login(user)
        _draft(client.get(url), bkk.name, "TANDA DAFTAR")
    assert Decree.objects.count() == decrees
    assert list(DecreeCounter.objects.values_list("last_number", flat=True)) == counters
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(oscar)
    assert client.get(url).status_code == 404


def test_sk_penetapan_pak_preview_lists_the_candidates_masked(client, bima, vera, hana):
    proposal = submitted_proposal(bima)
    before = list(DecreeCounter.objects.values_list("last_number", flat=True))
    client.force_login(hana)
    text = _draft(client.get(reverse("placement:office_proposal_decree_preview", args=[proposal.pk])),
                  "PENETAPAN PETUGAS ANTAR KERJA", "DAFTAR PETUGAS ANTAR KERJA")  # fmt: skip
    officer = proposal.candidates.get()
    assert officer.name in text and officer.nik not in text  # masked, as in the issued SK
    assert list(DecreeCounter.objects.values_list("last_number", flat=True)) == before


def test_bimtek_certificate_preview_before_issue_only(client, vera, hana, pak):
    training = training_services.training_create(actor=vera, data=training_data())
    participant = training_services.training_invite(training=training, actor=vera, officers=[pak])[0]
    training_services.attendance_record(
        training=training, actor=vera, marks={participant.pk: Attendance.PRESENT}
    )
    url = reverse("training:certificate_preview", args=[participant.pk])
    before = Decree.objects.count()
    client.force_login(hana)
    _draft(client.get(url), "SERTIFIKAT", pak.name)
    assert Decree.objects.count() == before
    training_services.certificates_issue(training=training, actor=hana)
    assert client.get(url).status_code == 404  # issued: the certificate itself, not a preview
