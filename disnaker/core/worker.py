"""Background workers that die mid-task, and what becomes of their tasks.

django-tasks-db marks a task RUNNING when a worker claims it, and only that worker ever finishes it: a
worker killed mid-task (out of memory, SIGKILL, a host reboot) leaves the row RUNNING forever. So every
``manage.py db_worker`` (our command, :mod:`disnaker.core.management.commands.db_worker`) writes a
:class:`~disnaker.core.models.WorkerHeartbeat` every ``WORKER_HEARTBEAT_SECONDS``, and a RUNNING task is
*lost* once the worker that claimed it last has been silent for ``WORKER_STALE_SECONDS``.

Every worker looks for lost tasks when it starts and at each heartbeat. Per task kind (:func:`recoverable`,
declared next to the task) a lost task is queued again while it has attempts left, or else marked FAILED and
handed to the kind's ``on_abandon`` so the domain can tell its user. The number of attempts is the number of
workers that claimed the task (``DBTaskResult.worker_ids``, one entry per claim), so it needs no column of
its own. Each decision is taken on a locked row in one transaction (SQLite: an exclusive transaction;
PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED``), so two workers starting together recover a task once.

Pages ask :func:`task_abandoned` to say "terhenti" without waiting for any worker to start.

Services queue their tasks with :func:`enqueue_on_commit`, by the task's dotted path: a ``tasks`` module
imports the services it runs, and no service imports a ``tasks`` module.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: Heartbeat rows of workers gone for longer than this are deleted (their tasks were recovered long before).
HEARTBEAT_KEEP = datetime.timedelta(days=1)


class WorkerLost(Exception):  # noqa: N818 - the name is what the task admin shows as the failure's class
    """Recorded as the failure of a task whose worker stopped while running it."""


@dataclass(frozen=True)
class Recovery:
    """What to do with a task of one kind when its worker died: run it again while it has been claimed at
    most ``retries`` times before, then mark it failed and call ``on_abandon(*args, **kwargs)``."""

    retries: int = 0
    on_abandon: Callable[..., object] | None = None


#: Unknown task kinds are not run twice: only a kind that says it is idempotent is.
DEFAULT_RECOVERY = Recovery()
_RECOVERY: dict[str, Recovery] = {}
_SWEEPS: list[Callable[[], object]] = []


def recoverable(*, retries: int = 0, on_abandon: Callable[..., object] | None = None):
    """Declare, above ``@task()``, how a task of this kind is recovered when its worker dies.

    ``retries`` > 0 only for a task whose service is idempotent (running it twice has the effect of once).
    ``on_abandon`` runs in the transaction that marks the task failed, with the task's arguments."""

    def register(task):
        _RECOVERY[task.module_path] = Recovery(retries=retries, on_abandon=on_abandon)
        return task

    return register


def recovery_for(task_path: str) -> Recovery:
    if task_path not in _RECOVERY:
        with contextlib.suppress(ImportError):
            import_string(task_path)  # importing the task's module runs its @recoverable
    return _RECOVERY.get(task_path, DEFAULT_RECOVERY)


def register_sweep(sweep: Callable[[], object]) -> None:
    """Run ``sweep()`` in every worker every ``WORKER_STALE_SECONDS`` (an app's periodic catch-up, such as
    the outbox re-queuing messages whose task was lost). Apps call this from ``AppConfig.ready``."""
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)


def run_sweeps() -> None:
    for sweep in list(_SWEEPS):
        try:
            sweep()
        except Exception:
            logger.exception("Worker sweep %s failed", getattr(sweep, "__qualname__", sweep))


# --- Queueing -------------------------------------------------------------------------------------------


def enqueue_on_commit(
    task_path: str,
    *args,
    run_after: datetime.datetime | None = None,
    then: Callable[[TaskResult], object] | None = None,
) -> None:
    """Queue the task at ``task_path`` (e.g. ``"disnaker.pkwt.tasks.run_pkwt_import"``) with ``args`` once
    the current transaction commits (at once outside one), so its worker finds the rows it is given.

    The path is the one django-tasks stores with each queued task. ``run_after`` delays the task; a backend
    that cannot delay one (the immediate backend of the tests) queues nothing, so the caller needs another
    way to come back (the outbox's sweep). ``then(result)`` runs right after the enqueue (to keep the
    task's id)."""

    def enqueue() -> None:
        task = import_string(task_path)
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=run_after)
        result = task.enqueue(*args)
        if then is not None:
            then(result)

    transaction.on_commit(enqueue)


# --- Heartbeats -----------------------------------------------------------------------------------------


def _stale_seconds() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def heartbeat_register(*, worker_id: str) -> datetime.datetime:
    """A worker process starts: a fresh row, even when an earlier process used the same ``--worker-id``
    (its tasks, claimed before this start, then count as lost); returns the start time."""
    now = timezone.now()
    with transaction.atomic():
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=now,
            last_seen=now,
        )
    return now


