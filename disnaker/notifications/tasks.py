from django_tasks import task

from disnaker.core.worker import recoverable

from .models import OutboxMessage
from .services import outbox_release, outbox_send


def _send_lost(message_id: int) -> None:
    outbox_release(message_id=message_id)


# A send whose worker died is not simply re-run (its claim still holds the message for SEND_LEASE): the
# message is made due again and a fresh task sends it, counted as one more attempt.
@recoverable(retries=0, on_abandon=_send_lost)
@task()
def send_outbox_message(message_id: int) -> str:
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    return outbox_send(message=message).status
