from django_tasks import task

from disnaker.core.worker import recoverable

from .services import certificates_run, certificates_worker_lost


def _certificates_lost(training_id: int, actor_id: int) -> None:
    certificates_worker_lost(training_id=training_id)


# Run again once: certificates_issue skips participants who already have a valid certificate, and each
# certificate (with its e-mail) commits on its own, so a second run issues only the missing ones.
@recoverable(retries=1, on_abandon=_certificates_lost)
@task()
def issue_certificates(training_id: int, actor_id: int) -> None:
    """Issue a large training's certificates in the background; the detail page shows how many are done."""
    certificates_run(training_id=training_id, actor_id=actor_id)
