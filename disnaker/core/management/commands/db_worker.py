"""``manage.py db_worker``: django-tasks-db's worker, plus a heartbeat and the recovery of lost tasks.

The worker loop itself is the library's. Around it a thread writes this worker's heartbeat every
``WORKER_HEARTBEAT_SECONDS``, recovers the tasks of workers that stopped beating (at start-up, then at every
beat) and runs the apps' sweeps every ``WORKER_STALE_SECONDS``; see :mod:`disnaker.core.worker`. A thread,
because the loop is busy for minutes inside a large import or signing and must still be seen alive.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.db import connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand

from disnaker.core import worker as lifecycle

logger = logging.getLogger("disnaker.core.worker")


class Lifeline:
    """The heartbeat thread of one worker process."""

    def __init__(self, *, worker_id: str, interval: float, sweep_every: float):
        self.worker_id = worker_id
        self.interval = interval
        self.sweep_every = sweep_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)
        self._last_beat = timezone.now()
        self._last_sweep = 0.0

    def start(self) -> None:
        # Registered before the loop claims anything, so no task of ours is ever taken for a dead worker's.
        self._last_beat = lifecycle.heartbeat_register(worker_id=self.worker_id)
        self._recover(reference=self._last_beat)
        connection.close()  # the loop opens its own; this thread's start-up work used the main connection
        self._thread.start()

    def _recover(self, *, reference) -> None:
        for task_id, action in lifecycle.recover_lost_tasks(reference=reference):
            logger.warning("Recovered task %s: %s", task_id, action)

    def _run(self) -> None:
        blocked = False
        while not self._stop.wait(self.interval):
            try:
                previous = self._last_beat
                self._last_beat = lifecycle.heartbeat_beat(worker_id=self.worker_id)
                if blocked:
                    logger.info("Heartbeat of worker %s written again", self.worker_id)
                    blocked = False
                self._recover(reference=previous)
                if time.monotonic() - self._last_sweep >= self.sweep_every:
                    self._last_sweep = time.monotonic()
                    lifecycle.run_sweeps()
                    lifecycle.heartbeats_purge()
            except Exception:
                # A locked SQLite file or a dropped connection: try again at the next beat.
                if not blocked:
                    logger.warning("Heartbeat of worker %s failed; retrying", self.worker_id, exc_info=True)
                blocked = True
                connection.close()
        connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 30)
        try:
            lifecycle.heartbeat_remove(worker_id=self.worker_id)
        except Exception:
            logger.warning("Could not remove the heartbeat of worker %s", self.worker_id, exc_info=True)


class Command(LibraryCommand):
    help = "Run the background task worker (with a heartbeat and recovery of tasks whose worker died)"

    def handle(self, *args, **options) -> None:
        from django.conf import settings

        reloading = options.get("reload") and not options.get("batch")
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only restarts a child process, which runs tasks and beats itself.
            return super().handle(*args, **options)
        lifeline = Lifeline(
            worker_id=options["worker_id"],
            interval=settings.WORKER_HEARTBEAT_SECONDS,
            sweep_every=settings.WORKER_STALE_SECONDS,
        )
        lifeline.start()
        try:
            return super().handle(*args, **options)
        finally:
            lifeline.stop()
