"""Realistic worker rows in the template's layout, for tests, the benchmark and the demo (no real
person's data: names are drawn from common given names, NIKs are built to be structurally valid)."""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Iterator

from disnaker.core.nik import nik_build

from .columns import COLUMNS, KEYS

FIRST = ("Siti", "Dewi", "Rina", "Ayu", "Putri", "Nur", "Sri", "Fitri", "Budi", "Agus", "Andi", "Rizki", "Dedi",
         "Eko", "Joko", "Ahmad", "Muhammad", "Yusuf", "Hendra", "Wahyu")  # fmt: skip
LAST = ("Rahmawati", "Lestari", "Susanti", "Wulandari", "Hidayat", "Saputra", "Setiawan", "Pratama", "Nugroho",
        "Kurniawan", "Santoso", "Siregar", "Simanjuntak", "Gunawan", "Hasibuan")  # fmt: skip
PLACES = ("Bekasi", "Karawang", "Bogor", "Jakarta", "Cirebon", "Tegal", "Brebes", "Garut", "Subang", "Medan")
POSITIONS = ("Operator Produksi", "Staf Gudang", "Quality Control", "Admin Produksi", "Teknisi Mesin",
             "Helper", "Driver", "Staf Administrasi")  # fmt: skip
DISTRICTS = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16")


