"""The text of the SK Penetapan Petugas Antar Kerja as an office setting (issue 13 §2): the Menimbang,
Mengingat, Memperhatikan and Menetapkan parts, one recital / regulation / clause per line, with
``{placeholders}``. The model is :class:`disnaker.placement.models.PakOfficeSettings`; this module holds no
ORM. The defaults are the Keputusan form of the issue; an office whose format differs edits the text in the
admin, not the code. A decree already signed keeps its text (its PDF is stored).

Placeholders are filled by :func:`disnaker.decrees.markup.fill_markup` (looked up by plain name, escaped;
``**x**`` bold), never by ``str.format``; :func:`text_problems` refuses an unknown one, naming it.
"""

from __future__ import annotations

from django.utils.translation import gettext

from disnaker.decrees.markup import _TOKEN

# --- The regulation in force -------------------------------------------------------------------------------

#: The Permenaker that regulates BKK and PAK, cited by the Tanda Daftar BKK and the SK Penetapan PAK.
#: Permenaker 18/2024 "tentang Penempatan Tenaga Kerja Dalam Negeri" is the later regulation on the same matter
#: (its Pasal 1 angka 4 defines "Petugas Antar Kerja"; text at pasal.id/peraturan/permen/permenaker-no-18-tahun-
#: 2024); Permenaker 39/2016 "tentang Penempatan Tenaga Kerja" is the one it follows. The stored sources we
#: could search did not show the clause of 18/2024 that revokes 39/2016 word for word: an office that finds
#: otherwise edits this line of its SK text (``PakOfficeSettings.decree_mengingat``, README "Regulasi BKK/PAK").
PLACEMENT_REGULATION = (
    "Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2024 tentang Penempatan Tenaga Kerja Dalam Negeri"
)

#: Placeholders an office may use in the SK's parts, with what each one prints.
PLACEHOLDERS: dict[str, str] = {
    "bkk": "nama BKK, mis. BKK SMK Negeri 3 Cikarang",
    "institution": "nama lembaga, mis. SMK Negeri 3 Cikarang",
    "issuer": "jabatan penanda tangan, mis. Kepala Dinas Ketenagakerjaan Kabupaten Bekasi",
    "office": "nama kantor",
    "count": "jumlah PAK dalam angka, mis. 2",
    "count_words": "jumlah PAK dalam huruf, mis. dua",
    "proposal_letter": "surat usulan lembaga: “Nomor … tanggal …”",
    "proposal_letter_number": "nomor surat usulan lembaga",
    "proposal_letter_date": "tanggal surat usulan lembaga, mis. 3 Desember 2026",
    "registration_clause": "diktum kewajiban registrasi PAK (e-pengantarkerja atau internal, sesuai pengaturan)",
    "e_pengantarkerja_url": "alamat aplikasi e-pengantarkerja",
    "office_copies": "tembusan umum kantor dari Pengaturan surat (mis. Kepala Dinas … Provinsi), satu per baris",
}
#: The Menetapkan must keep the registration duty (issue 13 §2: one clause obliges the PAK to register).
REQUIRED_IN_MENETAPKAN = "registration_clause"

DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN",
          "KESEPULUH")  # fmt: skip

