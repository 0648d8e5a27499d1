import pytest
from django.core import mail

from disnaker.notifications.constants import OutboxStatus
from disnaker.notifications.models import OutboxMessage
from disnaker.notifications.services import outbox_enqueue, outbox_send


def test_a_message_is_queued_then_sent_by_the_task_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = outbox_enqueue(
            to="hrd@contoh.co.id",
            subject="Uji & coba",
            template="password_reset",
            context={"email": "hrd@contoh.co.id", "reset_url": "https://x/atur-ulang/MQ/t-1/"},
        )
    assert message.status == OutboxStatus.PENDING and len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 1 and message.sent_at
    assert mail.outbox[0].to == ["hrd@contoh.co.id"]
    assert "/atur-ulang/MQ/t-1/" in mail.outbox[0].body


def test_a_failed_send_is_recorded_for_retry(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    message = OutboxMessage.objects.create(to="a@b.co", subject="s", body="b", kind="test")
    with pytest.raises(OSError):
        outbox_send(message=message)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 1 and message.last_error


def test_email_text_is_not_html_escaped(account_request, django_capture_on_commit_callbacks):
    message = outbox_enqueue(
        to="x@y.co",
        subject="s",
        template="account_request_rejected",
        context={"account_request": account_request, "reason": "Surat kuasa & KTP <tidak> terbaca."},
    )
    assert "Surat kuasa & KTP <tidak> terbaca." in message.body
