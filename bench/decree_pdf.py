"""Benchmark of the decree PDF (issue 4): render page 1 + the appendix with ReportLab, then sign (PAdES).

Each case runs in a fresh process so its peak memory (``ru_maxrss``) is its own. The rows are plain tuples
built in memory, as the renderer takes them (no database): what is timed is ``render_pkwt_decree`` plus
``signing.sign_pdf``; building the rows and loading Python modules are not.

Usage: ``.venv/bin/python bench/decree_pdf.py [--rows 100 5000 20000] [--keep DIR] [--quick] [--bsre]``.
Targets: 100 workers < 0.5 s; 5,000 workers < 5 s and < 300 MB; 20,000 workers must complete.

``--bsre`` (issue 14) signs through the BSrE simulator instead (``decrees/bsre/simulator.py``, started in the
child process on a loopback port: real HTTP, base64 JSON, a pyHanko signature by its test CA, with the visible
QR-and-words appearance), and adds the batch case: 50 decrees of 100 workers rendered and signed in one
``/api/v2/sign/pdf`` call. Targets: 5,000 workers < 5 s; the batch of 50 × 100 < 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {100: (0.5, None), 5000: (5.0, 300.0)}
BSRE_TARGETS = {5000: (5.0, None)}
BATCH_DECREES, BATCH_ROWS, BATCH_TARGET_S = 50, 100, 30.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(work_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["DATA_DIR"] = work_dir
    os.environ["DECREE_SIGNING_DIR"] = str(Path(work_dir) / "signing")
    import django

    django.setup()


def child(rows: int, work_dir: str, keep: str | None, *, bsre: bool = False, batch: int = 1) -> None:
    _setup(work_dir)
    import datetime

    from disnaker.decrees import signing
    from disnaker.decrees.pdf import Letterhead, Signer
    from disnaker.pkwt.documents import PkwtDecreeContext, render_pkwt_decree
    from disnaker.pkwt.sample import sample_rows

    source = signing.key_source(None)  # generates the development certificate on the first run
    signing.load_signer(source)
    start = datetime.date(2026, 1, 5)
    data = [(r[0], r[1], r[5], r[6], r[7], r[8], r[12]) for r in sample_rows(rows, start=start)]
    context = PkwtDecreeContext(
        letterhead=Letterhead(
            "Pemerintah Kabupaten Bekasi",
            "Dinas Ketenagakerjaan",
            "Komplek Perkantoran Pemerintah Kabupaten Bekasi, Desa Sukamahi, Kecamatan Cikarang Pusat",
            "Telp. (021) 89970000 · Pos-el: disnaker@bekasikab.go.id",
        ),
        number="500.15/17/PKWT/Disnaker/I/2026",
        issued_on=start,
        place="Cikarang",
        issuer="Kepala Dinas Ketenagakerjaan Kabupaten Bekasi",
        company_name="PT Contoh Makmur Sejahtera",
        company_address="Jl. Industri No. 1, Cikarang Utara",
        company_npwp="01.300.066.6-091.000",
        request_number="PKWT-2026-000123",
        worker_count=rows,
        signer=Signer(
            "Kepala Dinas Ketenagakerjaan Kabupaten Bekasi",
            "Dr. Ahmad Sutrisno, S.H., M.Si.",
            "Pembina Utama Muda (IV/c)",
            "197001011995031001",
        ),  # fmt: skip
        verify_url="http://127.0.0.1:8000/verifikasi/" + "x" * 43 + "/",
        copies_to=("Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat",),
    )
    sign_many = _bsre_signer(work_dir) if bsre else None
    before_mb = _peak_mb()
    began = time.perf_counter()
    if sign_many is None:
        pdf = render_pkwt_decree(context, data)
        rendered = time.perf_counter()
        signed = signing.sign_pdf(pdf, source=source, reason="SK", location="Cikarang", name="Bench")
    else:
        pdfs = [render_pkwt_decree(context, data) for _ in range(batch)]
        rendered = time.perf_counter()
        signed_all = sign_many(pdfs)
        assert len(signed_all) == batch
        signed = signed_all[0]
    finished = time.perf_counter()
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"sk-{rows}{'-bsre' if bsre else ''}.pdf").write_bytes(signed)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(signed)).pages)
    print(json.dumps({"rows": rows, "render_s": rendered - began, "sign_s": finished - rendered,
                      "total_s": finished - began, "peak_mb": _peak_mb(), "before_mb": before_mb,
                      "pdf_mb": len(signed) / 1e6, "pages": pages}))  # fmt: skip


def _bsre_signer(work_dir: str):
    """Start the simulator; return a function signing a list of PDFs through it, as ``BsreBackend`` does."""
    from disnaker.decrees import signing
    from disnaker.decrees.bsre.client import EsignClient
    from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE, DEMO_USERS, BsreSimulator, SimulatorConfig

    config = SimulatorConfig()
    simulator = BsreSimulator(Path(work_dir) / "bsre-simulator", config).start()
    client = EsignClient(simulator.url, config.username, config.password, timeout=300)
    nik = next(nik for nik, user in DEMO_USERS.items() if user.status == "ISSUE")
    url = "http://127.0.0.1:8000/verifikasi/" + "x" * 43 + "/"
    request = signing.SignatureRequest(reason="SK", location="Cikarang", name="Bench", verify_url=url)
    warm = client.sign_pdf(
        nik, DEMO_PASSPHRASE, [_tiny_pdf()], [signing.visible_properties(_tiny_pdf(), request)]
    )
    assert warm  # the signer's certificate is issued on the first call, outside the timing

    def sign_many(pdfs: list[bytes]) -> list[bytes]:
        props = [signing.visible_properties(pdf, request) for pdf in pdfs]
        return client.sign_pdf(nik, DEMO_PASSPHRASE, pdfs, props)

    return sign_many


def _tiny_pdf() -> bytes:
    from reportlab.platypus import Paragraph

    from disnaker.decrees.pdf import BODY, Doc

    return Doc("t", "a", "s", "f", [Paragraph("Pemanasan", BODY)]).build()


def _run(rows: int, work_dir: str, keep: str | None, extra: list[str]) -> dict | str:
    command = [sys.executable, __file__, "--child", str(rows), "--dir", work_dir, *extra]
    if keep:
        command += ["--keep", keep]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        return done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100, 5000, 20000])
    parser.add_argument("--keep", help="Write the signed PDFs into this folder.")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small decrees only (50 and 300 workers), to check the script works",
    )
    parser.add_argument("--bsre", action="store_true", help="sign through the BSrE simulator; adds 50 × 100")
    parser.add_argument("--batch", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.rows = [50, 300]
    if args.child is not None:
        child(args.child, args.dir, args.keep, bsre=args.bsre, batch=args.batch)
        return 0
    if args.bsre:
        return bsre_main(args)

    failed = False
    with tempfile.TemporaryDirectory(prefix="decree-bench-") as work_dir:
        print(f"{'pekerja':>8} {'halaman':>7} {'render':>8} {'tanda tangan':>12} {'total':>8} {'puncak RSS':>10} "
              f"{'(dasar)':>8} {'PDF':>8}  target")  # fmt: skip
        for rows in args.rows:
            command = [sys.executable, __file__, "--child", str(rows), "--dir", work_dir]
            if args.keep:
                command += ["--keep", args.keep]
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                print(f"{rows:>8} GAGAL\n{done.stderr[-2000:]}")
                failed = True
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            limit_s, limit_mb = TARGETS.get(rows, (None, None))
            verdict = "selesai"
            if limit_s is not None:
                ok = r["total_s"] < limit_s and (limit_mb is None or r["peak_mb"] < limit_mb)
                failed |= not ok
                verdict = (
                    ("OK" if ok else "MELESET")
                    + f" (< {limit_s} s"
                    + (f", < {limit_mb:.0f} MB)" if limit_mb else ")")
                )
            print(f"{rows:>8} {r['pages']:>7} {r['render_s']:>7.2f}s {r['sign_s']:>11.2f}s {r['total_s']:>7.2f}s "
                  f"{r['peak_mb']:>7.0f} MB {r['before_mb']:>5.0f} MB {r['pdf_mb']:>5.2f} MB  {verdict}")  # fmt: skip
        print(
            "Puncak RSS = seluruh proses (Python, Django, ReportLab, pyHanko, data baris); "
            "(dasar) = puncak sebelum render, setelah impor dan membuat baris."
        )
    return 1 if failed else 0


def bsre_main(args) -> int:
    rows_list = [] if args.rows == [100, 5000, 20000] else list(args.rows)
    cases = [(rows, 1) for rows in (rows_list or [5000])] + [(BATCH_ROWS, BATCH_DECREES)]
    if args.quick:
        cases = [(300, 1), (50, 5)]
    failed = False
    with tempfile.TemporaryDirectory(prefix="decree-bench-bsre-") as work_dir:
        print(
            f"{'SK':>4} {'pekerja':>8} {'render':>8} {'tanda tangan BSrE':>18} {'total':>8} {'puncak RSS':>10}  target"
        )
        for rows, count in cases:
            r = _run(rows, work_dir, args.keep, ["--bsre", "--batch", str(count)])
            if isinstance(r, str):
                print(f"{count:>4} {rows:>8} GAGAL\n{r}")
                failed = True
                continue
            limit = BATCH_TARGET_S if count == BATCH_DECREES else BSRE_TARGETS.get(rows, (None, None))[0]
            verdict = "selesai"
            if limit is not None and not args.quick:
                ok = r["total_s"] < limit
                failed |= not ok
                verdict = f"{'OK' if ok else 'MELESET'} (< {limit} s)"
            print(f"{count:>4} {rows:>8} {r['render_s']:>7.2f}s {r['sign_s']:>17.2f}s {r['total_s']:>7.2f}s "
                  f"{r['peak_mb']:>7.0f} MB  {verdict}")  # fmt: skip
        print(
            "Simulator BSrE di proses yang sama (HTTP loopback); tanda tangan BSrE = seluruh panggilan sign/pdf."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
