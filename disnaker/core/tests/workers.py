"""Real ``manage.py db_worker`` processes against the test database, for tests of what survives a kill.

The test process and its workers must see one database. On PostgreSQL that is pytest-django's test
database (``test_<name>``) with ``transactional_db``, so rows are committed where another process sees
them. SQLite's test database lives in this process's memory: :func:`shared_database` copies it into a file
(SQLite's backup API) and points this process's connection at the file for the test, then back.
"""

from __future__ import annotations

import importlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[3]

#: The database of a worker test: committed rows, since another process must see them. ``available_apps``
#: (all of them) makes the flush after the test leave the tables empty instead of re-creating content types
#: under new ids, which would break a later test that restores the serialized state (decrees' concurrency
#: tests); the rows a test needs are seeded by :func:`shared_database`.
WORKER_DB = pytest.mark.django_db(
    transaction=True, available_apps=[config.name for config in apps.get_app_configs()]
)

#: Short beats so the tests take seconds; the same settings as in production, read from the environment.
HEARTBEAT_SECONDS = 1
STALE_SECONDS = 3


def _seed_reference_data() -> None:
    """Regions, offices and UMK, which the flush ending an earlier transactional test removed."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for module in (
        "disnaker.core.migrations.0002_seed_regions_offices",
        "disnaker.pkwt.migrations.0002_seed_minimum_wages",
    ):
        importlib.import_module(module).seed(apps, None)


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """The ``DATABASE_URL`` under which a subprocess sees this test's database (needs ``transactional_db``)."""
    connection = connections["default"]
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        _seed_reference_data()
        auth = quote(params["USER"] or "") + (
            f":{quote(params['PASSWORD'])}" if params.get("PASSWORD") else ""
        )
        yield f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
        return
    assert connection.vendor == "sqlite"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    if connection.is_in_memory_db():
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        # Closing an in-memory database destroys it: keep its connection aside, open the file instead.
        saved_connection, saved_name = connection.connection, params["NAME"]
        connection.connection = None
        params["NAME"] = str(path)
        try:
            _seed_reference_data()
            yield f"sqlite:///{path}"
        finally:
            connection.close()
            params["NAME"] = saved_name
            connection.connection = saved_connection
    else:  # a file test database (SQLITE_TEST_NAME): the workers open it directly
        _seed_reference_data()
        yield f"sqlite:///{params['NAME']}"


class Workers:
    """Starts ``manage.py db_worker`` processes and kills them; each one's output goes to a log file."""

    def __init__(self, *, database_url: str, tmp_path: Path, env: dict[str, str] | None = None):
        self.tmp_path = tmp_path
        self.processes: list[tuple[subprocess.Popen, Path]] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "worker-test-secret-key-not-for-production-0123456789",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "CACHE_BACKEND": "file",
            "CACHE_DIR": str(tmp_path / "cache"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "DECREE_SIGNING_DIR": str(settings.DECREE_SIGNING_DIR),
            "DECREE_PKCS12_PATH": "",
            "DECREE_ALLOW_DEV_CERTIFICATE": "1",
            "SITE_URL": settings.SITE_URL,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "WORKER_STALE_SECONDS": str(STALE_SECONDS),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        log = self.tmp_path / f"worker-{len(self.processes)}.log"
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        process = subprocess.Popen(
            [*command, "--interval", "0.2", *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append((process, log))
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}" for _p, log in self.processes)

    def stop_all(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)


def wait_for(condition: Callable[[], object], *, timeout: float = 60, message: str = "", workers=None):
    """Poll ``condition`` until it returns something truthy; fail with the workers' logs after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            logs = workers.logs() if workers is not None else ""
            raise AssertionError(f"timed out after {timeout} s: {message}\n{logs[-6000:]}")
        time.sleep(0.1)
