"""What ``/readyz`` checks (issue 15): the database, the cache, the file storage and a fresh task-worker
heartbeat. Each check raises when its dependency does not answer; :func:`readiness_checks` turns that into
"ok"/"fail" per name and logs the reason (the page never shows it)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connection

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    import uuid

    from django.core.cache import cache

    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _check_storage() -> None:
    from django.core.files.storage import storages

    storages["private"].exists("readyz-probe")  # a stat on a folder, a HEAD request on a bucket


def _check_worker() -> None:
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from .models import WorkerHeartbeat

    fresh = timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    if not WorkerHeartbeat.objects.filter(last_seen__gte=fresh).exists():
        raise RuntimeError(f"no task worker heartbeat in the last {settings.WORKER_STALE_SECONDS} s")


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "storage": _check_storage,
    "worker": _check_worker,
}


def readiness_checks() -> dict[str, str]:
    outcome = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure of a dependency means "not ready"
            logger.warning("readiness check %s failed", name, exc_info=True)
            outcome[name] = "fail"
        else:
            outcome[name] = "ok"
    return outcome


def ready(checks: dict[str, str]) -> bool:
    return all(outcome == "ok" for outcome in checks.values())
