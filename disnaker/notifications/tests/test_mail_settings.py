"""Mail in production: without DEBUG there must be a real mail configuration, and bodies never reach a log."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import email_backend
from disnaker.core.tests.workers import ROOT

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def test_without_debug_a_missing_mail_configuration_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Konfigurasi e-mail wajib"):
        email_backend(debug=False, host="", file_path="", backend="")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_HOST"):
        email_backend(
            debug=False, host="", file_path="", backend=CONSOLE
        )  # asking for the console is no way out


def test_smtp_files_or_an_explicit_backend_are_accepted_and_the_console_only_with_debug():
    assert email_backend(debug=False, host="mail.example.go.id", file_path="", backend="") == SMTP
    assert email_backend(debug=False, host="", file_path="/var/mail", backend="").endswith(
        "filebased.EmailBackend"
    )
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    assert email_backend(debug=False, host="", file_path="", backend=locmem) == locmem
    assert email_backend(debug=True, host="", file_path="", backend="") == CONSOLE


def test_a_production_process_without_mail_configuration_does_not_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    env.update(DEBUG="0", SECRET_KEY="settings-test-secret-key-not-for-production-0123456789")
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "Konfigurasi e-mail wajib bila DEBUG tidak aktif" in done.stderr
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**env, "EMAIL_HOST": "localhost"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
