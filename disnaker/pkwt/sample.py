"""Realistic worker rows in the template's layout, for tests, the benchmark and the demo (no real
person's data: names are drawn from common given names, NIKs are built to be structurally valid)."""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Iterator

from disnaker.core.nik import nik_build

from . import ods_writer
from .columns import COLUMNS
from .excel import write_rows

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


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def sample_workbook(rows, *, headers=None, fmt: str = "xlsx") -> bytes:
    """An .xlsx (or, with ``fmt="ods"``, an .ods) in the template's layout with the given rows, as bytes."""
    buffer = io.BytesIO()
    writer = ods_writer.write_rows if fmt == "ods" else write_rows
    writer(buffer, rows, headers=headers if headers is not None else [c.header for c in COLUMNS])
    return buffer.getvalue()
