"""Bodies larger than the page accepts are refused from Content-Length alone (issue 10, "Oversized bodies")."""

from __future__ import annotations

import math
import re
import socket
import threading
import time

import pytest
from django.urls import reverse

from disnaker.core.middleware import largest_request_body_limit, request_body_limit

MB = 1024 * 1024
CSRF_COOKIE = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"


@pytest.fixture(scope="module")
def live_url():
    """Django's own threaded development server (what pytest-django's live_server runs) on a free port,
    without a database: the refusals under test happen before any query, and a live_server would flush the
    test database afterwards."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _raw_request(url: str, head: str, *, timeout: float = 10.0) -> tuple[bytes, float]:
    """Send only the request head (no body) and read what comes back; with the time it took."""
    host, port = url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1"))
        received = b""
        try:
            while b"\r\n\r\n" not in received:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except TimeoutError:
            pass
    return received, time.monotonic() - started


@pytest.mark.parametrize(
    "path", ["/permohonan-akun/", "/bkk/daftar/", "/", "/api/v1/pkwt/validate", "/verifikasi/x/"]
)
def test_a_300_mb_upload_gets_413_before_a_byte_of_it_is_read(live_url, path):
    # With the CSRF cookie a browser has after opening the form: CSRF then reads the body for its token.
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken={CSRF_COOKIE}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {300 * MB}\r\n\r\n"
    )
    received, took = _raw_request(live_url, head)
    # Had the server tried to read the body it would wait for 300 MB that never come (until our timeout).
    assert received.startswith(b"HTTP/1.1 413"), received[:200]
    assert took < 5


def test_the_413_page_says_the_limit_in_indonesian(client, db, settings):
    response = client.post(reverse("accounts:account_request_create"), {}, CONTENT_LENGTH=str(300 * MB))
    assert response.status_code == 413
    body = response.content.decode()
    limit = settings.REQUEST_BODY_MAX_BYTES + 4 * settings.UPLOAD_DOCUMENT_MAX_BYTES
    assert "Kiriman terlalu besar" in body
    assert "300,0\xa0MB" in body or "300,0 MB" in body
    assert f"{limit / MB:.1f}".replace(".", ",") in body
    assert response["X-Request-ID"] in body


def test_the_api_answers_413_in_json(client, db):
    response = client.post("/api/v1/pkwt/validate", {}, CONTENT_LENGTH=str(300 * MB))
    assert response.status_code == 413
    assert "terlalu besar" in response.json()["detail"]


def test_limits_follow_the_settings_per_page(settings):
    settings.REQUEST_BODY_MAX_BYTES = 100 * 1024
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 5 * MB
    settings.PKWT_IMPORT_MAX_FILE_BYTES = 40 * MB
    base = 100 * 1024
    assert request_body_limit("/") == base  # the login form: no files
    assert request_body_limit("/halaman/yang/tidak/ada/") == base
    assert request_body_limit(reverse("accounts:account_request_create")) == base + 4 * 5 * MB
    assert request_body_limit(reverse("pkwt:edit", args=[1])) == base + 2 * 5 * MB + 40 * MB
    assert request_body_limit("/api/v1/pkwt/validate") == base + 40 * MB
    assert request_body_limit(reverse("admin:index")) == base + 5 * MB
    assert largest_request_body_limit() == base + 2 * 5 * MB + 40 * MB
    settings.PKWT_IMPORT_MAX_FILE_BYTES = 10 * MB
    assert request_body_limit("/api/v1/pkwt/validate") == base + 10 * MB


def test_every_page_in_the_upload_table_exists(settings):
    from django.urls import get_resolver

    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns)
    for key in settings.UPLOAD_REQUEST_FILES:
        assert key in names or (key.endswith(":*") and any(n.startswith(key[:-1]) for n in names)), key


def test_a_body_just_within_the_limit_is_read_as_usual(client, db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 4096
    response = client.post(reverse("accounts:login"), {"username": "x@y.id", "password": "a" * 2000})
    assert response.status_code == 200  # the login form answers with its own error
    too_big = client.post(reverse("accounts:login"), {"username": "x@y.id", "password": "a" * 5000})
    assert too_big.status_code == 413


def test_a_chunked_body_without_a_length_is_refused_with_411(live_url):
    head = (
        "POST /permohonan-akun/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Transfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"
    )
    received, _took = _raw_request(live_url, head)
    assert received.startswith(b"HTTP/1.1 411"), received[:200]


def test_django_caps_the_non_file_part_of_a_body_the_same(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.REQUEST_BODY_MAX_BYTES


def test_the_shipped_nginx_lets_through_the_largest_page_limit_and_no_more_than_a_megabyte_above():
    """deploy/nginx/disnaker.conf's client_max_body_size must follow the default settings' largest limit."""
    from deploy.loopback import NGINX_CONF

    size = re.search(r"^\s*client_max_body_size (\d+)m;", NGINX_CONF.read_text(), re.MULTILINE)
    shipped = int(size.group(1)) * MB
    assert largest_request_body_limit() <= shipped < largest_request_body_limit() + MB


def test_the_request_limits_command_prints_each_page_and_the_nginx_figure():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("request_limits", stdout=out)
    text = out.getvalue()
    assert "accounts:account_request_create" in text and "22.5 MB" in text
    assert f"client_max_body_size {math.ceil(largest_request_body_limit() / MB)}m;" in text
