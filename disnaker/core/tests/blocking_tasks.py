"""Tasks for the worker tests: each run writes a line to ``<folder>/runs`` and then waits until the file
``<folder>/release`` exists, so a test can kill its worker while it runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

from disnaker.core.worker import recoverable


def _run(folder: str) -> str:
    with Path(folder, "runs").open("a") as runs:
        runs.write(f"{os.getpid()}\n")
    while not Path(folder, "release").exists():
        time.sleep(0.05)
    return "done"


def _abandoned(folder: str) -> None:
    with Path(folder, "abandoned").open("a") as abandoned:
        abandoned.write(f"{os.getpid()}\n")


@recoverable(retries=1, on_abandon=_abandoned)
@task()
def block_idempotent(folder: str) -> str:
    return _run(folder)


@recoverable(retries=0, on_abandon=_abandoned)
@task()
def block_once(folder: str) -> str:
    return _run(folder)


@task()
def block_undeclared(folder: str) -> str:
    return _run(folder)


@task()
def record(folder: str, number: int) -> int:
    """One line ``<number> <pid>`` per run (a single small ``O_APPEND`` write, whole even when several
    workers append at once), after 10 ms of work, so that four workers have each other's tasks to share."""
    time.sleep(0.01)
    descriptor = os.open(Path(folder, "runs"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, f"{number} {os.getpid()}\n".encode())
    finally:
        os.close(descriptor)
    return number
