from django_tasks import task

from disnaker.core.worker import recoverable

from .batch import batch_lost, batch_run


def _batch_lost(batch_id: str, actor_id: int, keys: list[str]) -> None:
    batch_lost(batch_id=batch_id, actor_id=actor_id)


# Not run again when its worker dies: the passphrase was deleted when the task read it. The items signed
# stay signed (each committed on its own), the rest stay in the head's queue (batch_lost says so).
@recoverable(retries=0, on_abandon=_batch_lost)
@task()
def sign_batch(batch_id: str, actor_id: int, keys: list[str]) -> None:
    """Sign a large batch of the head's queue in the background; the queue page polls its progress."""
    batch_run(batch_id=batch_id, actor_id=actor_id, keys=keys)
