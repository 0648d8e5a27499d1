from django_tasks import task

from disnaker.core.worker import recoverable

from .services import import_run_safely, import_worker_lost, signing_run, signing_worker_lost


def _import_lost(pkwt_import_id: int) -> None:
    import_worker_lost(pkwt_import_id=pkwt_import_id)


def _signing_lost(registration_id: int) -> None:
    signing_worker_lost(registration_id=registration_id)


# Not run again when its worker dies: the company is told "terhenti, silakan impor lagi" (see
# import_worker_lost for why).
@recoverable(retries=0, on_abandon=_import_lost)
@task()
def run_pkwt_import(pkwt_import_id: int) -> None:
    """Validate and save a large worker Excel in the background; the page polls its progress."""
    import_run_safely(pkwt_import_id=pkwt_import_id)


# Run again once: a killed signing rolled back (no number used) and a finished one is returned, not redone.
@recoverable(retries=1, on_abandon=_signing_lost)
@task()
def sign_registration(registration_id: int) -> None:
    """Render and sign a large decree in the background; the review page polls the stage."""
    signing_run(registration_id=registration_id)
