"""CACHE_BACKEND=redis (issue 15): Django's built-in RedisCache against a real Redis (``TEST_REDIS_URL``, which
``make test`` sets from scripts/ensure_redis.sh), and a rate limit that holds across two processes."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set (make test sets it)")

# Each process waits at the barrier (a file), then counts HITS events of one subject against LIMIT.
_WORKER = """
import os, sys, time
import django
django.setup()
from django.core.cache import cache
from disnaker.core import ratelimit
scope, start_file, hits, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
from django.core.cache import caches
assert type(caches["default"]).__name__ == "RedisCache", type(caches["default"])
while not os.path.exists(start_file):
    time.sleep(0.001)
allowed = sum(ratelimit.hit(scope=scope, subject="203.0.113.9", limit=limit, window=3600) for _ in range(hits))
print(allowed)
"""


def _environment(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "CACHE_BACKEND": "redis",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "DATA_DIR": str(tmp_path),
        "LOCAL_SETTINGS_FILE": "",
    }


def test_two_processes_share_one_rate_limit_exactly(tmp_path):
    """The file cache let 34–38 requests through a limit of 30 in bursts; Redis counts atomically, so two
    processes of 40 attempts each get exactly 30 through between them."""
    scope, start = f"test-{uuid.uuid4().hex[:8]}", tmp_path / "go"
    environment = _environment(tmp_path)  # one key prefix for both: one deployment
    workers = [
        subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, "-c", _WORKER, scope, str(start), "40", "30"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    start.touch()
    results = [worker.communicate(timeout=60) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err[-2000:] for _out, err in results]
    allowed = [int(out.strip().splitlines()[-1]) for out, _err in results]
    assert sum(allowed) == 30, allowed


def test_the_redis_cache_is_configured_from_the_settings(tmp_path):
    """The settings build Django's RedisCache on REDIS_URL with this deployment's key prefix."""
    code = (
        "import django; django.setup(); from django.conf import settings; from django.core.cache import cache; "
        "cache.set('probe', 'ok', 30); print(settings.CACHES['default']['BACKEND'], cache.get('probe'), "
        "cache.make_key('probe'))"
    )
    environment = _environment(tmp_path)
    done = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    backend, value, key = done.stdout.split()
    assert (backend, value) == ("django.core.cache.backends.redis.RedisCache", "ok")
    assert key.startswith(environment["CACHE_KEY_PREFIX"] + ":")
