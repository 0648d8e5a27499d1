"""Daily jobs of BKK and PAK (run by ``manage.py daily``; ``manage.py bkk_flag_inactive`` runs the BKK ones
alone)."""

from django.conf import settings

from disnaker.core.housekeeping import daily_job

from . import services
from .forms import discard_stale_kept


@daily_job("bkk_inactivity")
def bkk_inactivity() -> str:
    proposed = sum(services.bkk_propose_inactivation_per_office().values())
    reminded = services.bkk_send_report_reminders()
    return (
        f"{proposed} BKK diusulkan nonaktif (tanpa laporan penempatan {settings.BKK_INACTIVATION_MONTHS} "
        f"bulan); {reminded} BKK diingatkan lewat e-mail (tanpa laporan {settings.BKK_REPORT_OVERDUE_MONTHS} "
        "bulan)."
    )


@daily_job("bkk_files")
def bkk_files() -> str:
    kept = discard_stale_kept()
    rejected = services.bkk_rejected_files_purge()
    return (
        f"{kept} berkas sementara pendaftaran BKK yang tidak dilanjutkan dihapus; dokumen {rejected} "
        f"pendaftaran BKK yang ditolak lebih dari {settings.ABANDONED_UPLOAD_RETENTION_DAYS} hari dihapus."
    )
