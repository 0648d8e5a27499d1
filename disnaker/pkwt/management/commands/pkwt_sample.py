"""Write an example worker list in the template's layout, to try the import, the command or the API.

    .venv/bin/python manage.py pkwt_sample var/contoh-pekerja.xlsx --rows 20
    .venv/bin/python manage.py pkwt_sample var/contoh-pekerja.ods --rows 20

The format follows the file name: .ods writes an OpenDocument spreadsheet, anything else .xlsx.

The rows are made up (names from common given names, structurally valid NIKs of no real person); contracts
start today and run for a year, with a wage above Kabupaten Bekasi's UMK.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disnaker.pkwt.sample import sample_rows, sample_workbook


class Command(BaseCommand):
    help = "Tulis contoh file daftar pekerja PKWT (data rekaan, .xlsx atau .ods) dalam format template."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path file yang ditulis: .xlsx, atau .ods untuk LibreOffice.")
        parser.add_argument("--rows", type=int, default=20, help="Jumlah baris pekerja (bawaan 20).")
        parser.add_argument("--seed", type=int, default=0, help="Benih acak, agar hasilnya dapat diulang.")

    def handle(self, *args, **options):
        rows = options["rows"]
        if not 1 <= rows <= 100_000:
            raise CommandError("--rows harus antara 1 dan 100000.")
        path = Path(options["file"])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fmt = "ods" if path.suffix.lower() == ".ods" else "xlsx"
            path.write_bytes(sample_workbook(sample_rows(rows, seed=options["seed"]), fmt=fmt))
        except OSError as exc:
            raise CommandError(f"File {path} tidak dapat ditulis: {exc.strerror or exc}.") from None
        self.stdout.write(f"{rows} baris pekerja ditulis ke {path}")
