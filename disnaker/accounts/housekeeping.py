"""Daily jobs of accounts (run by ``manage.py daily``)."""

from django.conf import settings

from disnaker.core.housekeeping import daily_job

from . import services


@daily_job("account_request_files")
def rejected_account_request_files() -> str:
    count = services.account_request_files_purge()
    return (
        f"Dokumen {count} permohonan akun yang ditolak lebih dari "
        f"{settings.ABANDONED_UPLOAD_RETENTION_DAYS} hari dihapus."
    )