def heartbeat_beat(*, worker_id: str) -> datetime.datetime:
    """Record that ``worker_id`` is alive now; returns the time."""
    now = timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=now):
        heartbeat_register(worker_id=worker_id)  # its row was purged meanwhile
    return now


def heartbeat_remove(*, worker_id: str) -> None:
    """A worker that stops cleanly says so: a task it left RUNNING is then recovered at once."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def heartbeats_purge() -> int:
    return WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - HEARTBEAT_KEEP).delete()[0]


# --- Lost tasks -----------------------------------------------------------------------------------------


def _lost(rows: list[tuple], *, reference: datetime.datetime) -> list:
    """The ids among ``rows`` of (id, worker_ids, started_at) whose last worker has not beaten since
    ``reference - WORKER_STALE_SECONDS``."""
    cutoff = reference - _stale_seconds()
    last_workers = {ids[-1] for _id, ids, _started in rows if ids}
    alive = dict(
        WorkerHeartbeat.objects.filter(worker_id__in=last_workers, last_seen__gte=cutoff).values_list(
            "worker_id", "started_at"
        )
    )

    def claimed_by_a_live_worker(ids, started) -> bool:
        # The live process must have started before the claim: a worker restarted under the same
        # --worker-id is not the one that claimed the task.
        began = alive.get(ids[-1]) if ids else None
        return began is not None and (started is None or began <= started)

    return [
        task_id
        for task_id, ids, started in rows
        # A task claimed moments ago by a worker whose first beat we cannot see yet is given the same grace.
        if not claimed_by_a_live_worker(ids, started) and (started is None or started < cutoff)
    ]


def lost_task_ids(*, reference: datetime.datetime | None = None) -> list:
    """RUNNING tasks whose worker is gone. ``reference`` is when the caller last knew the database was
    writable for it (see :func:`recover_lost_tasks`); by default now."""
    rows = list(DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at"))
    return _lost(rows, reference=reference or timezone.now()) if rows else []


def recover_lost_tasks(*, reference: datetime.datetime | None = None) -> list[tuple[str, str]]:
    """Queue again, or mark failed, every lost task; returns ``[(task_id, "requeued" | "failed")]``.

    ``reference`` should be the recovering worker's *previous* successful heartbeat. On SQLite one long
    write transaction blocks every worker's heartbeat at once; when it ends, the others look as silent as we
    were, and judging them against our previous beat (not against now) keeps us from declaring them dead."""
    reference = reference or timezone.now()
    done = []
    for task_id in lost_task_ids(reference=reference):
        try:
            action = _recover_one(task_id, reference=reference)
        except Exception:
            logger.exception("Recovering task %s failed", task_id)
            continue
        if action:
            done.append((str(task_id), action))
    return done


def _recover_one(task_id, *, reference: datetime.datetime) -> str | None:
    with exclusive_transaction(DBTaskResult.objects.db):
        row = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        # Gone, finished, or another worker is deciding right now (its lock): nothing for us to do.
        if row is None or not _lost([(row.pk, row.worker_ids, row.started_at)], reference=reference):
            return None
        policy = recovery_for(row.task_path)
        worker = row.worker_ids[-1] if row.worker_ids else "?"
        if len(row.worker_ids) <= policy.retries:
            row.status = TaskResultStatus.READY
            row.save(update_fields=["status"])
            logger.warning("Task %s (%s): worker %s stopped; queued again", row.pk, row.task_path, worker)
            return "requeued"
        error = WorkerLost(
            f"Pekerja {worker} berhenti saat menjalankan tugas ini (tidak ada detak sejak "
            f"{settings.WORKER_STALE_SECONDS} detik); percobaan ke-{len(row.worker_ids)}."
        )
        row.status = TaskResultStatus.FAILED
        row.finished_at = timezone.now()
        row.return_value = None
        row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
        row.traceback = f"{row.exception_class_path}: {error}\n"
        row.save(update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"])
        logger.warning("Task %s (%s): worker %s stopped; marked failed", row.pk, row.task_path, worker)
        if policy.on_abandon is not None:
            try:
                with transaction.atomic():
                    policy.on_abandon(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
            except Exception:
                logger.exception("on_abandon of task %s (%s) failed", row.pk, row.task_path)
        return "failed"


def task_abandoned(task_id: str) -> bool | None:
    """Whether the database task ``task_id`` will never finish its work by itself: it is RUNNING on a worker
    that stopped beating, or it already ended (a task that ended while the page's own record still says
    "running" was cut short). ``None`` when there is no such task row (another task backend)."""
    try:
        uuid.UUID(str(task_id))
    except ValueError:
        return None
    row = (
        DBTaskResult.objects.filter(pk=task_id)
        .values_list("id", "status", "worker_ids", "started_at")
        .first()
    )
    if row is None:
        return None
    pk, status, worker_ids, started_at = row
    if status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        return True
    if status == TaskResultStatus.RUNNING:
        return bool(_lost([(pk, worker_ids, started_at)], reference=timezone.now()))
    return False
