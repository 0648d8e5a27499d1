"""Benchmark of slow and oversized request bodies against the production configuration (issue 10, "Slow bodies").

The attack from the issue: a few sockets send a POST head with a large ``Content-Length`` and then trickle the
body, one byte a second. Every thread that starts reading such a body is stuck until the socket closes. This
script runs it against the shipped configuration on loopback — gunicorn with ``deploy/gunicorn.conf.py``, and
nginx with ``deploy/nginx/disnaker.conf`` (rendered by ``deploy/loopback.py``: loopback ports, a temporary
folder, a self-signed certificate): gunicorn alone with three single-threaded workers (the set-up of the
incident), gunicorn alone with the shipped defaults, and nginx in front of the latter.

For each target and each attack (none, 3 slow bodies, 50 slow bodies, one 300 MB upload sent as fast as the
socket takes it) a healthy client keeps fetching ``/sehat/`` (the health view: one database query) and ``/``
(the login page) one after the other, each with a 5 s timeout, for ``--seconds`` (after untimed requests
that load the application in every worker); the script prints how long
those healthy requests took (median, 95th percentile, maximum) and how many failed, and for the upload how
long until the server answered and with what. After each attack it prints how long the target took to answer
again.

Usage: ``.venv/bin/python bench/slow_body.py [--seconds 15] [--slow 3,50] [--workers N] [--threads N] [--quick]``.
gunicorn runs with the shipped defaults for this machine unless ``--workers``/``--threads`` are given. Debian's
nginx is installed with ``scripts/ensure_nginx.sh`` when it is missing (the script says so). The database is
a fresh SQLite file in a temporary folder (migrated first, for the login page).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import select
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy import loopback  # noqa: E402

HEALTHY_TIMEOUT = 5.0
SLOW_CONTENT_LENGTH = 1_000_000
UPLOAD_BYTES = 300 * 1024 * 1024


@dataclass
class Target:
    name: str
    port: int
    tls: bool

    def connect(self, timeout: float = 10.0) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock)
        return sock

    def get(self, path: str) -> int:
        # Straight to gunicorn the client says what nginx would: it spoke https (else Django redirects).
        headers = {} if self.tls else {"X-Forwarded-Proto": "https"}
        status, _headers, _body = loopback.get(
            "127.0.0.1", self.port, path, tls=self.tls, timeout=HEALTHY_TIMEOUT, headers=headers
        )
        return status


@dataclass
class Healthy:
    timings: list[float] = field(default_factory=list)
    failures: int = 0


def healthy_client(target: Target, seconds: float) -> Healthy:
    result = Healthy()
    deadline = time.monotonic() + seconds
    paths = ["/sehat/", "/"]
    n = 0
    while time.monotonic() < deadline:
        path = paths[n % 2]
        n += 1
        started = time.monotonic()
        try:
            ok = target.get(path) == 200
        except OSError:
            ok = False
        took = time.monotonic() - started
        if ok:
            result.timings.append(took)
        else:
            result.failures += 1
            result.timings.append(took)
    return result


def slow_bodies(target: Target, count: int, stop: threading.Event) -> list[socket.socket]:
    """Open ``count`` sockets that promise a form body and then send one byte a second until ``stop``."""
    sockets = []
    head = (
        "POST /permohonan-akun/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {SLOW_CONTENT_LENGTH}\r\n\r\n"
    ).encode()
    for _ in range(count):
        try:
            sock = target.connect()
            sock.sendall(head)
            sockets.append(sock)
        except OSError:
            pass

    def trickle():
        while not stop.wait(1.0):
            for sock in list(sockets):
                try:
                    sock.sendall(b"a")
                except OSError:
                    sockets.remove(sock)

    threading.Thread(target=trickle, daemon=True).start()
    return sockets


@dataclass
class Upload:
    answered_after: float | None = None
    status: str = ""
    sent_bytes: int = 0


def oversized_upload(target: Target) -> Upload:
    """One 300 MB multipart upload, sent as fast as the socket takes it, until the server answers."""
    result = Upload()
    head = (
        "POST /permohonan-akun/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        "Content-Type: multipart/form-data; boundary=batas\r\n"
        f"Content-Length: {UPLOAD_BYTES}\r\n\r\n"
    ).encode()
    chunk = b"\0" * 65536
    started = time.monotonic()
    received = b""
    try:
        sock = target.connect(timeout=10)
        sock.sendall(head)
        while result.sent_bytes < UPLOAD_BYTES and time.monotonic() - started < 60:
            readable, _w, _x = select.select([sock], [], [], 0)
            if readable or (target.tls and sock.pending()):
                data = sock.recv(65536)
                received += data
                if not data or b"\r\n" in received:
                    break
                continue
            try:
                result.sent_bytes += sock.send(chunk)
            except OSError:
                break  # the server closed the connection: read what it said
        while b"\r\n" not in received:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            received += data
        result.answered_after = time.monotonic() - started
        result.status = received.split(b"\r\n", 1)[0].decode(errors="replace") or "(connection closed)"
        sock.close()
    except OSError as exc:
        result.status = f"error: {exc}"
    return result


def wait_for_recovery(target: Target, limit: float = 120.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            if target.get("/sehat/") == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    return float("inf")


def _ms(value: float) -> str:
    return f"{value * 1000:8.0f} ms"


def report(target: Target, attack: str, healthy: Healthy, extra: str = "") -> None:
    timings = sorted(healthy.timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)] if timings else 0.0
    median = statistics.median(timings) if timings else 0.0
    print(
        f"{target.name:21} {attack:15} {len(timings):5} {_ms(median)} {_ms(p95)} {_ms(max(timings, default=0))}"
        f" {healthy.failures:6}  {extra}",
        flush=True,
    )


def warm_up(target: Target, workers: int) -> None:
    """Untimed requests from several clients at once, so every worker has loaded the application."""

    def client():
        for path in ("/", "/sehat/") * 3:
            with contextlib.suppress(OSError):
                target.get(path)

    clients = [threading.Thread(target=client) for _ in range(2 * workers)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()


def run_target(target: Target, *, seconds: float, slow_counts: list[int], workers: int) -> None:
    warm_up(target, workers)
    report(target, "none", healthy_client(target, seconds))
    for count in slow_counts:
        stop = threading.Event()
        sockets = slow_bodies(target, count, stop)
        time.sleep(1.0)  # the bodies are under way before the healthy client starts
        healthy = healthy_client(target, seconds)
        stop.set()
        for sock in sockets:
            sock.close()
        recovery = wait_for_recovery(target)
        report(
            target,
            f"{count} slow bodies",
            healthy,
            f"answers again {recovery:.1f} s after the attack stopped",
        )
    upload: list[Upload] = []
    sender = threading.Thread(target=lambda: upload.append(oversized_upload(target)))
    sender.start()
    healthy = healthy_client(target, seconds)
    sender.join()
    up = upload[0]
    answered = f"{up.answered_after:.2f} s" if up.answered_after is not None else "never"
    report(target, "300 MB upload", healthy,
           f"upload answered after {answered}: {up.status!r}, {up.sent_bytes / 2**20:.1f} MB sent")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each attack (default 15)")
    parser.add_argument("--slow", default="3,50", help="numbers of slow sockets (default 3,50)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--quick", action="store_true", help="2 s attacks with 3 slow sockets, to check the script works"
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.slow = 2.0, "3"
    slow_counts = [int(n) for n in args.slow.split(",") if n.strip()]

    if loopback.nginx_binary() is None:
        print(
            "nginx is not installed: installing Debian's nginx-light with scripts/ensure_nginx.sh ...",
            flush=True,
        )
        subprocess.run([str(ROOT / "scripts" / "ensure_nginx.sh")], check=True)  # noqa: S603

    workers = args.workers or min(2 * multiprocessing.cpu_count(), 8)  # deploy/gunicorn.conf.py's default
    threads = args.threads or 4
    with tempfile.TemporaryDirectory(prefix="disnaker-slow-body-") as tmp:
        folder = Path(tmp)
        print(f"Migrating a fresh SQLite database in {folder} (for the login page) ...", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=loopback.app_environment(folder),
            check=True,
        )
        print(
            f"gunicorn: {workers} workers x {threads} threads (gthread); slow bodies promise "
            f"{SLOW_CONTENT_LENGTH:,} bytes and send 1 byte/s; healthy requests time out after "
            f"{HEALTHY_TIMEOUT:.0f} s; each attack lasts {args.seconds:.0f} s.\n",
            flush=True,
        )
        print(f"{'target':21} {'attack':15} {'n':>5} {'median':>11} {'p95':>11} {'max':>11} {'failed':>6}")
        # The first target is gunicorn alone with three single-threaded workers, as in the incident.
        targets = [(False, 3, 1), (False, workers, threads), (True, workers, threads)]
        for number, (with_nginx, n_workers, n_threads) in enumerate(targets):
            with loopback.running_stack(
                folder / f"target-{number}",
                with_nginx=with_nginx,
                workers=n_workers,
                threads=n_threads,
                env={"DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"},
            ) as stack:
                label = f"{n_workers}x{n_threads}"
                if with_nginx:
                    target = Target(f"nginx+gunicorn {label}", stack.https_port, tls=True)
                else:
                    port = int(stack.gunicorn_url.rsplit(":", 1)[1])
                    target = Target(f"gunicorn {label}", port, tls=False)
                run_target(target, seconds=args.seconds, slow_counts=slow_counts, workers=n_workers)


if __name__ == "__main__":
    main()