DEFAULT_MENIMBANG = (
    "bahwa Kepala {institution} telah mengusulkan calon Petugas Antar Kerja pada {bkk} untuk ditetapkan "
    "sebagai Petugas Antar Kerja pada Bursa Kerja Khusus;\n"
    "bahwa calon Petugas Antar Kerja yang diusulkan telah diverifikasi dan memenuhi persyaratan sebagaimana "
    "ditentukan dalam pedoman penetapan Petugas Antar Kerja;\n"
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Keputusan "
    "{issuer} tentang Penetapan Petugas Antar Kerja pada Bursa Kerja Khusus {institution};"
)
#: UU 13/2003 as amended by UU 6/2023 (Penetapan Perppu 2/2022 Cipta Kerja), UU 23/2014 on regional
#: government (ketenagakerjaan is a concurrent matter of the kab/kota, Lampiran huruf G), and the Permenaker
#: in force.
DEFAULT_MENGINGAT = (
    "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan sebagaimana telah diubah dengan Undang-Undang "
    "Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 "
    "tentang Cipta Kerja menjadi Undang-Undang;\n"
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
    "terakhir dengan Undang-Undang Nomor 6 Tahun 2023;\n"
    f"{PLACEMENT_REGULATION};"
)
#: The Kepdirjen guideline and the Kemnaker letter named in issue 13 §2, and the institution's own letter.
DEFAULT_MEMPERHATIKAN = (
    "Keputusan Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja Nomor "
    "3/95/PK.01.02/VI/2025 tentang Pedoman Penetapan Petugas Antar Kerja dalam Penyelenggaraan Layanan "
    "Penempatan Tenaga Kerja;\n"
    "Surat Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja Nomor "
    "B-3/4662/PK.01.02/IX/2025 tanggal 23 September 2025 perihal Verifikasi registrasi PAK pada BKK dalam "
    "aplikasi e-pengantarkerja;\n"
    "Surat Kepala {institution} {proposal_letter} perihal Usulan Penetapan Petugas Antar Kerja."
)
DEFAULT_MENETAPKAN = (
    "Menetapkan **{count} ({count_words}) orang** yang namanya tercantum dalam Lampiran Keputusan ini sebagai "
    "Petugas Antar Kerja pada {bkk}.\n"
    "Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU bertugas memberikan layanan penempatan tenaga "
    "kerja kepada alumni {institution} tanpa memungut biaya, dan mengikuti pembinaan dari Dinas.\n"
    "{registration_clause}\n"
    "Penetapan ini berakhir apabila Petugas Antar Kerja tidak lagi bertugas pada lembaga, atau tanda daftar "
    "BKK dicabut atau BKK ditutup.\n"
    "Keputusan ini berlaku sejak tanggal ditetapkan."
)
#: The Tembusan of issue 13 §2: the province (the office's usual tembusan, from its decree settings), the
#: Direktur Bina Pengantar Kerja at Kemnaker (Ditjen Binapenta dan PKK, whose letter B-3/4662 the SK follows),
#: the institution, and arsip.
DEFAULT_TEMBUSAN = (
    "{office_copies}\n"
    "Direktur Bina Pengantar Kerja, Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan "
    "Kesempatan Kerja, Kementerian Ketenagakerjaan\n"
    "Kepala {institution}\n"
    "Arsip"
)

#: The clause of the e-pengantarkerja channel (Kemnaker letter B-3/4662/PK.01.02/IX/2025 point 2: PAK
#: "berkewajiban untuk melakukan registrasi dan mengisi data profil diri … secara mandiri melalui aplikasi
#: e-pengantarkerja").
CLAUSE_E_PENGANTARKERJA = (
    "Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi dan mengisi data "
    "profil diri dengan lengkap secara mandiri melalui aplikasi e-pengantarkerja pada laman {url}."
)
CLAUSE_INTERNAL = (
    "Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi dan melengkapi "
    "profil secara mandiri untuk diverifikasi oleh Dinas provinsi."
)


def lines(text: str) -> list[str]:
    """One item per non-empty line."""
    return [line.strip() for line in text.replace("\r\n", "\n").splitlines() if line.strip()]


def _available() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def text_problems(text: str, *, menetapkan: bool = False) -> list[str]:
    """What is wrong with one part of an office's SK text, in Indonesian (empty when it is fine)."""
    problems: list[str] = []
    for name in _TOKEN.findall(text):
        if name not in PLACEHOLDERS:
            problems.append(
                gettext("Placeholder {%(name)s} tidak dikenal. Yang dapat dipakai: %(names)s.")
                % {"name": name, "names": _available()}
            )
    rest = _TOKEN.sub("", text)
    if "{" in rest or "}" in rest:
        problems.append(
            gettext(
                "Tanda { dan } hanya untuk placeholder yang lengkap, misalnya {bkk}; periksa pasangannya."
            )
        )
    items = lines(text)
    if not items:
        problems.append(gettext("Isi minimal satu baris."))
    for item in items:
        if item.count("**") % 2:
            problems.append(
                gettext("Tanda tebal ** harus berpasangan dalam satu baris: “%(start)s…”.")
                % {"start": item[:40]}
            )
    if menetapkan:
        if len(items) > len(DIKTUM):
            problems.append(
                gettext("Diktum paling banyak %(max)s (KESATU sampai KESEPULUH); ada %(n)s baris.")
                % {"max": len(DIKTUM), "n": len(items)}
            )
        if "{" + REQUIRED_IN_MENETAPKAN + "}" not in text:
            problems.append(
                gettext(
                    "Menetapkan harus memuat {registration_clause}: diktum yang mewajibkan PAK melakukan "
                    "registrasi."
                )
            )
    return list(dict.fromkeys(problems))
