"""The office's PKWT settings (issue 12): the registration channel and its ayat, the SK's title, Mengingat and
body with placeholders, checked in the admin, filled safely, and printed in the signed decree."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from disnaker.decrees.pdf import Fields, Para
from disnaker.decrees.tests.helpers import (
    context,
    pdf_text,
    registration_with_workers,
    rows,
    signature_status,
)
from disnaker.pkwt.documents import pkwt_decree_for, pkwt_letter_blocks, render_pkwt_decree
from disnaker.pkwt.models import PkwtOfficeSettings
from disnaker.pkwt.office_settings import (
    DEFAULT_BODY,
    RegistrationChannel,
    channel_rule,
    fill_markup,
    template_problems,
)

#: The SK's paragraphs as ``pkwt_letter_blocks`` wrote them before the text became a setting, word for word.
OLD_PARAGRAPHS = [
    "Berdasarkan Peraturan Pemerintah Nomor 35 Tahun 2021 tentang Perjanjian Kerja Waktu Tertentu, Alih Daya, "
    "Waktu Kerja dan Waktu Istirahat, dan Pemutusan Hubungan Kerja, khususnya Pasal 14 mengenai pencatatan "
    "PKWT, Kepala Dinas Ketenagakerjaan Kabupaten Bekasi menerangkan bahwa perusahaan:",
    "telah mencatatkan Perjanjian Kerja Waktu Tertentu (PKWT) bagi <b>120 (seratus dua puluh) orang "
    "pekerja</b>, dengan daftar nama sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak "
    "terpisahkan dari Surat Keterangan ini.",
    "Pencatatan ini dilakukan berdasarkan data yang disampaikan oleh perusahaan; kebenaran data tersebut "
    "menjadi tanggung jawab perusahaan, dan pencatatan ini tidak mengurangi hak dan kewajiban para pihak "
    "menurut peraturan perundang-undangan.",
    "Demikian Surat Keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- The channel -------------------------------------------------------------------------------------------


def test_each_channel_names_its_ayat_and_deadline():
    # PP 35/2021 Pasal 14(1): online, 3 working days of signing; 14(2): in writing at the kab/kota, 7.
    assert channel_rule(RegistrationChannel.ONLINE) == channel_rule("online")
    assert (channel_rule("online").ayat, channel_rule("online").working_days) == ("ayat (1)", 3)
    assert (channel_rule("written").ayat, channel_rule("written").working_days) == ("ayat (2)", 7)
    assert "Pasal 14 ayat (1)" in RegistrationChannel.ONLINE.label
    assert "Pasal 14 ayat (2)" in RegistrationChannel.WRITTEN.label


def test_settings_are_created_lazily_with_the_defaults(office):
    assert not PkwtOfficeSettings.objects.filter(office=office).exists()
    unsaved = PkwtOfficeSettings.objects.current(office)
    assert unsaved.pk is None and unsaved.registration_channel == RegistrationChannel.ONLINE
    assert not PkwtOfficeSettings.objects.filter(office=office).exists()  # reading writes nothing
    created = PkwtOfficeSettings.objects.for_office(office)
    assert created.pk and created.decree_body == DEFAULT_BODY
    assert PkwtOfficeSettings.objects.for_office(office).pk == created.pk


# --- Placeholders: checked, filled safely ------------------------------------------------------------------


def test_the_defaults_are_valid():
    settings = PkwtOfficeSettings()
    assert template_problems(settings.decree_title) == []
    assert template_problems(settings.decree_basis) == []
    assert template_problems(settings.decree_body, details=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Perusahaan {perusahaan} tercatat.", "Placeholder {perusahaan} tidak dikenal"),
        ("{company.__class__.__init__.__globals__}", "Placeholder {company.__class__.__init__.__globals__}"),
        ("{0} dan {}", "Placeholder {0} tidak dikenal"),
        ("Jumlah {count pekerja.", "Tanda { dan } hanya untuk placeholder"),
        ("Jumlah count} pekerja.", "Tanda { dan } hanya untuk placeholder"),
        ("**{count} orang pekerja", "Tanda tebal ** harus berpasangan"),
        ("Perusahaan: {company_details}", "{company_details} harus berdiri sendiri"),
    ],
)
def test_a_bad_body_gets_a_clear_indonesian_message(text, expected):
    problems = template_problems(text, details=True)
    assert any(expected in p for p in problems), problems
    if "tidak dikenal" in expected:
        assert "{company}" in problems[0] and "{ayat}" in problems[0]  # names what may be used


def test_company_details_only_in_the_body():
    assert template_problems("SK {company_details}") == [
        "{company_details} hanya dapat dipakai di isi surat."
    ]


def test_values_and_text_are_escaped_and_never_formatted():
    values = {"company": "PT <b>A&B</b> {count}", "count": "3"}
    markup = fill_markup("Untuk **{company}** <i>x</i>, {count} orang; {company.__class__}", values)
    assert markup == (
        "Untuk <b>PT &lt;b&gt;A&amp;B&lt;/b&gt; {count}</b> &lt;i&gt;x&lt;/i&gt;, 3 orang; {company.__class__}"
    )


# --- The decree's text -------------------------------------------------------------------------------------


def test_the_default_body_is_the_old_wording_word_for_word():
    blocks = pkwt_letter_blocks(context(120))
    paragraphs = [b.text for b in blocks if isinstance(b, Para)]
    assert paragraphs == OLD_PARAGRAPHS
    company = [b for b in blocks if isinstance(b, Fields) and b.rows[0][0] == "Nama perusahaan"]
    assert [label for label, _v in company[0].rows] == [
        "Nama perusahaan",
        "Alamat",
        "NPWP",
        "Nomor permohonan",
    ]


def test_the_decree_cites_the_channels_ayat_and_its_mengingat():
    online = flat(pdf_text(render_pkwt_decree(context(2), rows(2)))[0])
    assert "Mengingat" in online
    assert (
        "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan sebagaimana telah diubah dengan "
        "Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang "
        "Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang"
    ) in online
    assert "Peraturan Pemerintah Nomor 35 Tahun 2021" in online and "khususnya Pasal 14 ayat (1)." in online
    assert "Hana Kepala" in online  # the letter, Mengingat included, still fits on page 1 with its signature
    written = flat(pdf_text(render_pkwt_decree(context(2, channel="written"), rows(2)))[0])
    assert "khususnya Pasal 14 ayat (2)." in written and "ayat (1)" not in written


def test_an_office_text_is_printed_with_its_placeholders(office, alice, hana):
    settings = PkwtOfficeSettings.objects.for_office(office)
    settings.registration_channel = RegistrationChannel.WRITTEN
    settings.decree_title = "TANDA BUKTI PENCATATAN PKWT\n{region}"
    settings.decree_basis = "Peraturan Pemerintah Nomor 35 Tahun 2021 Pasal 14 {ayat}"
    settings.decree_body = (
        "Dicatat {channel} oleh {office}: **{company}** ({registration_number}), {count} ({count_words}) "
        "pekerja.\n\n{company_details}\n\nSelesai."
    )
    settings.full_clean()
    settings.save()
    registration = registration_with_workers(alice, office, 2)
    decree = pkwt_decree_for(registration, hana)
    first = flat(pdf_text(decree.pdf.read())[0])
    assert "TANDA BUKTI PENCATATAN PKWT Kabupaten Bekasi" in first
    assert "Mengingat : Peraturan Pemerintah Nomor 35 Tahun 2021 Pasal 14 ayat (2)" in first
    assert (
        f"Dicatat secara tertulis pada dinas kabupaten/kota oleh {office.name}: PT Alice Makmur "
        f"({registration.number}), 2 (dua) pekerja."
    ) in first
    assert "Nama perusahaan : PT Alice Makmur" in first and "Selesai." in first
    assert "SURAT KETERANGAN PENCATATAN" not in first


def test_the_signed_decree_is_valid_for_pyhanko_and_pdfsig(office, alice, hana, tmp_path):
    decree = pkwt_decree_for(registration_with_workers(alice, office, 3), hana)
    data = decree.pdf.read()
    assert "Pasal 14 ayat (1)" in flat(pdf_text(data)[0])
    status = signature_status(data)
    assert status.intact and status.valid and status.trusted
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    path = tmp_path / "sk.pdf"
    path.write_bytes(data)
    answer = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    assert "Signature Validation: Signature is Valid." in answer.stdout, answer.stdout + answer.stderr
    assert "Total document signed" in answer.stdout  # the signature covers the whole file


# --- The admin ---------------------------------------------------------------------------------------------


def _form(office, **overrides) -> dict:
    settings = PkwtOfficeSettings()
    values = {
        "office": office.pk,
        "registration_channel": "online",
        "decree_title": settings.decree_title,
        "decree_basis": settings.decree_basis,
        "decree_body": settings.decree_body,
    }
    values.update(overrides)
    return values


def test_the_admin_refuses_a_bad_placeholder_and_saves_a_good_text(client, adam, office):
    client.force_login(adam)
    url = reverse("admin:pkwt_pkwtofficesettings_add")
    page = client.get(url).content.decode()
    assert "{registration_number}" in page and "{company_details}" in page  # the placeholders are listed

    refused = client.post(url, _form(office, decree_body="Untuk {company.name} saja."))
    assert refused.status_code == 200
    assert "Placeholder {company.name} tidak dikenal" in refused.content.decode()
    assert not PkwtOfficeSettings.objects.exists()

    saved = client.post(
        url, _form(office, registration_channel="written", decree_body="Untuk **{company}**.")
    )
    assert saved.status_code == 302
    row = PkwtOfficeSettings.objects.get(office=office)
    assert (row.registration_channel, row.decree_body) == ("written", "Untuk **{company}**.")
