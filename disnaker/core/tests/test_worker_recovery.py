"""A task worker killed mid-task: real ``manage.py db_worker`` processes, SIGKILL, and the row afterwards."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from disnaker.core.models import WorkerHeartbeat
from disnaker.core.tests import blocking_tasks
from disnaker.core.tests.workers import STALE_SECONDS, WORKER_DB, Workers, shared_database, wait_for

pytestmark = WORKER_DB


@pytest.fixture
def workers(transactional_db, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_SECONDS = STALE_SECONDS
    with shared_database(tmp_path) as url:
        pool = Workers(database_url=url, tmp_path=tmp_path)
        try:
            yield pool
        finally:
            pool.stop_all()


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _row(result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result.id)


def test_a_killed_workers_idempotent_task_runs_again_once_then_fails_when_killed_again(workers, tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    result = blocking_tasks.block_idempotent.enqueue(str(folder))
    first = workers.start()
    wait_for(lambda: len(_lines(folder / "runs")) == 1, message="first run", workers=workers)

    # A worker that keeps beating keeps its task, however long it runs: another worker leaves it alone.
    workers.start()
    time.sleep(STALE_SECONDS * 2 + 1)
    assert _row(result).status == TaskResultStatus.RUNNING and len(_lines(folder / "runs")) == 1

    workers.kill(first)
    # Two more workers start at the same moment; with the one already running, three could recover it.
    workers.start(), workers.start()
    wait_for(lambda: len(_lines(folder / "runs")) == 2, message="second run", workers=workers)
    time.sleep(STALE_SECONDS * 2 + 1)
    row = _row(result)
    assert len(_lines(folder / "runs")) == 2, "run again more than once"
    assert row.status == TaskResultStatus.RUNNING and len(row.worker_ids) == 2
    assert not (folder / "abandoned").exists()

    # Killed again: it has had its one retry, so it fails, and its kind is told once.
    second_pid = int(_lines(folder / "runs")[1])
    workers.kill(next(p for p, _log in workers.processes if p.pid == second_pid))
    wait_for(lambda: _row(result).status == TaskResultStatus.FAILED, message="marked failed", workers=workers)
    row = _row(result)
    assert row.exception_class_path == "disnaker.core.worker.WorkerLost"
    assert "berhenti saat menjalankan tugas ini" in row.traceback
    time.sleep(STALE_SECONDS + 1)
    assert len(_lines(folder / "abandoned")) == 1 and len(_lines(folder / "runs")) == 2


@pytest.mark.parametrize("kind", ["block_once", "block_undeclared"])
def test_two_workers_starting_together_fail_a_lost_task_that_must_not_run_twice_once(workers, tmp_path, kind):
    folder = tmp_path / "task"
    folder.mkdir()
    result = getattr(blocking_tasks, kind).enqueue(str(folder))
    first = workers.start()
    wait_for(lambda: len(_lines(folder / "runs")) == 1, message="first run", workers=workers)
    workers.kill(first)
    workers.start(), workers.start()
    wait_for(lambda: _row(result).status == TaskResultStatus.FAILED, message="marked failed", workers=workers)
    time.sleep(STALE_SECONDS + 1)
    row = _row(result)
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 1
    assert len(_lines(folder / "runs")) == 1
    # block_once tells its kind; a task kind that declared nothing is simply failed (never run twice).
    assert len(_lines(folder / "abandoned")) == (1 if kind == "block_once" else 0)


def test_a_worker_restarted_under_the_same_id_does_not_keep_its_earlier_lives_task(workers, tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    result = blocking_tasks.block_once.enqueue(str(folder))
    first = workers.start("--worker-id", "worker-1")
    wait_for(lambda: len(_lines(folder / "runs")) == 1, message="first run", workers=workers)
    workers.kill(first)
    workers.start("--worker-id", "worker-1")  # e.g. a service manager restarting the same unit
    wait_for(lambda: _row(result).status == TaskResultStatus.FAILED, message="marked failed", workers=workers)
    assert len(_lines(folder / "abandoned")) == 1 and len(_lines(folder / "runs")) == 1


def test_a_worker_that_stops_cleanly_removes_its_heartbeat(workers):
    import signal

    process = workers.start()
    wait_for(lambda: WorkerHeartbeat.objects.exists(), message="heartbeat", workers=workers)
    beat = WorkerHeartbeat.objects.get()
    assert beat.pid == process.pid
    wait_for(
        lambda: WorkerHeartbeat.objects.get().last_seen > beat.last_seen, message="beats", workers=workers
    )
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert not WorkerHeartbeat.objects.exists()


def test_four_workers_take_two_hundred_queued_tasks_exactly_once_each(workers, tmp_path):
    """Issue 15: several ``db_worker`` processes on one database claim each task once (PostgreSQL: ``FOR
    UPDATE SKIP LOCKED``; SQLite: an exclusive transaction), and share the work."""
    folder = tmp_path / "many"
    folder.mkdir()
    for _ in range(4):
        workers.start()
    # All four polling before the first task is queued: otherwise the first to start may take them all.
    wait_for(
        lambda: WorkerHeartbeat.objects.count() == 4, timeout=120, message="4 heartbeats", workers=workers
    )
    results = [blocking_tasks.record.enqueue(str(folder), number) for number in range(200)]
    ids = [result.id for result in results]

    def all_done() -> bool:
        return DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.SUCCESSFUL).count() == 200

    wait_for(all_done, timeout=180, message="200 tasks done", workers=workers)
    runs = [line.split() for line in (folder / "runs").read_text().splitlines()]
    numbers = sorted(int(number) for number, _pid in runs)
    assert numbers == list(range(200)), "a task ran twice or not at all"
    rows = DBTaskResult.objects.filter(id__in=ids)
    assert all(len(row.worker_ids) == 1 for row in rows), "a task was claimed by more than one worker"
    assert {row.return_value for row in rows} == set(range(200))
    pids = {pid for _number, pid in runs}
    assert 2 <= len(pids) <= 4, f"the work was not shared: {len(pids)} worker(s) ran it"
