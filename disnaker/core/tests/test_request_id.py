"""Every response carries X-Request-ID, and the log lines of that request carry the same id."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from disnaker.core.request_id import RequestIdLogFilter

HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/", 200),
        ("get", "/sehat/", 200),
        ("get", "/halaman-yang-tidak-ada/", 404),
        ("get", "/kantor/pkwt/?q=%00", 400),
    ],
)
def test_every_response_carries_a_fresh_request_id(client, db, method, path, status):
    first = getattr(client, method)(path)
    second = getattr(client, method)(path)
    assert first.status_code == status
    assert HEX32.fullmatch(first["X-Request-ID"]) and HEX32.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_an_incoming_id_from_the_proxy_is_kept(client, db):
    response = client.get("/sehat/", HTTP_X_REQUEST_ID="4f0c1e2d3b4a59687766554433221100")
    assert response["X-Request-ID"] == "4f0c1e2d3b4a59687766554433221100"


@pytest.mark.parametrize(
    "incoming", ["kurang", "x" * 65, "baris\r\nbaru-palsu", "<script>alert(1)</script>", "a b c d e f g h"]
)
def test_an_unsafe_incoming_id_is_replaced(client, db, incoming):
    response = client.get("/sehat/", HTTP_X_REQUEST_ID=incoming)
    assert HEX32.fullmatch(response["X-Request-ID"])


def test_the_413_refused_before_the_view_carries_the_id(client, db):
    response = client.post("/permohonan-akun/", {}, CONTENT_LENGTH=str(300 * 1024 * 1024))
    assert response.status_code == 413 and HEX32.fullmatch(response["X-Request-ID"])


def test_the_login_lockout_429_carries_the_id_in_header_and_page(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": alice.email, "password": "salah-salah-salah"})
    locked = client.post(
        reverse("accounts:login"), {"username": alice.email, "password": "salah-salah-salah"}
    )
    assert locked.status_code == 429
    assert HEX32.fullmatch(locked["X-Request-ID"])
    assert locked["X-Request-ID"] in locked.content.decode()


@pytest.fixture
def log_lines():
    """The project's console log format and filter on a handler of our own."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(django_settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestIdLogFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    root.removeHandler(handler)


def test_log_lines_of_a_request_carry_its_id(db, log_lines):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@b.id", "password": "x"})
    assert response.status_code == 403  # no CSRF token: logged by our CSRF view and by django.request
    request_id = response["X-Request-ID"]
    lines = [line for line in log_lines() if "CSRF" in line or "Forbidden" in line]
    assert lines and all(f"[{request_id}]" in line for line in lines), log_lines()


def test_log_lines_of_a_request_refused_by_middleware_carry_its_id(client, db, log_lines):
    response = client.get("/kantor/pkwt/?q=%00")
    lines = [line for line in log_lines() if "django.request" in line]
    assert lines and all(f"[{response['X-Request-ID']}]" in line for line in lines), log_lines()


def test_log_lines_outside_a_request_say_so(log_lines):
    logging.getLogger("disnaker.test").warning("di luar permintaan")
    assert any("[-] disnaker.test di luar permintaan" in line for line in log_lines())
