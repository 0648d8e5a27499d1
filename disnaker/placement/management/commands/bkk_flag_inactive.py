"""Propose for inactivation the registered BKKs with no placement report for BKK_INACTIVATION_MONTHS.

Run daily (cron/systemd timer). An officer confirms each proposal on the BKK's page ("Konfirmasi usulan
nonaktif"); nothing is deactivated here. BKKs flagged for monitoring (no report for BKK_REPORT_OVERDUE_MONTHS)
get an e-mail reminder, at most monthly. It also deletes the PDFs kept from public applications that were
never completed (older than a day) and the documents of applications rejected more than
ABANDONED_UPLOAD_RETENTION_DAYS ago. ``manage.py daily`` runs all of this together with every other daily job.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from disnaker.placement import services
from disnaker.placement.forms import discard_stale_kept


class Command(BaseCommand):
    help = "Tandai BKK terdaftar yang tidak melapor selama BKK_INACTIVATION_MONTHS bulan sebagai diusulkan nonaktif."

    def handle(self, *args, **options):
        marked = {
            office.name: count for office, count in services.bkk_propose_inactivation_per_office().items()
        }
        self.stdout.write(
            f"{sum(marked.values())} BKK diusulkan nonaktif (tanpa laporan penempatan "
            f"{settings.BKK_INACTIVATION_MONTHS} bulan)."
        )
        for name, count in marked.items():
            if count:
                self.stdout.write(f"  {name}: {count}")
        reminded = services.bkk_send_report_reminders()
        self.stdout.write(
            f"{reminded} BKK diingatkan lewat e-mail (tanpa laporan penempatan {settings.BKK_REPORT_OVERDUE_MONTHS} bulan)."
        )
        removed = discard_stale_kept()
        if removed:
            self.stdout.write(f"{removed} berkas sementara pendaftaran BKK yang tidak dilanjutkan dihapus.")
        purged = services.bkk_rejected_files_purge()
        if purged:
            self.stdout.write(
                f"Dokumen {purged} pendaftaran BKK yang ditolak lebih dari "
                f"{settings.ABANDONED_UPLOAD_RETENTION_DAYS} hari dihapus."
            )
