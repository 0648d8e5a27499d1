"""What both templates (.xlsx in ``excel/writing.py``, .ods in ``ods_writer.py``) hold besides the columns
themselves (issue 12, template v2): the seed's 13 columns that stay first, the drop-down lists and number
checks of the data sheet, and the instruction sheet's texts and example rows, one per kind of PKWT.

Both writers render the same content, so a clerk on Excel and one on LibreOffice read the same instructions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import TextChoices

from .columns import COLUMN_BY_KEY, COLUMNS, KEYS, SEED_KEYS
from .constants import PkwtBasis, PkwtKind, WageUnit
from .sample import EXAMPLE_KINDS, kind_row

#: Columns with a drop-down of the choice's values (the cell also accepts the label, so a value outside the
#: list is a warning in the spreadsheet, not a stop; the validator has the last word).
CHOICE_COLUMNS: dict[str, type[TextChoices]] = {
    "jenis_pkwt": PkwtKind,
    "dasar_pkwt": PkwtBasis,
    "satuan_upah": WageUnit,
}


@dataclass(frozen=True)
class NumberCheck:
    """A whole-number check of a data-sheet column: ``minimum`` ≤ value (≤ ``maximum`` when set)."""

    minimum: int
    maximum: int | None
    title: str
    message: str


NUMBER_CHECKS: dict[str, NumberCheck] = {
    "pkwt_ke": NumberCheck(1, None, "PKWT ke", "PKWT ke: bilangan bulat mulai 1."),
    # PP 36/2021 Pasal 16-17: the daily wage floor depends on a 6- or 5-day week.
    "hari_kerja_per_minggu": NumberCheck(5, 6, "Hari kerja/minggu", "Hari kerja per minggu: isi 5 atau 6."),
    "hari_kerja_per_bulan": NumberCheck(
        0, 31, "Hari kerja/bulan", "Hari kerja per bulan: bilangan bulat 0 sampai 31."
    ),
}

#: Excel's limit for a data validation's prompt and error text.
_EXCEL_MESSAGE_MAX = 255


def choice_values(key: str) -> list[str]:
    return [str(value) for value in CHOICE_COLUMNS[key].values]


def choice_lists() -> dict[str, list[str]]:
    """Drop-down values per column of the template that has one."""
    return {key: choice_values(key) for key in CHOICE_COLUMNS if key in COLUMN_BY_KEY}


def choice_text(key: str, *, separator: str = "\n") -> str:
    """``value = label`` for each choice of the column (the instruction sheet's *Pilihan* cell)."""
    return separator.join(f"{value} = {label}" for value, label in CHOICE_COLUMNS[key].choices)


def choice_prompt(key: str) -> str:
    """The drop-down's prompt: every value with its label when that fits Excel's 255 characters."""
    text = choice_text(key, separator="; ")
    if len(text) <= _EXCEL_MESSAGE_MAX:
        return text
    return "Pilih dari daftar. Arti tiap pilihan ada di sheet Petunjuk."


def choice_error(key: str) -> str:
    column = COLUMN_BY_KEY[key]
    text = f"{column.label}: pilih salah satu dari daftar ({', '.join(choice_values(key))})."
    return text[:_EXCEL_MESSAGE_MAX]


def short_title(text: str) -> str:
    """Excel's 32-character limit for a validation title."""
    return text[:32]


# --- The instruction sheet --------------------------------------------------------------------------

TITLE = "Petunjuk pengisian daftar pekerja PKWT"
GUIDE_HEADERS = ("Kolom", "Wajib", "Penjelasan", "Contoh", "Pilihan")
EXAMPLES_TITLE = "Contoh baris per jenis PKWT"


def intro_lines(data_sheet: str) -> list[str]:
    seed_first, seed_last = SEED_KEYS[0], SEED_KEYS[-1]
    return [
        f"Isi sheet '{data_sheet}' mulai baris 2, satu baris per pekerja. Jangan mengubah judul kolom di baris 1.",
        f"Kolom {seed_first} sampai {seed_last} sama dengan template lama: file dengan 13 kolom itu tetap dapat "
        "diimpor. Kolom sesudahnya tidak wajib; kosongkan bila tidak berlaku (jenis_pkwt kosong = berdasarkan "
        "jangka waktu, satuan_upah kosong = bulanan).",
    ]


def examples_intro(data_sheet: str) -> str:
    return (
        f"Satu contoh untuk setiap jenis PKWT, dalam urutan kolom sheet '{data_sheet}' (kolom ket menyebut "
        "jenisnya). Baris contoh boleh disalin sebagai pola, tetapi ganti isinya dengan data pekerja sebenarnya. "
        "Untuk pekerja asing (TKA) kolom nik dikosongkan; identitasnya kewarganegaraan, no_paspor dan no_rptka."
    )


def guide_column_rows() -> list[tuple[str, str, str, str, str]]:
    """(header, Ya/Tidak, help, example, choices) per column, in the template's order."""
    return [
        (
            column.header,
            "Ya" if column.required else "Tidak",
            column.help,
            column.example,
            choice_text(column.key) if column.key in CHOICE_COLUMNS else "",
        )
        for column in COLUMNS
    ]


def example_rows(start: datetime.date) -> list[list]:
    """One valid row per kind of PKWT (see ``sample.EXAMPLE_KINDS``) in the template's column order, the
    contracts starting on ``start``."""
    return [
        [row.get(key, "") for key in KEYS]
        for row in (kind_row(kind, start=start, serial=index + 1) for index, kind in enumerate(EXAMPLE_KINDS))
    ]
