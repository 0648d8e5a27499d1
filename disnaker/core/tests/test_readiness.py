"""``/healthz`` (liveness) and ``/readyz`` (readiness, issue 15): each dependency down makes ``/readyz`` fail
with its name, never with the reason."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from disnaker.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens once the probe closes


@pytest.fixture
def worker_alive():
    return WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="localhost", pid=1, started_at=timezone.now(), last_seen=timezone.now()
    )


def test_liveness_asks_nothing(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_ready_when_everything_answers(client, worker_alive):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "worker": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


def test_not_ready_without_a_fresh_worker_heartbeat(client, worker_alive, settings):
    WorkerHeartbeat.objects.update(
        last_seen=timezone.now() - timezone.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "ok", "worker": "fail"}


def test_not_ready_when_the_cache_is_down(client, worker_alive, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "fail"
    assert "Connection" not in response.content.decode()  # the reason is logged, not shown


def test_not_ready_when_the_storage_is_down(client, worker_alive, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "disnaker", "endpoint_url": f"http://127.0.0.1:{_closed_port()}",
                "access_key": "k", "secret_key": "s", "region_name": "us-east-1",
            },
        },
    }  # fmt: skip
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "fail", "worker": "ok"}


def test_not_ready_when_the_database_is_down(tmp_path):
    """A process of its own whose PostgreSQL does not answer: /readyz says so (503) and /healthz still 200."""
    code = (
        "import django, json; django.setup(); from django.test import Client; c = Client(); "
        "r = c.get('/readyz', HTTP_HOST='localhost'); h = c.get('/healthz', HTTP_HOST='localhost'); "
        "print(json.dumps([r.status_code, json.loads(r.content), h.status_code]))"
    )
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "LOCAL_SETTINGS_FILE": "",
        "DATA_DIR": str(tmp_path), "CACHE_BACKEND": "locmem", "DB_CONN_MAX_AGE": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_closed_port()}/disnaker",
    }  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[3], env=environment,
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    status, body, liveness = json.loads(done.stdout.strip().splitlines()[-1])
    assert (status, liveness) == (503, 200)
    assert body["checks"]["database"] == "fail" and body["checks"]["worker"] == "fail"
    assert body["checks"]["cache"] == body["checks"]["storage"] == "ok"
