"""``core.worker.enqueue_on_commit``: a task named by its path, queued only once the transaction commits."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks import task

from disnaker.core.worker import enqueue_on_commit

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@task()
def record(value: str) -> str:
    RUNS.append(value)
    return value


@pytest.fixture(autouse=True)
def _runs():
    RUNS.clear()


def test_the_task_is_queued_when_the_transaction_commits(django_capture_on_commit_callbacks):
    results = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(f"{__name__}.record", "a", then=results.append)
        assert RUNS == []  # nothing before the commit
    assert len(callbacks) == 1 and RUNS == [
        "a"
    ]  # the immediate backend of the tests runs it when it is queued
    assert [result.return_value for result in results] == ["a"]


def test_a_delayed_task_is_not_run_early_by_a_backend_that_cannot_delay(django_capture_on_commit_callbacks):
    later = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(f"{__name__}.record", "b", run_after=later)
    assert RUNS == []
