"""The head's signing screen (issue 14) for the Tanda Daftar BKK and the SK Penetapan PAK: GET of the
signing step's decide URL shows what will happen, the preview link and, for an office signing through BSrE,
the passphrase; a wrong passphrase comes back next to the field with no number used, the right one signs.

Every BSrE call is real HTTP to the in-process simulator on a loopback port (``BsreSimulator``)."""

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
from disnaker.placement import services
from disnaker.placement.constants import BkkStatus, ProposalStatus
from disnaker.placement.models import Bkk, PakProposal

from .helpers import bkk_data, submitted_proposal

pytestmark = pytest.mark.django_db

SIGNER = "3216010101800001"  # ISSUE in the simulator's demo table
WRONG = "bukan-passphrase-kepala"
BSRE_LINE = "menggunakan sertifikat elektronik yang diterbitkan oleh BSrE"


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    sim = BsreSimulator(tmp_path_factory.mktemp("bsre-simulator-placement")).start()
    yield sim
    sim.stop()


@pytest.fixture
def bsre(simulator, settings):
    simulator.faults.reset()
    settings.BSRE_BASE_URL = simulator.url
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "esign", "esign-simulator"

    def switch(office):
        row = decree_settings_for(office)
        row.signer_backend = SignerBackend.BSRE
        row.bsre_nik = SIGNER
        row.full_clean()
        row.save()
        return office

    return switch


def _numbers_used(office) -> int:
    return sum(DecreeCounter.objects.filter(office=office).values_list("last_number", flat=True))


def _field_error(html: str) -> str:
    found = re.search(r'id="id_passphrase_error">(.*?)</div>', html, re.S)
    return found.group(1).strip() if found else ""


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _verified_bkk(vera) -> Bkk:
    return services.bkk_verify(bkk=services.bkk_apply(data=bkk_data()), actor=vera)


def _screen(client, url: str, preview_url: str) -> str:
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="passphrase"' in html and 'for="id_passphrase"' in html
    assert preview_url in html and "Yang akan terjadi" in html
    return html


def test_bkk_signing_screen_wrong_passphrase_then_success(client, vera, hana, bsre):
    bkk = _verified_bkk(vera)
    office = bsre(bkk.office)
    url = reverse("placement:office_bkk_decide", args=[bkk.pk, "setujui"])
    client.force_login(hana)
    review = client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).content.decode()
    assert f'href="{url}"' in review  # the button opens the screen
    html = _screen(client, url, reverse("placement:office_bkk_decree_preview", args=[bkk.pk]))
    assert "Tanda daftar BKK akan diberi nomor" in html and bkk.name in html

    response = client.post(url, {"passphrase": WRONG})
    html = response.content.decode()
    assert response.status_code == 400 and _field_error(html), html
    assert WRONG not in html
    assert _numbers_used(office) == 0 and not Decree.objects.filter(kind=DecreeKind.BKK_REGISTRATION).exists()
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.VERIFIED
    # No passphrase at all: said next to the field too.
    response = client.post(url, {"passphrase": ""})
    assert response.status_code == 400 and "passphrase" in _field_error(response.content.decode())

    response = client.post(url, {"passphrase": DEMO_PASSPHRASE})
    assert response.status_code == 302
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.REGISTERED and bkk.operator_id
    decree = Decree.objects.get(kind=DecreeKind.BKK_REGISTRATION, object_id=bkk.pk)
    assert _numbers_used(office) == 1
    assert BSRE_LINE in _text(decree.pdf.read())
    assert "Tanda daftar BKK ditandatangani" in client.get(response.url).content.decode()


def test_bkk_screen_is_only_for_the_head_while_it_awaits_the_signature(client, vera, hana):
    bkk = _verified_bkk(vera)
    url = reverse("placement:office_bkk_decide", args=[bkk.pk, "setujui"])
    client.force_login(vera)
    assert client.get(url).status_code == 302
    client.force_login(hana)
    html = client.get(url).content.decode()
    assert 'name="passphrase"' not in html  # a PKCS#12 office: nothing to type
    assert client.get(reverse("placement:office_bkk_decide", args=[bkk.pk, "tolak"])).status_code == 405


def test_sk_penetapan_pak_signing_screen_wrong_passphrase_then_success(client, bima, vera, hana, bsre):
    proposal = submitted_proposal(bima)
    services.proposal_verify(proposal=proposal, actor=vera)
    office = bsre(proposal.office)
    url = reverse("placement:office_proposal_decide", args=[proposal.pk, "tetapkan"])
    client.force_login(hana)
    review = client.get(reverse("placement:office_proposal_review", args=[proposal.pk])).content.decode()
    assert f'href="{url}"' in review
    html = _screen(client, url, reverse("placement:office_proposal_decree_preview", args=[proposal.pk]))
    assert "SK Penetapan PAK akan diberi nomor" in html
    before = _numbers_used(office)

    response = client.post(url, {"passphrase": WRONG})
    html = response.content.decode()
    assert response.status_code == 400 and _field_error(html), html
    assert _numbers_used(office) == before
    assert not Decree.objects.filter(kind=DecreeKind.PAK_APPOINTMENT).exists()
    assert PakProposal.objects.get(pk=proposal.pk).status == ProposalStatus.VERIFIED

    response = client.post(url, {"passphrase": DEMO_PASSPHRASE})
    assert response.status_code == 302
    assert PakProposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPOINTED
    decree = Decree.objects.get(kind=DecreeKind.PAK_APPOINTMENT, object_id=proposal.pk)
    assert _numbers_used(office) == before + 1
    assert BSRE_LINE in _text(decree.pdf.read())
