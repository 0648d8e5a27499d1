"""Issue 13 §2–§3: the SK Penetapan PAK in the form of a Keputusan and the Tanda Daftar BKK, read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from django.test import override_settings
from pypdf import PdfReader

from disnaker.core.nik import nik_mask
from disnaker.decrees.models import Decree
from disnaker.placement import services

from .helpers import registered_bkk, submitted_proposal

pytestmark = pytest.mark.django_db


def _pages(decree: Decree) -> list[str]:
    with decree.pdf.open("rb") as handle:
        return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(handle.read())).pages]


def _appoint(bima, vera, hana) -> tuple[Decree, list]:
    proposal = submitted_proposal(bima, count=2)
    services.proposal_verify(proposal=proposal, actor=vera)
    decree = services.proposal_appoint(proposal=proposal, actor=hana)
    return decree, list(proposal.candidates.all())


@override_settings(
    PAK_REGISTRATION_CHANNEL="e-pengantarkerja",
    E_PENGANTARKERJA_URL="https://e-pengantarkerja.kemnaker.go.id",
)
def test_sk_pak_is_a_keputusan_with_numbered_mengingat_diktum_and_a_signed_lampiran(bima, vera, hana):
    decree, officers = _appoint(bima, vera, hana)
    pages = _pages(decree)
    first, appendix = pages[0], pages[-1]
    issuer = decree.signer_position.upper()
    assert f"KEPUTUSAN {issuer}" in first
    assert f"NOMOR {decree.number}" in first
    assert "TENTANG PENETAPAN PETUGAS ANTAR KERJA PADA BURSA KERJA KHUSUS" in first
    text = " ".join(pages)
    # Menimbang lettered, ending with the "perlu menetapkan Keputusan" recital
    assert re.search(
        r"Menimbang : a\. bahwa .* b\. bahwa .* c\. bahwa berdasarkan pertimbangan .* perlu menetapkan Keputusan",
        text,
    )
    # Mengingat numbered: UU 13/2003 as amended by UU 6/2023, UU 23/2014, the Permenaker in force
    mengingat = re.search(r"Mengingat : (.*?) Memperhatikan", text).group(1)
    assert mengingat.startswith("1. Undang-Undang Nomor 13 Tahun 2003")
    assert "Undang-Undang Nomor 6 Tahun 2023" in mengingat
    assert "2. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah" in mengingat
    assert "3. Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2024" in mengingat
    assert "B-3/4662/PK.01.02/IX/2025" in text and "3/95/PK.01.02/VI/2025" in text
    assert "MEMUTUSKAN:" in text and "Menetapkan : KEPUTUSAN" in text
    for diktum in ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA"):
        assert f"{diktum} :" in text
    assert "e-pengantarkerja pada laman https://e-pengantarkerja.kemnaker.go.id" in text
    assert "Keputusan ini berlaku sejak tanggal ditetapkan" in text
    assert "Tembusan" in text
    # The appendix: its header, the masked NIK, never the full one, and the signer again
    assert f"LAMPIRAN KEPUTUSAN {issuer} NOMOR {decree.number} TANGGAL" in appendix
    assert "DAFTAR PETUGAS ANTAR KERJA" in appendix
    for officer in officers:
        assert officer.name in appendix and nik_mask(officer.nik) in appendix
        assert officer.nik not in text
    assert decree.signer_name in appendix and decree.signer_position in appendix


@override_settings(PAK_REGISTRATION_CHANNEL="internal")
def test_sk_pak_of_the_internal_channel_does_not_send_the_pak_to_e_pengantarkerja(bima, vera, hana):
    decree, _officers = _appoint(bima, vera, hana)
    text = " ".join(_pages(decree))
    assert "aplikasi e-pengantarkerja pada laman" not in text
    assert (
        "KETIGA : Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi"
        in text
    )


def test_tanda_daftar_bkk_carries_the_gapless_number_its_basis_and_validity(vera, hana):
    first = registered_bkk(vera, hana)
    second = registered_bkk(vera, hana)
    decrees = [Decree.objects.get(kind="bkk_registration", object_id=b.pk) for b in (first, second)]
    assert [d.sequence for d in decrees] == [1, 2]
    for bkk, decree in zip((first, second), decrees, strict=True):
        text = " ".join(_pages(decree))
        assert f"nomor tanda daftar {decree.number}" in text
        assert bkk.tracking_code not in text
        assert "Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2024" in text
        assert "Tanda daftar ini berlaku selama BKK aktif" in text
