"""What an office decides about PKWT registration, as plain values: its registration channel (the ayat of
PP 35/2021 Pasal 14 it registers under, with that ayat's deadline) and the text of its SK Pencatatan PKWT,
with placeholders. The model is :class:`disnaker.pkwt.models.PkwtOfficeSettings`; this module holds no ORM.

Placeholders are filled by :func:`fill_markup`, never by ``str.format``: a token is looked up by its plain
name in a dict, so ``{company.__class__}`` or ``{0}`` are refused by :func:`template_problems` (and would
never reach an attribute anyway). Every value and every piece of the text is XML-escaped for ReportLab's
paragraph markup; the only markup an office may write is ``**tebal**``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from disnaker.decrees.markup import _TOKEN, fill_markup, fill_plain  # noqa: F401 - used here and re-exported


class RegistrationChannel(models.TextChoices):
    """How the office's companies register PKWT (PP 35/2021 Pasal 14).

    Pasal 14(1): the employer registers the PKWT online with the ministry "paling lama 3 (tiga) hari kerja
    sejak penandatanganan PKWT". Pasal 14(2): where online registration is not yet available, in writing at
    the kab/kota Disnaker "paling lama 7 (tujuh) hari kerja sejak penandatanganan PKWT". Both deadlines run
    from the signing date (DOMAIN.md, PKWT: H)."""

    ONLINE = (
        "online",
        _("Daring — PP 35/2021 Pasal 14 ayat (1): paling lama 3 hari kerja sejak penandatanganan"),
    )
    WRITTEN = (
        "written",
        _(
            "Tertulis di Disnaker kabupaten/kota — PP 35/2021 Pasal 14 ayat (2): paling lama 7 hari kerja sejak "
            "penandatanganan"
        ),
    )


@dataclass(frozen=True)
class ChannelRule:
    ayat: str  # as cited: "ayat (1)"
    working_days: int
    manner: str  # how the decree and the findings name it


CHANNEL_RULES = {
    RegistrationChannel.ONLINE: ChannelRule("ayat (1)", 3, "secara daring"),
    RegistrationChannel.WRITTEN: ChannelRule("ayat (2)", 7, "secara tertulis pada dinas kabupaten/kota"),
}


def channel_rule(channel: str) -> ChannelRule:
    return CHANNEL_RULES.get(channel, CHANNEL_RULES[RegistrationChannel.ONLINE])  # type: ignore[call-overload]


# --- The decree's text ------------------------------------------------------------------------------------

#: Placeholders an office may use in the decree's title, basis and body, with what each one prints.
PLACEHOLDERS: dict[str, str] = {
    "company": "nama perusahaan",
    "address": "alamat perusahaan",
    "npwp": "NPWP perusahaan",
    "registration_number": "nomor permohonan",
    "count": "jumlah pekerja dalam angka, mis. 120",
    "count_words": "jumlah pekerja dalam huruf, mis. seratus dua puluh",
    "issuer": "jabatan penanda tangan, mis. Kepala Dinas Ketenagakerjaan Kabupaten Bekasi",
    "office": "nama kantor",
    "region": "nama kabupaten/kota kantor",
    "ayat": "ayat Pasal 14 PP 35/2021 sesuai cara pencatatan kantor, mis. ayat (1)",
    "channel": "cara pencatatan, mis. secara daring",
}
#: A paragraph of the body that is only this placeholder prints the company's identity table there.
DETAILS = "company_details"
DETAILS_PARAGRAPH = "{" + DETAILS + "}"

DEFAULT_TITLE = "SURAT KETERANGAN PENCATATAN\nPERJANJIAN KERJA WAKTU TERTENTU (PKWT)"

#: The decree's "Mengingat": UU 13/2003 as amended by UU 6/2023 (Penetapan Perppu 2/2022 tentang Cipta Kerja,
#: which amended Pasal 56–59 on PKWT), and PP 35/2021, Pasal 14 with the ayat of the office's channel. No
#: other citation is added without a verified source (issue 12, "The decree").
DEFAULT_BASIS = (
    "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan sebagaimana telah diubah dengan Undang-Undang "
    "Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 "
    "tentang Cipta Kerja menjadi Undang-Undang;\n"
    "Peraturan Pemerintah Nomor 35 Tahun 2021 tentang Perjanjian Kerja Waktu Tertentu, Alih Daya, Waktu Kerja "
    "dan Waktu Istirahat, dan Pemutusan Hubungan Kerja, khususnya Pasal 14 {ayat}."
)

#: The body as the SK has said it since the first release (``pkwt_letter_blocks`` before issue 12), word for word.
DEFAULT_BODY = (
    "Berdasarkan Peraturan Pemerintah Nomor 35 Tahun 2021 tentang Perjanjian Kerja Waktu Tertentu, Alih Daya, "
    "Waktu Kerja dan Waktu Istirahat, dan Pemutusan Hubungan Kerja, khususnya Pasal 14 mengenai pencatatan "
    "PKWT, {issuer} menerangkan bahwa perusahaan:\n"
    "\n"
    "{company_details}\n"
    "\n"
    "telah mencatatkan Perjanjian Kerja Waktu Tertentu (PKWT) bagi **{count} ({count_words}) orang pekerja**, "
    "dengan daftar nama sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
    "Surat Keterangan ini.\n"
    "\n"
    "Pencatatan ini dilakukan berdasarkan data yang disampaikan oleh perusahaan; kebenaran data tersebut "
    "menjadi tanggung jawab perusahaan, dan pencatatan ini tidak mengurangi hak dan kewajiban para pihak "
    "menurut peraturan perundang-undangan.\n"
    "\n"
    "Demikian Surat Keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """The body's paragraphs: separated by an empty line."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip()) if p.strip()]


def _available() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def template_problems(text: str, *, details: bool = False) -> list[str]:
    """What is wrong with an office's text, in Indonesian (empty when it is fine). ``details``: the text may
    hold ``{company_details}``, alone in its paragraph."""
    problems: list[str] = []
    for name in _TOKEN.findall(text):
        if name in PLACEHOLDERS or (name == DETAILS and details):
            continue
        if name == DETAILS:
            problems.append(gettext("{company_details} hanya dapat dipakai di isi surat."))
        else:
            problems.append(
                gettext("Placeholder {%(name)s} tidak dikenal. Yang dapat dipakai: %(names)s.")
                % {"name": name, "names": _available()}
            )
    if "{" in _TOKEN.sub("", text) or "}" in _TOKEN.sub("", text):
        problems.append(
            gettext(
                "Tanda { dan } hanya untuk placeholder yang lengkap, misalnya {company}; periksa pasangannya."
            )
        )
    for paragraph in paragraphs(text):
        if paragraph.count("**") % 2:
            problems.append(
                gettext("Tanda tebal ** harus berpasangan dalam satu paragraf: “%(start)s…”.")
                % {"start": paragraph[:40]}
            )
        if details and DETAILS_PARAGRAPH in paragraph and paragraph != DETAILS_PARAGRAPH:
            problems.append(
                gettext(
                    "{company_details} harus berdiri sendiri sebagai satu paragraf (baris kosong di atas dan di "
                    "bawahnya)."
                )  # fmt: skip
            )
    return list(dict.fromkeys(problems))
