from django_tasks import task


@task()
def issue_certificates(training_id: int, actor_id: int) -> None:
    """Issue a large training's certificates in the background; the detail page shows how many are done."""
    from .services import certificates_run

    certificates_run(training_id=training_id, actor_id=actor_id)
