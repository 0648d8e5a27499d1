"""A background PKWT import or signing whose worker is killed: real workers, SIGKILL, then the pages.

Each worker is frozen at a known point by a named pipe (FIFO) where it reads a file: the uploaded Excel for
an import, the PKCS#12 for a signing. Opening the pipe's other end without blocking succeeds only once
the worker is waiting in that read, which is how the test knows where it is before killing it."""

from __future__ import annotations

import contextlib
import errno
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from disnaker.core.tests.files import make_pdf
from disnaker.core.tests.workers import STALE_SECONDS, WORKER_DB, Workers, shared_database, wait_for
from disnaker.pkwt import services
from disnaker.pkwt.constants import ImportStatus, RegistrationStatus
from disnaker.pkwt.models import PkwtImport, PkwtRegistration
from disnaker.pkwt.sample import sample_rows, sample_workbook

STOPPED = "terhenti, silakan impor lagi"


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


@contextlib.contextmanager
def reader_waiting(fifo: str, *, workers: Workers, timeout: float = 90):
    """Wait until a worker is blocked reading ``fifo``; keep it blocked (an open, silent writer) inside."""

    def writer():
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # nobody reads it yet
                return None
            raise

    fd = wait_for(writer, timeout=timeout, message=f"a worker reading {fifo}", workers=workers)
    try:
        yield
    finally:
        os.close(fd)


def _documents(registration, user):
    services.registration_set_documents(
        registration=registration,
        actor=user,
        documents={"application_letter": ContentFile(make_pdf()), "sample_contract": ContentFile(make_pdf())},
    )


@WORKER_DB
def test_an_import_whose_worker_is_killed_says_terhenti_at_once_and_is_failed_not_rerun(
    workers, client, settings, alice
):
    registration = services.registration_create(company=alice.company, actor=alice)
    _documents(registration, alice)
    settings.PKWT_IMPORT_SYNC_MAX_ROWS = 0  # every file goes to the background task
    rows = list(sample_rows(4, start=timezone.localdate()))
    pkwt_import = services.import_start(
        registration=registration, actor=alice, data=sample_workbook(rows), filename="p.xlsx"
    )
    assert pkwt_import.background and pkwt_import.task_id
    path = pkwt_import.file.path
    os.unlink(path)
    os.mkfifo(path)
    client.force_login(alice)
    edit = reverse("pkwt:edit", args=[registration.pk])

    first = workers.start()
    with reader_waiting(path, workers=workers):
        assert PkwtImport.objects.get(pk=pkwt_import.pk).status == ImportStatus.RUNNING
        page = client.get(edit).content.decode()
        assert "hx-get" in page and STOPPED not in page  # alive: the bar keeps polling
        workers.kill(first)
    killed_at = time.monotonic()

    # No worker runs now, yet the page already says it stopped once the heartbeat is stale.
    wait_for(lambda: STOPPED in client.get(edit).content.decode(), timeout=60, message="page says terhenti")
    assert time.monotonic() - killed_at < STALE_SECONDS + 30
    page = client.get(edit).content.decode()
    assert "hx-get" not in page and "Tunggu sampai pemeriksaan" not in page
    assert "Pemeriksaan file Excel terakhir terhenti" in page
    status_url = reverse("pkwt:import_status", args=[registration.pk, pkwt_import.pk])
    assert STOPPED in client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    task = DBTaskResult.objects.get(pk=pkwt_import.task_id)
    assert task.status == TaskResultStatus.RUNNING  # nobody has recovered it yet

    # A worker started later fails the import (a file that killed one worker would kill the next).
    workers.start()
    wait_for(
        lambda: DBTaskResult.objects.get(pk=pkwt_import.task_id).status == TaskResultStatus.FAILED,
        message="import task failed",
        workers=workers,
    )
    task = DBTaskResult.objects.get(pk=pkwt_import.task_id)
    assert len(task.worker_ids) == 1
    pkwt_import.refresh_from_db()
    assert pkwt_import.status == ImportStatus.FAILED
    assert [e["code"] for e in pkwt_import.file_errors] == [services.WORKER_LOST]
    assert STOPPED in client.get(edit).content.decode()
    assert registration.contracts.count() == 0

    # The company imports again and it goes through.
    settings.PKWT_IMPORT_SYNC_MAX_ROWS = 2000
    upload = SimpleUploadedFile("p.xlsx", sample_workbook(rows))
    client.post(edit, {"action": "import", "worker_file": upload})
    registration.refresh_from_db()
    assert registration.current_import_id != pkwt_import.pk and registration.contracts.count() == 4


@WORKER_DB
def test_a_signing_killed_with_its_number_taken_is_run_again_and_uses_one_number(
    workers, settings, tmp_path, alice, vera, hana
):
    from disnaker.decrees.models import Decree, DecreeCounter
    from disnaker.decrees.signing import ensure_dev_certificate

    ensure_dev_certificate()  # the second worker signs with it
    registration = services.registration_create(company=alice.company, actor=alice)
    _documents(registration, alice)
    rows = list(sample_rows(4, start=timezone.localdate()))
    services.import_start(
        registration=registration, actor=alice, data=sample_workbook(rows), filename="p.xlsx"
    )
    services.registration_submit(registration=registration, actor=alice)
    services.registration_verify(registration=registration, actor=vera)
    settings.DECREE_SYNC_MAX_WORKERS = 2  # four workers: signed by the background task
    registration.refresh_from_db()
    assert services.registration_approve_or_queue(registration=registration, actor=hana) is None
    task = DBTaskResult.objects.get(task_path="disnaker.pkwt.tasks.sign_registration")

    key = str(tmp_path / "key.p12")
    os.mkfifo(key)
    first = workers.start(DECREE_PKCS12_PATH=key)
    # The worker is inside the signing transaction: the counter is locked and incremented, the PDF made.
    with reader_waiting(key, workers=workers):
        workers.kill(first)

    workers.start()
    wait_for(
        lambda: DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.SUCCESSFUL,
        message="signing run again",
        workers=workers,
    )
    task.refresh_from_db()
    assert len(task.worker_ids) == 2
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED and registration.signing_state == ""
    decree = Decree.objects.get()
    assert decree.sequence == 1  # the killed attempt's number was rolled back with it: no gap
    assert [c.last_number for c in DecreeCounter.objects.all()] == [1]


def test_a_signing_lost_twice_is_shown_failed_so_the_head_can_sign_again(db, alice, vera, hana, settings):
    """What the recovery calls when the signing's one retry was lost too."""
    registration = services.registration_create(company=alice.company, actor=alice)
    PkwtRegistration.objects.filter(pk=registration.pk).update(signing_state="running", signing_stage="x")
    services.signing_worker_lost(registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.signing_state == "failed"
    assert "proses latar belakang berhenti" in registration.signing_stage
