"""Check a PKWT worker list (.xlsx or .ods) from the command line, with the same validator as the upload page.

    python manage.py pkwt_validate daftar-pekerja.xlsx --json [--company ID]
    python manage.py pkwt_validate daftar-pekerja.ods

Exit status 0 when the file could be read (even when rows have errors: they are in the report); 2 when
the file itself cannot be used (the report's ``file_errors`` says why).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disnaker.accounts.models import Company
from disnaker.pkwt.services import validate_workbook

#: Findings listed in the human summary; the JSON report always has all of them.
SUMMARY_FINDINGS = 50


class Command(BaseCommand):
    help = (
        "Periksa file daftar pekerja PKWT (.xlsx atau .ods) dengan aturan yang sama seperti halaman unggah. "
        "Kode keluar 0 bila file terbaca (walaupun ada kesalahan baris), 2 bila file tidak dapat dibaca."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path file .xlsx atau .ods daftar pekerja.")
        parser.add_argument(
            "--json", action="store_true", help="Cetak laporan lengkap sebagai JSON (satu bentuk dengan API)."
        )
        parser.add_argument(
            "--company",
            type=int,
            metavar="ID",
            help="ID perusahaan: ikut memeriksa UMK wilayahnya dan kontrak yang sudah tercatat.",
        )

    def handle(self, *args, **options):
        company = None
        if options["company"] is not None:
            company = Company.objects.select_related("office__region").filter(pk=options["company"]).first()
            if company is None:
                raise CommandError(f"Perusahaan dengan ID {options['company']} tidak ditemukan.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"File {path} tidak dapat dibuka: {exc.strerror or exc}.") from None

        outcome = validate_workbook(data, company=company)
        report = outcome.report()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self._summary(path, outcome, company)
        if not outcome.readable:
            raise CommandError(
                "File tidak dapat dibaca: " + " ".join(e["message"] for e in outcome.file_errors),
                returncode=2,
            )

    def _summary(self, path: Path, outcome, company) -> None:
        write = self.stdout.write
        write(f"File: {path}")
        if company is not None:
            write(f"Perusahaan: {company}")
        if not outcome.readable:
            for error in outcome.file_errors:
                write(f"[{error['code']}] {error['message']}")
            return
        write(
            f"Baris data: {outcome.rows}; baris valid: {outcome.valid_rows}; "
            f"kesalahan: {outcome.error_count}; peringatan: {outcome.warning_count}."
        )
        for finding in outcome.findings[:SUMMARY_FINDINGS]:
            label = "GALAT" if finding["severity"] == "error" else "PERINGATAN"
            write(f"Baris {finding['row']}, kolom {finding['column']}: [{label}] {finding['message']}")
        hidden = len(outcome.findings) - SUMMARY_FINDINGS
        if hidden > 0:
            write(f"... dan {hidden} temuan lain (gunakan --json untuk laporan lengkap).")
        if outcome.error_count == 0:
            write(self.style.SUCCESS("Tidak ada kesalahan: daftar pekerja siap diimpor."))
