from django_tasks import task

from .services import import_run_safely


@task()
def run_pkwt_import(pkwt_import_id: int) -> None:
    """Validate and save a large worker Excel in the background; the page polls its progress."""
    import_run_safely(pkwt_import_id=pkwt_import_id)


@task()
def sign_registration(registration_id: int) -> None:
    """Render and sign a large decree in the background; the review page polls the stage."""
    from .services import signing_run

    signing_run(registration_id=registration_id)
