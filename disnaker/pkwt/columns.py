"""The worker Excel's columns, in the seed's order (Gambar 11 of the PECAK guide).

The seed spells the sequence column ``pwkt_ke``; the template keeps that header and the reader also
accepts ``pkwt_ke``. In findings and in code the canonical name is ``pkwt_ke``.
"""

from __future__ import annotations

from dataclasses import dataclass

from disnaker.core import headers


@dataclass(frozen=True)
class Column:
    key: str  # canonical name used in findings
    header: str  # the header written in the template
    required: bool
    label: str
    kind: str  # text / nik / date / sex / int / money / bpjs / choice / any
    help: str
    example: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("nik", "nik", True, "NIK", "nik",
           "Nomor Induk Kependudukan, 16 digit. Kolom ini berformat Teks: jangan diubah ke Angka, karena Excel "
           "hanya menyimpan 15 digit angka dan digit terakhir NIK akan berubah. Kosongkan untuk tenaga kerja asing "
           "(TKA): isi kewarganegaraan dan no_paspor.", "3216014510950001"),
    Column("nama_pegawai", "nama_pegawai", True, "Nama pegawai", "text",
           "Nama lengkap sesuai KTP.", "Siti Rahmawati", ("nama",)),
    Column("tgl_lahir", "tgl_lahir", True, "Tanggal lahir", "date",
           "Tanggal lahir. Sel tanggal Excel, atau teks dd/mm/yyyy, yyyy-mm-dd, atau '5 Oktober 1995'. "
           "Bagi WNI harus cocok dengan tanggal lahir dalam NIK.", "05/10/1995", ("tanggal_lahir",)),
    Column("tempat_lahir", "tempat_lahir", True, "Tempat lahir", "text",
           "Kota/kabupaten tempat lahir.", "Bekasi"),
    Column("jenis_kelamin", "jenis_kelamin", True, "Jenis kelamin", "sex",
           "L (laki-laki) atau P (perempuan). Bagi WNI harus cocok dengan NIK (tanggal lahir perempuan ditambah 40).",
           "P"),
    Column("jabatan", "jabatan", True, "Jabatan", "text",
           "Jabatan atau bagian pekerjaan.", "Operator Produksi"),
    Column("awal_kontrak", "awal_kontrak", True, "Awal kontrak", "date",
           "Tanggal mulai PKWT. Pencatatan wajib paling lambat 3 hari kerja (daring) atau 7 hari kerja (tertulis) "
           "sejak penandatanganan (tanggal_perjanjian), PP 35/2021 Pasal 14.", "05/01/2026"),
    Column("akhir_kontrak", "akhir_kontrak", True, "Akhir kontrak", "date",
           "Tanggal berakhir PKWT; untuk PKWT selesainya pekerjaan tertentu, perkiraan selesainya. Jumlah masa "
           "seluruh PKWT pekerja di perusahaan ini paling lama 5 tahun (PP 35/2021 Pasal 8).", "31/12/2026"),
    Column("pkwt_ke", "pwkt_ke", True, "PKWT ke", "int",
           "Urutan kontrak pekerja ini di perusahaan: 1 untuk kontrak pertama, 2 untuk perpanjangan pertama, dst.",
           "1", ("pwkt_ke",)),
    Column("upah", "upah", True, "Upah", "money",
           "Upah dalam Rupiah per satuan_upah (sebulan bila kosong), angka tanpa titik (atau teks seperti "
           "Rp 5.558.515).", "5938885",
           ("upah_bulanan", "gaji")),
    Column("no_bpjs_kesehatan", "no_bpjs_kesehatan", False, "No. BPJS Kesehatan", "bpjs",
           "Nomor kartu BPJS Kesehatan, 13 digit. Kolom berformat Teks agar angka 0 di depan tidak hilang.",
           "0001234567890", ("bpjs_kesehatan",)),
    Column("no_bpjs_ketenagakerjaan", "no_bpjs_ketenagakerjaan", False, "No. BPJS Ketenagakerjaan", "bpjs",
           "Nomor KPJ BPJS Ketenagakerjaan, 11 digit. Kolom berformat Teks.", "12345678901",
           ("bpjs_ketenagakerjaan",)),
    Column("ket", "ket", False, "Keterangan", "text",
           "Catatan tambahan (boleh kosong).", "", ("keterangan",)),
    # --- Optional columns of template v2 (issue 12); a file without them imports as before. ---
    Column("tanggal_perjanjian", "tanggal_perjanjian", False, "Tanggal perjanjian", "date",
           "Tanggal penandatanganan PKWT. Batas pencatatan dihitung dari tanggal ini (PP 35/2021 Pasal 14); "
           "jika kosong, dari awal kontrak.", "02/01/2026", ("tgl_perjanjian", "tanggal_tanda_tangan")),
    Column("jenis_pkwt", "jenis_pkwt", False, "Jenis PKWT", "choice",
           "jangka_waktu (berdasarkan jangka waktu), pekerjaan_tertentu (berdasarkan selesainya suatu pekerjaan "
           "tertentu) atau harian_lepas (PP 35/2021 Pasal 4, 5 dan 10). Kosong berarti jangka_waktu.",
           "jangka_waktu"),
    Column("dasar_pkwt", "dasar_pkwt", False, "Dasar PKWT", "choice",
           "Sifat pekerjaan yang menjadi dasar PKWT (PP 35/2021 Pasal 5): sekali_selesai, sementara, "
           "tidak_terlalu_lama, musiman atau produk_baru. Boleh kosong.", "tidak_terlalu_lama"),
    Column("satuan_upah", "satuan_upah", False, "Satuan upah", "choice",
           "Satuan kolom upah: bulanan, harian atau jam. Kosong berarti bulanan.", "bulanan"),
    Column("hari_kerja_per_minggu", "hari_kerja_per_minggu", False, "Hari kerja per minggu", "int",
           "5 atau 6 hari kerja seminggu (menentukan batas upah harian, PP 36/2021 Pasal 17).", "6"),
    Column("hari_kerja_per_bulan", "hari_kerja_per_bulan", False, "Hari kerja per bulan", "int",
           "Untuk PKWT harian lepas: jumlah hari kerja sebulan yang diperjanjikan (0–31). Harus kurang dari 21 "
           "hari (PP 35/2021 Pasal 10).", "20"),
    Column("masa_percobaan", "masa_percobaan", False, "Masa percobaan", "any",
           "Kosongkan atau isi 0: PKWT tidak boleh mensyaratkan masa percobaan (PP 35/2021 Pasal 12).", ""),
    Column("lingkup_pekerjaan", "lingkup_pekerjaan", False, "Lingkup pekerjaan", "text",
           "Wajib untuk PKWT pekerjaan_tertentu: ruang lingkup pekerjaan sesuai perjanjian (PP 35/2021 Pasal 9 "
           "ayat (2)). Untuk jenis ini akhir_kontrak diisi perkiraan selesai.",
           "Pemasangan instalasi listrik gedung B"),
    Column("syarat_selesai", "syarat_selesai", False, "Syarat selesai", "text",
           "Wajib untuk PKWT pekerjaan_tertentu: batasan kapan pekerjaan dinyatakan selesai, sesuai kata-kata "
           "perjanjian (PP 35/2021 Pasal 9 ayat (2)).", "Serah terima instalasi dengan berita acara"),
    Column("kewarganegaraan", "kewarganegaraan", False, "Kewarganegaraan", "text",
           "Untuk tenaga kerja asing (TKA): kewarganegaraan sesuai paspor. Kosong atau Indonesia untuk WNI.",
           "Jepang", ("warga_negara", "kebangsaan")),
    Column("no_paspor", "no_paspor", False, "No. paspor", "text",
           "Untuk TKA: nomor paspor. Pekerja TKA dikenali dari kewarganegaraan dan nomor paspor; kolom nik "
           "dikosongkan.", "TZ1234567", ("paspor", "nomor_paspor")),
    Column("no_rptka", "no_rptka", False, "No. RPTKA", "text",
           "Untuk TKA: nomor pengesahan RPTKA atau notifikasi (UU 13/2003 Pasal 42 sebagaimana diubah UU 6/2023; "
           "PP 34/2021).", "B.3/12345/PK.04.01/2026", ("rptka", "nomor_rptka", "no_notifikasi")),
)  # fmt: skip

#: The 13 columns of the seed's template (Gambar 11); a file with only these imports exactly as before.
SEED_KEYS = (
    "nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
    "akhir_kontrak", "pkwt_ke", "upah", "no_bpjs_kesehatan", "no_bpjs_ketenagakerjaan", "ket",
)  # fmt: skip

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)
#: Columns whose text may not start like a spreadsheet formula.
FORMULA_GUARDED = (
    "nama_pegawai", "tempat_lahir", "jabatan", "ket", "lingkup_pekerjaan", "syarat_selesai", "kewarganegaraan",
    "no_paspor", "no_rptka",
)  # fmt: skip
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


normalize_header = headers.normalize_header  # shared with the e-pengantarkerja status upload (placement)


#: normalized header → canonical key
HEADER_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.key, _c.header, *_c.aliases):
        HEADER_LOOKUP[normalize_header(_name)] = _c.key
