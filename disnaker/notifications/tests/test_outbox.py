import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from disnaker.notifications.constants import OutboxStatus
from disnaker.notifications.models import REDACTED, OutboxMessage
from disnaker.notifications.services import (
    OVERDUE_AFTER,
    outbox_enqueue,
    outbox_requeue_overdue,
    outbox_send,
)
from disnaker.notifications.tests.smtp_sink import SmtpSink, closed_port


def _reset_context():
    return {"email": "hrd@contoh.co.id", "reset_url": "https://x/atur-ulang/MQ/t-1/"}


def test_a_message_is_queued_then_sent_by_the_task_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = outbox_enqueue(
            to="hrd@contoh.co.id", subject="Uji & coba", template="password_reset", context=_reset_context()
        )
    assert message.status == OutboxStatus.PENDING and len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 1 and message.sent_at
    assert mail.outbox[0].to == ["hrd@contoh.co.id"]
    assert "/atur-ulang/MQ/t-1/" in mail.outbox[0].body
    # The copy kept in the outbox no longer holds the link.
    assert "t-1" not in message.body and REDACTED in message.body


@pytest.fixture
def smtp(db, settings):
    """Django's real SMTP backend, pointed at loopback (no TLS); the tests set the port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", False, 5
    settings.OUTBOX_MAX_ATTEMPTS, settings.OUTBOX_RETRY_BASE_SECONDS = 3, 60
    return settings


def _due_now(message):
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_a_failed_send_is_tried_again_with_backoff_then_marked_failed_at_the_limit(smtp):
    smtp.EMAIL_PORT = closed_port()
    message = OutboxMessage.objects.create(to="a@b.co", subject="s", body="b", kind="test")
    started = timezone.now()
    message = outbox_send(message=message)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    first_wait = message.next_attempt_at - started
    assert datetime.timedelta(seconds=59) < first_wait < datetime.timedelta(seconds=70)

    # Not due yet: a second task for it (a duplicate, or a worker that woke early) sends nothing.
    assert outbox_send(message=message).attempts == 1

    _due_now(message)
    started = timezone.now()
    message = outbox_send(message=message)
    assert message.status == OutboxStatus.PENDING and message.attempts == 2
    assert (
        datetime.timedelta(seconds=119) < message.next_attempt_at - started < datetime.timedelta(seconds=130)
    )

    _due_now(message)
    message = outbox_send(message=message)
    assert message.status == OutboxStatus.FAILED and message.attempts == 3 and message.next_attempt_at is None
    assert outbox_send(message=message).attempts == 3  # failed stays failed until an admin retries


def test_an_admin_sees_failed_messages_with_their_error_and_retries_them(
    client, smtp, adam, account_request, vera, django_capture_on_commit_callbacks
):
    from disnaker.accounts.services import account_request_approve

    smtp.EMAIL_PORT = closed_port()
    smtp.OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        account_request_approve(account_request=account_request, actor=vera)
    message = OutboxMessage.objects.get(kind="account_request_approved")
    password = re.search(r"Kata sandi : (\S+)", message.body).group(1)
    assert message.status == OutboxStatus.FAILED and message.last_error

    client.force_login(adam)
    changelist = reverse("admin:notifications_outboxmessage_changelist")
    listed = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert account_request.email in listed and "ConnectionRefusedError" in listed
    detail = client.get(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    ).content.decode()
    assert REDACTED in detail and password not in detail  # even before it is sent

    with SmtpSink() as sink:
        smtp.EMAIL_PORT = sink.port
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(changelist, {"action": "retry", "_selected_action": [message.pk]})
        assert response.status_code == 302
        assert sink.messages and password in sink.bodies()[0]
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 1
    assert password not in message.body and REDACTED in message.body


def test_a_message_whose_task_was_lost_is_sent_by_the_sweep_once(db, django_capture_on_commit_callbacks):
    overdue = OutboxMessage.objects.create(to="a@b.co", subject="lama", body="b", kind="test")
    recent = OutboxMessage.objects.create(to="c@d.co", subject="baru", body="b", kind="test")
    OutboxMessage.objects.filter(pk=overdue.pk).update(
        next_attempt_at=timezone.now() - OVERDUE_AFTER - datetime.timedelta(minutes=1)
    )
    OutboxMessage.objects.filter(pk=recent.pk).update(next_attempt_at=timezone.now())
    # Queued after commit (at once in a worker, which runs the sweep outside a transaction); the immediate
    # task backend then sends it.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_requeue_overdue() == 1
    assert [m.subject for m in mail.outbox] == ["lama"]
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_requeue_overdue() == 0
    assert len(mail.outbox) == 1
    recent.refresh_from_db()
    assert recent.status == OutboxStatus.PENDING


def test_a_sent_message_is_never_sent_again(db):
    message = OutboxMessage.objects.create(to="a@b.co", subject="s", body="b", kind="test")
    outbox_send(message=message)
    outbox_send(message=message)
    assert len(mail.outbox) == 1


def _secret_cases():
    """(name, make) pairs: ``make(request)`` runs a real service and returns (message, its secret)."""

    def approved(request):
        from disnaker.accounts.services import account_request_approve

        account_request_approve(
            account_request=request.getfixturevalue("account_request"), actor=request.getfixturevalue("vera")
        )
        message = OutboxMessage.objects.get(kind="account_request_approved")
        return message, re.search(r"Kata sandi : (\S+)", message.body).group(1)

    def reset(request):
        client, alice = request.getfixturevalue("client"), request.getfixturevalue("alice")
        client.post(reverse("accounts:password_reset"), {"email": alice.email})
        message = OutboxMessage.objects.get(kind="password_reset")
        return message, re.search(r"\S+/atur-ulang/\S+/", message.body).group(0)

    def invitation(request):
        pak = request.getfixturevalue("pak")
        message = OutboxMessage.objects.get(kind="pak_invitation", to=pak.email)
        return message, re.search(r"\S+/pak/undangan/\S+", message.body).group(0)

    def bkk_registered(request):
        request.getfixturevalue("bkk")
        message = OutboxMessage.objects.get(kind="bkk_registered")
        return message, re.search(r"Kata sandi : (\S+)", message.body).group(1)

    def bkk_revision(request):
        from disnaker.placement import services
        from disnaker.placement.tests.helpers import bkk_data

        bkk = services.bkk_apply(data=bkk_data(email="ulang@smkn5.sch.id"))
        services.bkk_request_revision(bkk=bkk, actor=request.getfixturevalue("vera"), note="Lengkapi izin.")
        message = OutboxMessage.objects.get(kind="bkk_needs_revision")
        return message, re.search(r"\S+" + re.escape(bkk.edit_token) + r"\S*", message.body).group(0)

    return [("approved", approved), ("reset", reset), ("invitation", invitation),
            ("bkk_registered", bkk_registered), ("bkk_revision", bkk_revision)]  # fmt: skip


@pytest.mark.parametrize(
    "make", [make for _name, make in _secret_cases()], ids=[n for n, _m in _secret_cases()]
)
def test_a_sent_message_keeps_no_password_or_link_in_the_outbox(db, request, make):
    message, secret = make(request)
    assert len(secret) >= 10 and secret in message.body  # kept until it has gone out
    assert secret not in message.redacted_body()  # what the admin page shows
    mail.outbox.clear()
    message = outbox_send(message=message)
    assert message.status == OutboxStatus.SENT
    assert secret in mail.outbox[0].body  # the e-mail itself is unchanged
    message.refresh_from_db()
    assert secret not in message.body and REDACTED in message.body and message.secrets == []


def test_email_text_is_not_html_escaped(account_request, django_capture_on_commit_callbacks):
    message = outbox_enqueue(
        to="x@y.co",
        subject="s",
        template="account_request_rejected",
        context={"account_request": account_request, "reason": "Surat kuasa & KTP <tidak> terbaca."},
    )
    assert "Surat kuasa & KTP <tidak> terbaca." in message.body
