"""Issue 13 §2: the SK Penetapan PAK's text is an office setting (``PakOfficeSettings``) with placeholders;
the institution's proposal letter (number and date) is cited in its Memperhatikan. Read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from disnaker.core.nik import nik_mask
from disnaker.decrees.models import Decree
from disnaker.placement import services
from disnaker.placement.decree_text import DEFAULT_MENETAPKAN, DEFAULT_MENGINGAT, PLACEHOLDERS
from disnaker.placement.models import PakOfficeSettings

from .helpers import LETTER_NUMBER, submitted_proposal

pytestmark = pytest.mark.django_db


def _pages(decree: Decree) -> list[str]:
    with decree.pdf.open("rb") as handle:
        return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(handle.read())).pages]


def _appoint(bima, vera, hana, count: int = 2):
    proposal = submitted_proposal(bima, count=count)
    services.proposal_verify(proposal=proposal, actor=vera)
    decree = services.proposal_appoint(proposal=proposal, actor=hana)
    return decree, list(proposal.candidates.all())


def _assert_keputusan_frame(decree: Decree, pages: list[str], officers) -> None:
    """What every SK Penetapan PAK has, whatever the office's text: title, NOMOR, TENTANG, the Lampiran
    header with NOMOR and TANGGAL, the masked NIK (never the full one), the signer again."""
    first, appendix = pages[0], pages[-1]
    issuer = decree.signer_position.upper()
    assert re.search(
        rf"KEPUTUSAN {re.escape(issuer)} NOMOR {re.escape(decree.number)} TENTANG PENETAPAN PETUGAS ANTAR KERJA "
        r"PADA BURSA KERJA KHUSUS",
        first,
    ), first[:400]
    assert issuer.startswith("KEPALA DINAS")
    assert re.search(
        rf"LAMPIRAN KEPUTUSAN {re.escape(issuer)} NOMOR {re.escape(decree.number)} TANGGAL \d{{1,2}} [A-Z]+ \d{{4}}",
        appendix,
    )
    text = " ".join(pages)
    for officer in officers:
        assert officer.name in appendix and nik_mask(officer.nik) in appendix
        assert officer.nik not in text
    assert decree.signer_name in appendix


@override_settings(
    PAK_REGISTRATION_CHANNEL="e-pengantarkerja", E_PENGANTARKERJA_URL="https://epk.example.test"
)
def test_the_default_text_cites_the_institutions_letter_with_its_number_and_date(bima, vera, hana):
    decree, officers = _appoint(bima, vera, hana)
    pages = _pages(decree)
    _assert_keputusan_frame(decree, pages, officers)
    text = " ".join(pages)
    mengingat = re.search(r"Mengingat : (.*?) Memperhatikan", text).group(1)
    assert [m.group(1) for m in re.finditer(r"(?:^| )(\d)\. [A-Z]", mengingat)] == ["1", "2", "3"]
    memperhatikan = re.search(r"Memperhatikan : (.*?) MEMUTUSKAN", text).group(1)
    assert f"3. Surat Kepala {bima.bkk.institution_name} Nomor {LETTER_NUMBER} tanggal 1 Desember 2026" in (
        memperhatikan
    )
    assert re.search(r"Menetapkan : KEPUTUSAN .* KESATU : Menetapkan 2 \(dua\) orang", text)
    assert (
        "KETIGA : Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi"
        in text
    )
    assert "e-pengantarkerja pada laman https://epk.example.test" in text
    assert "KELIMA : Keputusan ini berlaku sejak tanggal ditetapkan." in text
    # The closing of a Keputusan, and the Tembusan of issue 13 §2 (province, Kemnaker, institution, arsip).
    assert re.search(
        rf"Ditetapkan di {re.escape(decree.office.city or '')}\S* pada tanggal \d{{1,2}} \w+ \d{{4}}", text
    )
    tembusan = text[text.index("Tembusan:") :]
    province = f"1. Kepala {decree.office.parent.name}"
    assert tembusan.index(province) < tembusan.index("2. Direktur Bina Pengantar Kerja")
    assert "Kementerian Ketenagakerjaan" in tembusan
    assert f"3. Kepala {bima.bkk.institution_name} 4. Arsip" in tembusan
    # The first SK made the office's row, with the defaults, for the admin to edit.
    row = PakOfficeSettings.objects.get(office=decree.office)
    assert row.decree_mengingat == DEFAULT_MENGINGAT and row.decree_menetapkan == DEFAULT_MENETAPKAN


@override_settings(PAK_REGISTRATION_CHANNEL="internal")
def test_an_offices_edited_text_is_what_the_sk_says(bima, vera, hana, office):
    PakOfficeSettings.objects.create(
        office=office,
        decree_menimbang="bahwa {institution} mengusulkan {count} calon;\nbahwa perlu menetapkan Keputusan {issuer};",
        decree_mengingat=(
            "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan;\n"
            "Peraturan Daerah Kabupaten Bekasi Nomor 4 Tahun 2016 tentang Penyelenggaraan Ketenagakerjaan;\n"
            "Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2024;\n"
            "Peraturan Bupati Bekasi Nomor 9 Tahun 2022;"
        ),
        decree_memperhatikan="Surat usulan nomor {proposal_letter_number} tanggal {proposal_letter_date}.",
        decree_menetapkan=(
            "Mengangkat **{count_words} orang** dalam Lampiran sebagai Petugas Antar Kerja pada {bkk}.\n"
            "{registration_clause}\n"
            "Keputusan ini berlaku sejak tanggal ditetapkan di {office}."
        ),
        decree_tembusan="Bupati Bekasi\nKepala {institution}\nArsip",
    )
    decree, officers = _appoint(bima, vera, hana)
    pages = _pages(decree)
    _assert_keputusan_frame(decree, pages, officers)
    text = " ".join(pages)
    assert f"Menimbang : a. bahwa {bima.bkk.institution_name} mengusulkan 2 calon; b. bahwa perlu" in text
    mengingat = re.search(r"Mengingat : (.*?) Memperhatikan", text).group(1)
    assert "2. Peraturan Daerah Kabupaten Bekasi Nomor 4 Tahun 2016" in mengingat
    assert "4. Peraturan Bupati Bekasi Nomor 9 Tahun 2022" in mengingat
    assert "Undang-Undang Nomor 23 Tahun 2014" not in text  # the default's line, removed by the office
    assert f"Surat usulan nomor {LETTER_NUMBER} tanggal 1 Desember 2026." in text
    assert (
        f"KESATU : Mengangkat dua orang dalam Lampiran sebagai Petugas Antar Kerja pada {bima.bkk.name}"
        in text
    )
    assert (
        "KEDUA : Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi"
        in text
    )
    assert f"KETIGA : Keputusan ini berlaku sejak tanggal ditetapkan di {office.name}." in text
    assert "KEEMPAT" not in text and "e-pengantarkerja pada laman" not in text
    tembusan = text[text.index("Tembusan:") :]
    assert f"1. Bupati Bekasi 2. Kepala {bima.bkk.institution_name} 3. Arsip" in tembusan
    assert "Direktur Bina Pengantar Kerja" not in tembusan and office.parent.name not in tembusan


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("decree_menimbang", "bahwa {lembaga} mengusulkan;", "Placeholder {lembaga} tidak dikenal"),
        ("decree_mengingat", "Undang-Undang {0};", "Placeholder {0} tidak dikenal"),
        ("decree_memperhatikan", "Surat {proposal_letter", "Tanda { dan } hanya untuk placeholder"),
        ("decree_menetapkan", "Menetapkan **{count} orang.", "Tanda tebal ** harus berpasangan"),
        ("decree_menetapkan", "Menetapkan {count} orang.", "Menetapkan harus memuat {registration_clause}"),
        ("decree_menetapkan", "{registration_clause}\n" + "Diktum.\n" * 10, "Diktum paling banyak 10"),
        ("decree_mengingat", "\n  \n", "Isi minimal satu baris"),
    ],
)
def test_a_bad_text_is_refused_naming_what_is_wrong(office, field, value, message):
    row = PakOfficeSettings(office=office, **{field: value})
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    errors = caught.value.message_dict
    assert list(errors) == [field] and message in " ".join(errors[field])


def test_the_admin_lists_the_placeholders_refuses_an_unknown_one_and_saves(client, adam, office):
    client.force_login(adam)
    url = reverse("admin:placement_pakofficesettings_add")
    page = client.get(url).content.decode()
    for name in PLACEHOLDERS:
        assert "{" + name + "}" in page
    defaults = PakOfficeSettings()
    form = {
        "office": office.pk,
        "decree_menimbang": defaults.decree_menimbang,
        "decree_mengingat": defaults.decree_mengingat,
        "decree_memperhatikan": "Surat {nomor_surat}.",
        "decree_menetapkan": defaults.decree_menetapkan,
        "decree_tembusan": defaults.decree_tembusan,
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Placeholder {nomor_surat} tidak dikenal" in refused.content.decode()
    assert not PakOfficeSettings.objects.exists()
    saved = client.post(url, {**form, "decree_memperhatikan": "Surat {proposal_letter}."})
    assert saved.status_code == 302
    assert PakOfficeSettings.objects.get(office=office).decree_memperhatikan == "Surat {proposal_letter}."
