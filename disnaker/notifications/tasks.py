from django_tasks import task

from .models import OutboxMessage
from .services import outbox_send


@task()
def send_outbox_message(message_id: int) -> str:
    message = OutboxMessage.objects.get(pk=message_id)
    return outbox_send(message=message).status
