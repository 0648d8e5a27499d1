"""The head's signing screen for the bimtek certificates (issue 14), against the in-process BSrE simulator
(real HTTP on a loopback port): a wrong passphrase comes back next to the field with no number used and no
certificate; the right one issues the certificate, signed through BSrE."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE, BsreSimulator
from disnaker.decrees.constants import DecreeKind, SignerBackend
from disnaker.decrees.models import Decree, DecreeCounter
from disnaker.decrees.services import decree_settings_for
from disnaker.training import selectors, services
from disnaker.training.constants import Attendance

pytestmark = pytest.mark.django_db

SIGNER = "3216010101800001"  # ISSUE in the simulator's demo table


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    sim = BsreSimulator(tmp_path_factory.mktemp("bsre-simulator-training")).start()
    yield sim
    sim.stop()


@pytest.fixture
def present(training, participant, vera, simulator, settings):
    services.attendance_record(training=training, actor=vera, marks={participant.pk: Attendance.PRESENT})
    simulator.faults.reset()
    settings.BSRE_BASE_URL = simulator.url
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "esign", "esign-simulator"
    row = decree_settings_for(selectors.organising_office(training))
    row.signer_backend = SignerBackend.BSRE
    row.bsre_nik = SIGNER
    row.full_clean()
    row.save()
    return participant


def _numbers_used() -> int:
    return sum(DecreeCounter.objects.values_list("last_number", flat=True))


def _field_error(html: str) -> str:
    found = re.search(r'id="id_passphrase_error">(.*?)</div>', html, re.S)
    return found.group(1).strip() if found else ""


def test_certificate_signing_screen_wrong_passphrase_then_success(client, training, present, hana):
    url = reverse("training:certificates_issue", args=[training.pk])
    client.force_login(hana)
    detail = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert f'href="{url}"' in detail
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and 'name="passphrase"' in html
    assert reverse("training:certificate_preview", args=[present.pk]) in html
    before = _numbers_used()

    response = client.post(url, {"passphrase": "bukan-passphrase-kepala"})
    html = response.content.decode()
    assert response.status_code == 400 and _field_error(html), html
    assert "bukan-passphrase-kepala" not in html
    assert _numbers_used() == before
    assert not Decree.objects.filter(kind=DecreeKind.TRAINING_CERTIFICATE).exists()

    response = client.post(url, {"passphrase": DEMO_PASSPHRASE})
    assert response.status_code == 302
    decree = Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE)
    assert _numbers_used() == before + 1
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(decree.pdf.read())).pages).split()
    )
    assert "diterbitkan oleh BSrE" in text
    assert "1 sertifikat diterbitkan" in client.get(response.url).content.decode()
