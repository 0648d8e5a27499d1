"""Benchmark of the PKWT worker import (issue 3).

Generates a file in the template's format (realistic rows, structurally valid NIKs), then measures in one
run, each in a fresh process so peak memory is its own:

1. the floor: the raw parse of that file with the fastest reader (python-calamine ``to_python``);
2. our full import: inspection, parse (in a child process, whose peak memory is shown apart), validation,
   history checks and the all-or-nothing save;
3. the page: a 5,000-row file uploaded with *Import Excel* and the report rendered (test client);
4. the naive baseline: ``openpyxl.load_workbook()`` with its defaults, then one ORM ``create()`` per row
   (what the first version of such a feature usually is);
5. the same rows as an OpenDocument spreadsheet (.ods, LibreOffice's format, issue 18): the raw parse and
   our full import, next to the .xlsx figures.

Usage: ``.venv/bin/python bench/pkwt_import.py [--rows 100000] [--naive-rows N] [--quick]``. The database is a
fresh SQLite file (or ``DATABASE_URL``). Prints wall time, peak RSS and the ratios.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(db_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    from bench._db import django_setup

    django_setup(db_dir, DEBUG="1")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_parse(path: str) -> dict:
    import gc

    import python_calamine

    gc.disable()  # the fastest way to build the rows; our import pauses the collector too
    started = time.perf_counter()
    workbook = python_calamine.CalamineWorkbook.from_path(path)
    rows = workbook.get_sheet_by_index(0).to_python()
    return {"seconds": time.perf_counter() - started, "rows": len(rows) - 1, "peak_mb": _peak_mb()}


def _company():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from disnaker.accounts.constants import Role
    from disnaker.accounts.models import Company, User
    from disnaker.core.models import Office

    office = Office.objects.get(code="32.16")
    company = Company.objects.create(
        name="PT Bench", leader_name="Bench", email="bench@example.com", whatsapp="6281100000000",
        address="Bekasi", legal_form="pt", scale="large", npwp="013000666091000", region=office.region,
        office=office,
    )  # fmt: skip
    user = User.objects.create_user(
        email="bench@example.com", password=None, role=Role.COMPANY, company=company
    )
    if not os.environ.get("BENCH_UMK_MISSING"):
        # An office that keeps its UMK table up to date: the years the contracts run into are entered (at the
        # latest amount), so every row is checked against a UMK. ``--umk-missing`` leaves them out, as in a
        # December before the governor's decree: then every row running into next year gets umk_year_missing.
        import datetime

        from disnaker.pkwt.models import MinimumWage

        latest = MinimumWage.objects.filter(region=office.region).order_by("-year").first()
        for year in range(datetime.date.today().year, datetime.date.today().year + 3):
            MinimumWage.objects.get_or_create(
                region=office.region, year=year, defaults={"amount": latest.amount if latest else 0}
            )
    return company, user


def phase_ours(path: str, db_dir: str) -> dict:
    _setup(db_dir)
    from disnaker.pkwt import services

    company, user = _company()
    registration = services.registration_create(company=company, actor=user)
    data = Path(path).read_bytes()
    started = time.perf_counter()
    pkwt_import = services.import_start(
        registration=registration, actor=user, data=data, filename=Path(path).name
    )
    seconds = time.perf_counter() - started
    registration.refresh_from_db()
    return {
        "seconds": seconds,
        "rows": pkwt_import.rows,
        "saved_rows": registration.contracts.count(),
        "errors": pkwt_import.error_count,
        "warnings": pkwt_import.warning_count,
        "file_errors": pkwt_import.file_errors,
        "peak_mb": _peak_mb(),
        # The Excel is parsed in a child process (excel.parse_rows): its peak is its own.
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def phase_page(path: str, db_dir: str) -> dict:
    """The same file through the page: upload with *Import Excel*, then the report page (test client)."""
    _setup(db_dir)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from disnaker.pkwt import services

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    company, user = _company()
    registration = services.registration_create(company=company, actor=user)
    client = Client()
    client.force_login(user)
    url = reverse("pkwt:edit", args=[registration.pk])
    started = time.perf_counter()
    with open(path, "rb") as handle:
        response = client.post(url, {"action": "import", "worker_file": handle}, follow=True)
    seconds = time.perf_counter() - started
    assert response.status_code == 200 and b"Import Excel berhasil" in response.content, response.status_code
    registration.refresh_from_db()
    return {"seconds": seconds, "rows": registration.worker_count, "peak_mb": _peak_mb()}


def phase_naive(path: str, db_dir: str, limit: int) -> dict:
    _setup(db_dir)
    import openpyxl

    from disnaker.pkwt import services
    from disnaker.pkwt.models import PkwtContract

    company, user = _company()
    registration = services.registration_create(company=company, actor=user)
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    loaded = time.perf_counter()
    count = 0
    for values in sheet.iter_rows(min_row=2, values_only=True):
        if count >= limit:
            break
        count += 1
        PkwtContract.objects.create(
            registration=registration, row=count + 1, nik=values[0], name=values[1], birth_date=values[2],
            birth_place=values[3], sex=values[4], position=values[5], start_date=values[6], end_date=values[7],
            sequence=int(values[8]), wage=int(values[9]), bpjs_health=values[10] or "",
            bpjs_employment=values[11] or "", note=values[12] or "",
        )  # fmt: skip
    finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "load_seconds": loaded - started,
        "create_seconds": finished - loaded,
        "rows": count,
        "peak_mb": _peak_mb(),
    }


def run_phase(name: str, *args: str) -> dict:
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--phase", name, *args], capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"phase {name} failed:\n{result.stderr[-3000:]}")
    output = result.stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--naive-rows", type=int, default=None, help="rows for the naive baseline (default: all)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small run (1,000 rows, naive 200) to check the script works"
    )
    parser.add_argument(
        "--umk-missing",
        action="store_true",
        help="leave next year's UMK out of the table (umk_year_missing on every row)",
    )
    parser.add_argument("--phase")
    parser.add_argument("--file")
    parser.add_argument("--db")
    args, rest = parser.parse_known_args()
    if args.quick:
        args.rows, args.naive_rows = 1_000, 200
    if args.umk_missing:
        os.environ["BENCH_UMK_MISSING"] = "1"  # read by the phases, which run as child processes
    if args.phase == "parse":
        print(json.dumps(phase_parse(args.file)))
        return
    if args.phase == "ours":
        print(json.dumps(phase_ours(args.file, args.db)))
        return
    if args.phase == "page":
        print(json.dumps(phase_page(args.file, args.db)))
        return
    if args.phase == "naive":
        print(json.dumps(phase_naive(args.file, args.db, int(rest[0]))))
        return

    with tempfile.TemporaryDirectory() as workdir:
        _setup(os.path.join(workdir, "gen"))
        from disnaker.pkwt.sample import sample_rows, sample_workbook

        path = os.path.join(workdir, "workers.xlsx")
        started = time.perf_counter()
        Path(path).write_bytes(sample_workbook(sample_rows(args.rows, start=datetime.date.today(), seed=1)))
        print(
            f"generated {args.rows:,} rows ({os.path.getsize(path) / 2**20:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        ods_path = os.path.join(workdir, "workers.ods")
        started = time.perf_counter()
        Path(ods_path).write_bytes(
            sample_workbook(sample_rows(args.rows, start=datetime.date.today(), seed=1), fmt="ods")
        )
        print(
            f"generated the same rows as .ods ({os.path.getsize(ods_path) / 2**20:.1f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        naive_rows = args.naive_rows or args.rows
        parse = run_phase("parse", "--file", path)
        ours = run_phase("ours", "--file", path, "--db", os.path.join(workdir, "ours"))
        parse_ods = run_phase("parse", "--file", ods_path)
        ours_ods = run_phase("ours", "--file", ods_path, "--db", os.path.join(workdir, "ours-ods"))
        page_rows = min(args.rows, 5_000)
        small = os.path.join(workdir, "workers-page.xlsx")
        Path(small).write_bytes(sample_workbook(sample_rows(page_rows, start=datetime.date.today(), seed=2)))
        page = run_phase("page", "--file", small, "--db", os.path.join(workdir, "page"))
        naive = run_phase("naive", "--file", path, "--db", os.path.join(workdir, "naive"), str(naive_rows))
    # openpyxl loads the whole file whatever the row limit; only the create() part scales with the rows.
    naive_full = naive["load_seconds"] + naive["create_seconds"] * args.rows / max(naive["rows"], 1)
    print(f"{'phase':<34}{'rows':>9}{'wall s':>9}{'peak MB':>9}")
    print(
        f"{'raw parse (python-calamine)':<34}{parse['rows']:>9,}{parse['seconds']:>9.2f}{parse['peak_mb']:>9.0f}"
    )
    print(
        f"{'our full import (' + ('PostgreSQL' if os.environ.get('DATABASE_URL', '').startswith('postgres') else 'SQLite') + ')':<34}{ours['rows']:>9,}{ours['seconds']:>9.2f}{ours['peak_mb']:>9.0f}"
    )
    print(
        f"{'raw parse .ods (python-calamine)':<34}{parse_ods['rows']:>9,}{parse_ods['seconds']:>9.2f}{parse_ods['peak_mb']:>9.0f}"
    )
    print(
        f"{'our full import .ods':<34}{ours_ods['rows']:>9,}{ours_ods['seconds']:>9.2f}{ours_ods['peak_mb']:>9.0f}"
    )
    print(
        f"{'page: upload + report (HTTP)':<34}{page['rows']:>9,}{page['seconds']:>9.2f}{page['peak_mb']:>9.0f}"
    )
    print(
        f"{'naive: openpyxl + create() per row':<34}{naive['rows']:>9,}{naive['seconds']:>9.2f}{naive['peak_mb']:>9.0f}"
    )
    print(
        f"  naive split: openpyxl load {naive['load_seconds']:.2f} s, create() x {naive['rows']:,}: {naive['create_seconds']:.2f} s"
    )
    if naive["rows"] != args.rows:
        print(f"  naive extrapolated to {args.rows:,} rows: {naive_full:.1f} s")
    print(
        f"saved rows: {ours['saved_rows']:,}  errors: {ours['errors']}  warnings: {ours['warnings']}  file errors: {ours['file_errors']}"
    )
    print(
        f"saved rows from .ods: {ours_ods['saved_rows']:,}  errors: {ours_ods['errors']}  "
        f"file errors: {ours_ods['file_errors']}"
    )
    print(f"ours / raw parse: {ours['seconds'] / parse['seconds']:.2f}x (target <= 3x)")
    print(
        f".ods import / .xlsx import: {ours_ods['seconds'] / ours['seconds']:.2f}x; its parse process: "
        f"{ours_ods['child_peak_mb']:.0f} MB"
    )
    print(f"naive / ours:     {naive_full / ours['seconds']:.1f}x (target >= 20x)")
    print(
        f"peak memory, ours: {ours['peak_mb']:.0f} MB (target < 500 MB); its parse process: {ours['child_peak_mb']:.0f} MB"
    )
    print(f"{page['rows']:,} rows through the page: {page['seconds']:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
