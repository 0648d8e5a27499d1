"""The API's response shapes. They mirror ``ValidationOutcome.report()``, the one JSON shape the page, the
command and the API share, so the OpenAPI document describes exactly what the validator returns."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema


class FileErrorOut(Schema):
    code: str = Field(description="Kode tetap, mis. not_xlsx, not_xlsx_legacy, file_too_large, corrupt_zip.")
    format: str | None = Field(
        default=None,
        description="Untuk file yang bukan .xlsx/.ods: format yang dikenali, mis. xls, csv, pdf, png, numbers, "
        "docx, zip.",
    )
    message: str = Field(description="Penjelasan untuk pengguna, dalam bahasa Indonesia.")


class FindingOut(Schema):
    row: int = Field(description="Nomor baris di sheet Excel, sama seperti yang terlihat di Excel.")
    column: str = Field(description="Kunci kolom yang bermasalah, mis. nik, tgl_lahir, akhir_kontrak.")
    code: str = Field(description="Kode tetap temuan, mis. required, nik_birth_date_mismatch.")
    severity: Literal["error", "warning"] = Field(
        description="error: baris tidak dapat dicatat; warning: dapat dicatat, tetapi perlu diperhatikan."
    )
    message: str


class ValidationReportOut(Schema):
    file_errors: list[FileErrorOut] = Field(
        description="Masalah yang membuat file tidak dapat dibaca sama sekali. Bila tidak kosong, jawaban "
        "berstatus 422 dan baris tidak diperiksa."
    )
    rows: int = Field(description="Jumlah baris data yang dibaca.")
    valid_rows: int = Field(description="Jumlah baris tanpa kesalahan (error).")
    findings: list[FindingOut] = Field(description="Kesalahan dan peringatan per baris, urut baris.")


class ErrorOut(Schema):
    detail: str
