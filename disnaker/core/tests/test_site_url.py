"""SITE_URL is the only source of links in e-mails, PDFs and QR codes, so production must set a public one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import site_url

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "value",
    ["", "   ", "http://127.0.0.1:8000", "http://127.1.2.3", "http://localhost:8000/", "http://[::1]:8000",
     "http://0.0.0.0:8000", "https://app.localhost"],
)  # fmt: skip
def test_without_debug_a_missing_or_loopback_site_url_is_refused_in_indonesian(value):
    with pytest.raises(ImproperlyConfigured) as exc:
        site_url(value, debug=False)
    assert "SITE_URL" in str(exc.value)
    assert "alamat" in str(exc.value)


@pytest.mark.parametrize("value", ["pecak.disnaker.go.id", "ftp://pecak.disnaker.go.id", "https://"])
def test_a_site_url_without_scheme_or_host_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL tidak valid"):
        site_url(value, debug=True)


def test_a_public_site_url_is_accepted_without_its_trailing_slash():
    assert site_url("https://pecak.disnaker.go.id/", debug=False) == "https://pecak.disnaker.go.id"
    assert site_url("http://testserver", debug=False) == "http://testserver"


def test_with_debug_the_local_development_address_is_the_default():
    assert site_url("", debug=True) == "http://127.0.0.1:8000"
    assert site_url("http://localhost:8000", debug=True) == "http://localhost:8000"


def _manage_check(tmp_path, **overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-secret-key-for-this-test-only-0123456789",
        DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **overrides,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_manage_py_refuses_to_start_without_site_url_when_debug_is_off(tmp_path):
    result = _manage_check(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SITE_URL wajib diisi" in result.stderr


def test_manage_py_refuses_a_loopback_site_url_and_accepts_a_public_one(tmp_path):
    refused = _manage_check(tmp_path, SITE_URL="http://127.0.0.1:8000")
    assert refused.returncode != 0
    assert "alamat lokal" in refused.stderr
    accepted = _manage_check(tmp_path, SITE_URL="https://pecak.disnaker.go.id")
    assert accepted.returncode == 0, accepted.stderr
