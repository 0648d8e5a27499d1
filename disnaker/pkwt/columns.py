"""The worker Excel's columns, in the seed's order (Gambar 11 of the PECAK guide).

The seed spells the sequence column ``pwkt_ke``; the template keeps that header and the reader also
accepts ``pkwt_ke``. In findings and in code the canonical name is ``pkwt_ke``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # canonical name used in findings
    header: str  # the header written in the template
    required: bool
    label: str
    kind: str  # text / nik / date / sex / int / money / bpjs
    help: str
    example: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("nik", "nik", True, "NIK", "nik",
           "Nomor Induk Kependudukan, 16 digit. Kolom ini berformat Teks: jangan diubah ke Angka, karena Excel "
           "hanya menyimpan 15 digit angka dan digit terakhir NIK akan berubah.", "3216014510950001"),
    Column("nama_pegawai", "nama_pegawai", True, "Nama pegawai", "text",
           "Nama lengkap sesuai KTP.", "Siti Rahmawati", ("nama",)),
    Column("tgl_lahir", "tgl_lahir", True, "Tanggal lahir", "date",
           "Tanggal lahir. Sel tanggal Excel, atau teks dd/mm/yyyy, yyyy-mm-dd, atau '5 Oktober 1995'. "
           "Harus cocok dengan tanggal lahir dalam NIK.", "05/10/1995", ("tanggal_lahir",)),
    Column("tempat_lahir", "tempat_lahir", True, "Tempat lahir", "text",
           "Kota/kabupaten tempat lahir.", "Bekasi"),
    Column("jenis_kelamin", "jenis_kelamin", True, "Jenis kelamin", "sex",
           "L (laki-laki) atau P (perempuan). Harus cocok dengan NIK (tanggal lahir perempuan ditambah 40).", "P"),
    Column("jabatan", "jabatan", True, "Jabatan", "text",
           "Jabatan atau bagian pekerjaan.", "Operator Produksi"),
    Column("awal_kontrak", "awal_kontrak", True, "Awal kontrak", "date",
           "Tanggal mulai PKWT. Pencatatan wajib paling lambat 3 hari kerja sejak penandatanganan.", "05/01/2026"),
    Column("akhir_kontrak", "akhir_kontrak", True, "Akhir kontrak", "date",
           "Tanggal berakhir PKWT. Total seluruh PKWT pekerja di perusahaan ini paling lama 5 tahun.", "31/12/2026"),
    Column("pkwt_ke", "pwkt_ke", True, "PKWT ke", "int",
           "Urutan kontrak pekerja ini di perusahaan: 1 untuk kontrak pertama, 2 untuk perpanjangan pertama, dst.",
           "1", ("pwkt_ke",)),
    Column("upah", "upah", True, "Upah", "money",
           "Upah sebulan dalam Rupiah, angka tanpa titik (atau teks seperti Rp 5.558.515).", "5938885",
           ("upah_bulanan", "gaji")),
    Column("no_bpjs_kesehatan", "no_bpjs_kesehatan", False, "No. BPJS Kesehatan", "bpjs",
           "Nomor kartu BPJS Kesehatan, 13 digit. Kolom berformat Teks agar angka 0 di depan tidak hilang.",
           "0001234567890", ("bpjs_kesehatan",)),
    Column("no_bpjs_ketenagakerjaan", "no_bpjs_ketenagakerjaan", False, "No. BPJS Ketenagakerjaan", "bpjs",
           "Nomor KPJ BPJS Ketenagakerjaan, 11 digit. Kolom berformat Teks.", "12345678901",
           ("bpjs_ketenagakerjaan",)),
    Column("ket", "ket", False, "Keterangan", "text",
           "Catatan tambahan (boleh kosong).", "", ("keterangan",)),
)  # fmt: skip

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)
#: Columns whose text may not start like a spreadsheet formula.
FORMULA_GUARDED = ("nama_pegawai", "tempat_lahir", "jabatan", "ket")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def normalize_header(text: object) -> str:
    return "".join(ch for ch in str(text).lower() if ch not in " _-.\t\n").strip()


#: normalized header → canonical key
HEADER_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.key, _c.header, *_c.aliases):
        HEADER_LOOKUP[normalize_header(_name)] = _c.key
