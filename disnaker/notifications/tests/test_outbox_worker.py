"""The outbox under a real ``manage.py db_worker``: a failing SMTP server, a hanging one, a killed worker."""

from __future__ import annotations

import re

import pytest

from disnaker.core.tests.workers import STALE_SECONDS, WORKER_DB, Workers, shared_database, wait_for
from disnaker.notifications.constants import OutboxStatus
from disnaker.notifications.models import REDACTED, OutboxMessage
from disnaker.notifications.services import outbox_retry
from disnaker.notifications.tests.smtp_sink import SmtpSink, closed_port


@pytest.fixture
def port():
    return closed_port()


@pytest.fixture
def workers(transactional_db, tmp_path, settings, port):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_SECONDS = STALE_SECONDS
    with shared_database(tmp_path) as url:
        pool = Workers(
            database_url=url,
            tmp_path=tmp_path,
            env={
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_TIMEOUT": "60",
                "OUTBOX_MAX_ATTEMPTS": "3",
                "OUTBOX_RETRY_BASE_SECONDS": "1",
            },
        )
        try:
            yield pool
        finally:
            pool.stop_all()


def _message() -> OutboxMessage:
    return OutboxMessage.objects.get(kind="account_request_approved")


@WORKER_DB
def test_a_worker_retries_with_backoff_fails_at_the_limit_and_a_lost_send_is_sent_later(
    workers, port, account_request, vera
):
    from disnaker.accounts.services import account_request_approve

    account_request_approve(account_request=account_request, actor=vera)  # queued at commit
    password = re.search(r"Kata sandi : (\S+)", _message().body).group(1)

    # Nobody listens on the port: attempts after 1 s and 2 s more, then the message is failed.
    workers.start()
    wait_for(
        lambda: _message().status == OutboxStatus.FAILED, message="failed after retries", workers=workers
    )
    message = _message()
    assert message.attempts == 3 and "ConnectionRefusedError" in message.last_error

    with SmtpSink(port) as sink:
        # The mail server accepts the connection and hangs; the worker sending is killed meanwhile.
        sink.hold.set()
        outbox_retry(messages=OutboxMessage.objects.filter(pk=message.pk))
        wait_for(lambda: sink.held, message="worker connected", workers=workers)
        workers.kill(workers.processes[0][0])
        sink.hold.clear()
        sink.release.set()

        # The next worker finds the lost send and sends the message.
        workers.start()
        wait_for(
            lambda: _message().status == OutboxStatus.SENT, message="sent after recovery", workers=workers
        )
        assert len(sink.messages) == 1 and password in sink.bodies()[0]
    message = _message()
    assert message.attempts == 2  # the lost attempt counts
    assert password not in message.body and REDACTED in message.body
    # The workers' logs tell what failed, never what the message said.
    logs = workers.logs()
    assert "not sent" in logs and password not in logs and "Kata sandi :" not in logs
