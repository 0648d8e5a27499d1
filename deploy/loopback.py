"""The shipped production configuration, run on loopback: gunicorn with ``deploy/gunicorn.conf.py`` and nginx
with ``deploy/nginx/disnaker.conf`` rendered for 127.0.0.1 (ports, a temporary folder, a self-signed
certificate). Used by the deployment test (``disnaker/core/tests/test_deploy_stack.py``) and by
``bench/slow_body.py``.

Rendering replaces only the lines marked ``# DEPLOYMENT`` in the shipped file, each found exactly as
written, so the configuration under test is the one in the repository.
"""

from __future__ import annotations

import datetime
import http.client
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx" / "disnaker.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (the TLS server block stays as shipped)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from disnaker.core.certificates import self_signed

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = self_signed(key, name, valid_for=datetime.timedelta(days=1))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def render_nginx(*, folder: Path, upstream: str, http_port: int, https_port: int, static_root: Path) -> Path:
    """Write ``folder/nginx.conf``: a minimal main file around the shipped ``disnaker.conf`` with its
    DEPLOYMENT lines pointed at loopback and ``folder``. Raises if a line to replace is missing (the
    shipped file changed: change this renderer with it)."""
    cert, key = self_signed_certificate(folder)
    text = NGINX_CONF.read_text()
    replacements = [
        ("server unix:/run/disnaker/gunicorn.sock fail_timeout=0;", f"server {upstream} fail_timeout=0;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/disnaker.example.go.id/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/disnaker.example.go.id/privkey.pem", str(key)),
        ("root /var/www/letsencrypt;", f"root {folder};"),
        ("/var/log/nginx/disnaker.access.log", str(folder / "access.log")),
        ("/var/log/nginx/disnaker.error.log", str(folder / "error.log")),
        ("alias /srv/disnaker/app/deploy/nginx/errors/;", f"alias {ROOT / 'deploy' / 'nginx' / 'errors'}/;"),
        ("alias /srv/disnaker/var/static/;", f"alias {static_root}/;"),
    ]
    for old, new in replacements:
        if text.count(old) != 1:
            raise RuntimeError(f"deploy/nginx/disnaker.conf: expected exactly one {old!r}")
        text = text.replace(old, new)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    # As root, nginx's workers would drop to "nobody" and could not write the temp folders made here.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    main = f"""
{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    access_log off;
{text}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(main)
    return path


def nginx_check(conf: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on the rendered file."""
    return subprocess.run(  # noqa: S603
        [nginx_binary(), "-t", "-q", "-p", str(conf.parent), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )


def app_environment(folder: Path, **extra: str) -> dict[str, str]:
    """Production-like settings for the app on loopback: DEBUG off, a fresh SQLite file in ``folder``."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "loopback-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Without DEBUG the app refuses a loopback SITE_URL (links in e-mails and QR codes must be public).
        "SITE_URL": "https://disnaker.example.go.id",
        # ... and a mail configuration: here files in the temporary folder (no mail leaves the machine).
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DATA_DIR": str(folder),
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_MANIFEST": "0",
        "PROXY_COUNT": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra)
    return env


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


@dataclass
class Stack:
    folder: Path
    gunicorn_url: str  # http://127.0.0.1:port, or unix:/path for a socket
    https_port: int | None = None  # nginx, TLS (the shipped server block)
    http_port: int | None = None  # nginx, the redirect to https

    @property
    def gunicorn_access_log(self) -> Path:
        return self.folder / "gunicorn.log"

    @property
    def nginx_access_log(self) -> Path:
        return self.folder / "access.log"


def wait_until_up(host: str, port: int | None, *, tls: bool = False, timeout: float = 60.0) -> None:
    """Until ``/sehat/`` answers 200; ``host`` may be ``unix:/path`` (then ``port`` is ignored)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Straight to gunicorn, say what nginx would say: the client spoke https.
            headers = {} if tls else {"X-Forwarded-Proto": "https"}
            status, _headers, _body = get(host, port, "/sehat/", tls=tls, timeout=2, headers=headers)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{host}:{port} did not answer /sehat/ within {timeout:.0f} s")


def get(
    host: str,
    port: int | None,
    path: str,
    *,
    tls: bool = False,
    timeout: float = 10.0,
    headers: dict | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One GET on a fresh connection: (status, headers, body). ``host`` may be ``unix:/path``."""
    if host.startswith("unix:"):
        conn = _UnixHTTPConnection(host.removeprefix("unix:"), timeout)
    elif tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _stop(process: subprocess.Popen, *, sig=signal.SIGTERM, timeout: float = 15.0) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_stack(
    folder: Path,
    *,
    with_nginx: bool = True,
    workers: int = 1,
    threads: int = 2,
    static_root: Path | None = None,
    env: dict[str, str] | None = None,
    unix_socket: bool = False,
) -> Iterator[Stack]:
    """gunicorn (``deploy/gunicorn.conf.py``) on a loopback port — or, with ``unix_socket``, on a Unix socket
    in ``folder`` as shipped — and, with ``with_nginx``, nginx in front (the shipped server blocks on two more
    ports). Both are stopped on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    if unix_socket:
        upstream = f"unix:{folder / 'gunicorn.sock'}"
        gunicorn_host, gunicorn_port = upstream, None
    else:
        gunicorn_host, gunicorn_port = "127.0.0.1", free_port()
        upstream = f"127.0.0.1:{gunicorn_port}"
    app_env = app_environment(folder, **(env or {}))
    app_env.update(
        GUNICORN_BIND=upstream,
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
        GUNICORN_ACCESS_LOG=str(folder / "gunicorn.log"),
        GUNICORN_ERROR_LOG=str(folder / "gunicorn-error.log"),
    )
    processes: list[subprocess.Popen] = []
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "config.wsgi"],
        cwd=ROOT,
        env=app_env,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "gunicorn-stderr.log", "wb"),  # noqa: SIM115
    )
    processes.append(gunicorn)
    try:
        wait_until_up(gunicorn_host, gunicorn_port)
        stack = Stack(folder=folder, gunicorn_url=upstream if unix_socket else f"http://{upstream}")
        if with_nginx:
            if nginx_binary() is None:
                raise RuntimeError("nginx is not installed: run scripts/ensure_nginx.sh")
            static = static_root or folder / "static"
            static.mkdir(exist_ok=True)
            stack.http_port, stack.https_port = free_port(), free_port()
            conf = render_nginx(
                folder=folder,
                upstream=upstream,
                http_port=stack.http_port,
                https_port=stack.https_port,
                static_root=static,
            )
            checked = nginx_check(conf)
            if checked.returncode != 0:
                raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
            nginx = subprocess.Popen(  # noqa: S603
                [nginx_binary(), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=open(folder / "nginx-stderr.log", "wb"),  # noqa: SIM115
            )
            processes.append(nginx)
            wait_until_up("127.0.0.1", stack.https_port, tls=True)
        yield stack
    finally:
        for process in reversed(processes):
            # nginx: SIGQUIT is its graceful stop; gunicorn: SIGTERM.
            _stop(process, sig=signal.SIGQUIT if process is not gunicorn else signal.SIGTERM)
