"""Concurrent issuing on PostgreSQL: row locks are what keep numbers gapless and decrees single.

SQLite serialises writers with IMMEDIATE transactions, so these tests would prove nothing there."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree, DecreeCounter
from disnaker.decrees.tests.helpers import registration_with_workers
from disnaker.pkwt.documents import pkwt_decree_for

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_in_threads(jobs) -> tuple[list, list]:
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def work(job):
        try:
            barrier.wait(timeout=30)
            result = job()
            with lock:
                results.append(result)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_twenty_subjects_at_once_get_sequences_one_to_twenty(alice, hana, office):
    registrations = [registration_with_workers(alice, office, 2, seed=i) for i in range(20)]
    results, errors = _run_in_threads([lambda r=r: pkwt_decree_for(r, hana).sequence for r in registrations])
    assert errors == []
    assert sorted(results) == list(range(1, 21))
    assert sorted(Decree.objects.values_list("sequence", flat=True)) == list(range(1, 21))
    assert len(set(Decree.objects.values_list("number", flat=True))) == 20
    assert DecreeCounter.objects.get(office=office, kind=DecreeKind.PKWT_REGISTRATION).last_number == 20


def test_five_requests_for_the_same_subject_make_one_decree(alice, hana, office):
    registration = registration_with_workers(alice, office, 2)
    results, errors = _run_in_threads([lambda: pkwt_decree_for(registration, hana).pk for _ in range(5)])
    assert errors == []
    assert len(results) == 5 and len(set(results)) == 1
    assert Decree.objects.count() == 1
    assert DecreeCounter.objects.get(office=office, kind=DecreeKind.PKWT_REGISTRATION).last_number == 1