def sample_rows(
    count: int,
    *,
    seed: int = 0,
    start: datetime.date | None = None,
    months: int = 12,
    wage: int = 6_000_000,
    region: str = "32.16",
    serial_offset: int = 0,
) -> Iterator[list]:
    """``count`` valid rows (first contracts, distinct NIKs) in the template's column order."""
    rng = random.Random(seed)
    start = start or datetime.date.today()
    end = _add_months(start, months) - datetime.timedelta(days=1)
    for index in range(count):
        sex = "P" if rng.random() < 0.45 else "L"
        birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 25))
        serial = (index + serial_offset) % 9999 + 1
        district = DISTRICTS[((index + serial_offset) // 9999) % len(DISTRICTS)]
        nik = nik_build(region=region, district=district, birth_date=birth, sex=sex, serial=serial)
        yield [
            nik,
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            birth,
            rng.choice(PLACES),
            sex,
            rng.choice(POSITIONS),
            start,
            end,
            1,
            wage + rng.randint(0, 40) * 25_000,
            f"{rng.randint(0, 9_999_999_999_999):013d}",
            f"{rng.randint(0, 99_999_999_999):011d}",
            "",
        ]


#: The kinds of PKWT the template shows an example of and the tests build a workbook for (issue 12):
#: PP 35/2021 Pasal 5(1) time-based, Pasal 5(2) and 9 specific-job, Pasal 5(3) and 10 harian lepas PKWT, and a foreign worker (TKA,
#: UU 13/2003 Pasal 42(4) as amended by UU 6/2023: only on a PKWT), here on a time-based PKWT.
EXAMPLE_KINDS = ("jangka_waktu", "pekerjaan_tertentu", "harian_lepas", "tka")
KIND_LABELS = {
    "jangka_waktu": "PKWT berdasarkan jangka waktu",
    "pekerjaan_tertentu": "PKWT berdasarkan selesainya suatu pekerjaan tertentu",
    "harian_lepas": "PKWT harian lepas",
    "tka": "Tenaga kerja asing (TKA), PKWT berdasarkan jangka waktu",
}
_TKA = (("Jepang", "Takeshi Yamamoto", "Osaka"), ("Korea Selatan", "Kim Min-jun", "Busan"),
        ("Tiongkok", "Li Wei", "Shanghai"), ("India", "Rahul Sharma", "Pune"))  # fmt: skip


def kind_row(kind: str, *, start: datetime.date, serial: int = 1, seed: int = 0) -> dict[str, object]:
    """A valid row of one kind of PKWT (``EXAMPLE_KINDS``) as {column key: cell value}, the contract signed
    and starting on ``start``. Keys of every template column are set; the caller lays them out."""
    if kind not in EXAMPLE_KINDS:
        raise ValueError(f"unknown kind of PKWT: {kind}")
    rng = random.Random(f"{kind}-{seed}-{serial}")
    sex = "P" if rng.random() < 0.45 else "L"
    birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 20))
    row: dict[str, object] = {key: "" for key in KEYS}
    row.update(
        nik=nik_build(region="32.16", district="01", birth_date=birth, sex=sex, serial=serial % 9999 + 1),
        nama_pegawai=f"{rng.choice(FIRST[:8] if sex == 'P' else FIRST[8:])} {rng.choice(LAST)}",
        tgl_lahir=birth,
        tempat_lahir=rng.choice(PLACES),
        jenis_kelamin=sex,
        jabatan=rng.choice(POSITIONS),
        awal_kontrak=start,
        akhir_kontrak=_add_months(start, 12) - datetime.timedelta(days=1),
        pkwt_ke=1,
        upah=6_500_000 + rng.randint(0, 20) * 25_000,
        no_bpjs_kesehatan=f"{rng.randint(0, 9_999_999_999_999):013d}",
        no_bpjs_ketenagakerjaan=f"{rng.randint(0, 99_999_999_999):011d}",
        ket=f"Contoh: {KIND_LABELS[kind]}",
        tanggal_perjanjian=start,
        jenis_pkwt="jangka_waktu",
        # PP 35/2021 Pasal 5(1)(a): work expected to be finished in a not too long time.
        dasar_pkwt="tidak_terlalu_lama",
        satuan_upah="bulanan",
    )
    if kind == "pekerjaan_tertentu":
        # PP 35/2021 Pasal 5(2)(a), one-off work; Pasal 9(2): the agreement states the job's scope and when
        # it counts as complete, and the time it takes (here the estimated end).
        row.update(
            jenis_pkwt="pekerjaan_tertentu",
            dasar_pkwt="sekali_selesai",
            jabatan="Teknisi Instalasi Listrik",
            akhir_kontrak=_add_months(start, 6),
            lingkup_pekerjaan="Pemasangan instalasi listrik gedung produksi B",
            syarat_selesai="Selesai pada tanggal berita acara serah terima instalasi listrik gedung produksi B",
        )
    elif kind == "harian_lepas":
        # PP 35/2021 Pasal 5(3) and 10: work that varies in time and volume, fewer than 21 days a month; the
        # daily wage must reach UMK/25 for a 6-day week (PP 36/2021 Pasal 16-17). No basis of Pasal 5(1)/(2).
        row.update(
            jenis_pkwt="harian_lepas",
            dasar_pkwt="",
            jabatan="Helper Bongkar Muat",
            akhir_kontrak=_add_months(start, 3) - datetime.timedelta(days=1),
            satuan_upah="harian",
            upah=250_000 + rng.randint(0, 4) * 5_000,
            hari_kerja_per_minggu=6,
            hari_kerja_per_bulan=20,
        )
    elif kind == "tka":
        nationality, name, place = _TKA[serial % len(_TKA)]
        row.update(
            nik="",
            nama_pegawai=name,
            tempat_lahir=place,
            jenis_kelamin="L",
            jabatan="Tenaga Ahli Mesin Produksi",
            upah=35_000_000,
            no_bpjs_kesehatan="",
            no_bpjs_ketenagakerjaan="",
            kewarganegaraan=nationality,
            no_paspor=f"TZ{rng.randint(0, 9_999_999):07d}",
            no_rptka=f"B.3/{rng.randint(10_000, 99_999)}/PK.04.01/{start.year}",
        )
    return row


def kind_rows(
    kind: str, count: int, *, start: datetime.date, seed: int = 0, serial_offset: int = 0
) -> list[list]:
    """``count`` valid rows of one kind of PKWT in the template's column order (distinct workers)."""
    rows = []
    for index in range(count):
        values = kind_row(kind, start=start, serial=index + 1 + serial_offset, seed=seed)
        rows.append([values[key] for key in KEYS])
    return rows


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def sample_workbook(rows, *, headers=None, fmt: str = "xlsx") -> bytes:
    """An .xlsx (or, with ``fmt="ods"``, an .ods) in the template's layout with the given rows, as bytes."""
    # Imported here: the writers read this module's example rows for the template's instruction sheet.
    from . import ods_writer
    from .excel import write_rows

    buffer = io.BytesIO()
    writer = ods_writer.write_rows if fmt == "ods" else write_rows
    writer(buffer, rows, headers=headers if headers is not None else [c.header for c in COLUMNS])
    return buffer.getvalue()
