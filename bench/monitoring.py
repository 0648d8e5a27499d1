"""Benchmark of the BKK/PAK monitoring pages (issue 5): the province dashboard and the verification queue.

Seeds a fresh database with the 27 kab/kota offices of Jawa Barat (the regions come from the migrations; the
missing offices are created), 3,000 BKKs and 10,000 PAK with their registrations in mixed statuses (some awaiting
verification, some verified over the last year) and reports to the province — with ``bulk_create``, not through
the services: only the volume matters. Then, logged in as the province admin with the Django test client (the
whole request: middleware, session, view, template), it measures each page: the number of SQL queries of one
request (``CaptureQueriesContext``), and the median and 95th percentile of the response time over ``--requests``
requests after ``--warmup`` untimed ones.

The same run is repeated on a dataset 10x smaller, each in a fresh process and a fresh database, to show the
number of queries does not grow with the data.

Usage: ``.venv/bin/python bench/monitoring.py [--bkk 3000] [--pak 10000] [--requests 30] [--quick]``. The database is a
fresh SQLite file in a temporary directory, or a fresh PostgreSQL database when ``DATABASE_URL=postgres://…``
is set. Target: under 200 ms per page, and the same number of queries at both sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200.0
PAGES = [
    ("dashboard province", "placement:monitoring", {}),
    ("verification queue", "placement:province_queue", {}),
    ("queue, page 10", "placement:province_queue", {"halaman": "10"}),
    ("report inbox", "placement:province_reports", {}),
    ("dashboard export (Excel)", "placement:monitoring", {"ekspor": "ringkasan"}),
]


def _setup(db_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    from bench._db import django_setup

    # Production-like: DEBUG off (cached templates), as the test suite runs.
    django_setup(
        db_dir,
        DEBUG="0",
        SECRET_KEY="bench-secret-key-not-for-production-use-0123456789",  # noqa: S106 - a throwaway key
        SECURE_SSL_REDIRECT="0",
        STATIC_MANIFEST="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SITE_URL="https://disnaker.example.go.id",  # required (and public) without DEBUG
    )


def seed(*, bkk_count: int, pak_count: int) -> dict:
    """Offices, users and the bulk rows; returns the province admin and what was made."""
    import datetime
    import random

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from disnaker.accounts.constants import Role
    from disnaker.accounts.models import User
    from disnaker.core.models import Office, Region
    from disnaker.placement.constants import AppointmentStatus, BkkStatus, ProfileStatus, ProposalStatus
    from disnaker.placement.models import Bkk, PakProfile, PakProposal, PlacementOfficer, ProvinceReport

    rng = random.Random(5)
    started = time.perf_counter()
    province = Office.objects.get(code="32")
    offices = []
    for region in Region.objects.filter(parent__code="32").order_by("code"):
        office, _created = Office.objects.get_or_create(
            region=region,
            defaults={"code": region.code, "name": f"Dinas Tenaga Kerja {region.name}", "level": "regency",
                      "parent": province, "city": region.name},
        )  # fmt: skip
        offices.append(office)
    admin = User.objects.create_user(email="prov@bench.example", password=None, role=Role.PROVINCE_ADMIN,
                                     office=province, full_name="Admin Provinsi")  # fmt: skip
    head = User.objects.create_user(email="head@bench.example", password=None, role=Role.HEAD, office=offices[0],
                                    full_name="Kepala Dinas")  # fmt: skip
    now = timezone.now()

    def pick(weights: dict):
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    bkk_mix = {BkkStatus.REGISTERED: 80, BkkStatus.INACTIVE: 8, BkkStatus.SUBMITTED: 5, BkkStatus.REVOKED: 2,
               BkkStatus.CLOSED: 2, BkkStatus.REJECTED: 3}  # fmt: skip
    bkks = []
    for n in range(bkk_count):
        office = offices[n % len(offices)]
        bkks.append(Bkk(
            tracking_code=f"BKK-B{n:06d}", office=office, region=office.region, name=f"BKK SMK Bench {n}",
            institution_name=f"SMK Bench {n}", institution_type="smk", institution_code=f"{20000000 + n}",
            address="Jl. Bench", head_name="Kepala", contact_name="Operator", email=f"bkk{n}@bench.example",
            phone="6281100000000", status=pick(bkk_mix), edit_token=f"bench-{n:06d}",
            registered_at=now - datetime.timedelta(days=rng.randint(30, 900)),
        ))  # fmt: skip
    Bkk.objects.bulk_create(bkks, batch_size=1000)
    proposals = PakProposal.objects.bulk_create(
        [PakProposal(bkk=b, office=b.office, status=ProposalStatus.APPOINTED, created_by=head,
                     submitted_at=now, decided_at=now) for b in bkks],
        batch_size=1000,
    )  # fmt: skip
    appointment_mix = {AppointmentStatus.APPOINTED: 85, AppointmentStatus.INACTIVE: 4, AppointmentStatus.REVOKED: 2,
                       AppointmentStatus.SUBMITTED: 4, AppointmentStatus.NEEDS_REVISION: 1,
                       AppointmentStatus.VERIFIED: 1, AppointmentStatus.REJECTED: 3}  # fmt: skip
    officers = []
    for n in range(pak_count):
        proposal = proposals[n % len(proposals)]
        status = pick(appointment_mix)
        ended = status in (AppointmentStatus.APPOINTED, AppointmentStatus.INACTIVE, AppointmentStatus.REVOKED)
        officers.append(PlacementOfficer(
            proposal=proposal, bkk_id=proposal.bkk_id, office_id=proposal.office_id, name=f"PAK Bench {n}",
            nik=f"3216{n:012d}", email=f"pak{n}@bench.example", phone="6281100000000", position="Guru BK",
            education_level="s1", status=status,
            appointed_at=now - datetime.timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23)) if ended else None,
        ))  # fmt: skip
    PlacementOfficer.objects.bulk_create(officers, batch_size=1000)
    profile_mix = {ProfileStatus.NOT_REGISTERED: 12, ProfileStatus.PROFILE_INCOMPLETE: 13,
                   ProfileStatus.AWAITING_VERIFICATION: 20, ProfileStatus.VERIFIED: 50,
                   ProfileStatus.VERIFICATION_REJECTED: 5}  # fmt: skip
    profiles = []
    for officer in officers:
        if officer.appointed_at is None or rng.random() < 0.03:
            continue  # not appointed, or (rarely) appointed without a registration record
        status = pick(profile_mix)
        submitted = None
        if status in (
            ProfileStatus.AWAITING_VERIFICATION,
            ProfileStatus.VERIFIED,
            ProfileStatus.VERIFICATION_REJECTED,
        ):
            submitted = now - datetime.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
        profiles.append(PakProfile(
            officer=officer, status=status, invited_at=officer.appointed_at, submitted_at=submitted,
            verified_at=(submitted + datetime.timedelta(days=rng.randint(0, 10))) if status == ProfileStatus.VERIFIED
            else None,
        ))  # fmt: skip
    PakProfile.objects.bulk_create(profiles, batch_size=1000)
    reports = [
        ProvinceReport(office=office, province_office=province, officer_count=rng.randint(5, 60), sent_by=head,
                       sent_at=now - datetime.timedelta(days=rng.randint(0, 365)),
                       read_at=now if rng.random() < 0.7 else None)
        for office in offices for _i in range(rng.randint(0, 8))
    ]  # fmt: skip
    ProvinceReport.objects.bulk_create(reports)
    return {
        "admin_pk": admin.pk,
        "offices": len(offices),
        "bkks": len(bkks),
        "paks": len(officers),
        "awaiting": sum(1 for p in profiles if p.status == ProfileStatus.AWAITING_VERIFICATION),
        "reports": len(reports),
        "seed_seconds": time.perf_counter() - started,
    }


def child(db_dir: str, bkk_count: int, pak_count: int, requests: int, warmup: int) -> dict:
    _setup(db_dir)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from disnaker.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    made = seed(bkk_count=bkk_count, pak_count=pak_count)
    client = Client()
    client.force_login(User.objects.get(pk=made["admin_pk"]))
    results = []
    for label, name, params in PAGES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            results.append({"page": label, "skipped": f"{name} does not resolve yet"})
            continue
        for _i in range(warmup):
            response = client.get(url, params)
            assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        query_count = len(queries)  # now: the next request resets the connection's query log
        times = []
        for _i in range(requests):
            began = time.perf_counter()
            response = client.get(url, params)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
        results.append({"page": label, "queries": query_count, "median_ms": statistics.median(times),
                        "p95_ms": p95, "bytes": len(response.content)})  # fmt: skip
    return {**made, "results": results, "engine": connection.vendor}


def run_child(db_dir: str, bkk_count: int, pak_count: int, requests: int, warmup: int) -> dict:
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--child", db_dir, "--bkk", str(bkk_count), "--pak", str(pak_count),
         "--requests", str(requests), "--warmup", str(warmup)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode:
        sys.exit(f"benchmark at {pak_count} PAK failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bkk", type=int, default=3_000)
    parser.add_argument("--pak", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small run (300 BKK, 1,000 PAK, 3 requests) to check the script works",
    )
    args = parser.parse_args()
    if args.quick:
        args.bkk, args.pak, args.requests, args.warmup = 300, 1_000, 3, 1
    if args.child:
        print(json.dumps(child(args.child, args.bkk, args.pak, args.requests, args.warmup)))
        return

    sizes = [(args.bkk // 10, args.pak // 10), (args.bkk, args.pak)]
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        for bkk_count, pak_count in sizes:
            db_dir = os.path.join(workdir, f"db{pak_count}")
            runs.append(run_child(db_dir, bkk_count, pak_count, args.requests, args.warmup))
    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(runs[-1]["engine"], runs[-1]["engine"])
    print(
        f"database: {engine}; {args.requests} timed requests per page after {args.warmup} warm-up; test client"
    )
    for run in runs:
        print(f"  seeded {run['offices']} kab/kota offices, {run['bkks']:,} BKK, {run['paks']:,} PAK "
              f"({run['awaiting']:,} awaiting verification), {run['reports']} reports in {run['seed_seconds']:.1f} s")  # fmt: skip
    print(f"{'page':<26}{'PAK':>8}{'queries':>9}{'median ms':>11}{'p95 ms':>9}  target")
    slow = False
    for index in range(len(PAGES)):
        for run in runs:
            r = run["results"][index]
            if "skipped" in r:
                print(f"{r['page']:<26}{run['paks']:>8,}  skipped: {r['skipped']}")
                continue
            ok = r["p95_ms"] < TARGET_MS
            slow |= not ok
            print(f"{r['page']:<26}{run['paks']:>8,}{r['queries']:>9}{r['median_ms']:>11.1f}{r['p95_ms']:>9.1f}  "
                  f"{'ok' if ok else 'SLOW'}")  # fmt: skip
    grows = [
        small["page"]
        for small, large in zip(runs[0]["results"], runs[-1]["results"], strict=True)
        if "queries" in small and small["queries"] != large.get("queries")
    ]
    print(
        "queries per page: "
        + (f"GROW with the data on {', '.join(grows)}" if grows else "the same at both sizes")
    )
    print(f"every page under {TARGET_MS:.0f} ms (p95): {'no' if slow else 'yes'}")


if __name__ == "__main__":
    main()
