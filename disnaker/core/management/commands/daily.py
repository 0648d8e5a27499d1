"""Run every daily job of every app (see disnaker.core.housekeeping). Run once a day from cron or a
systemd timer; one failing job is reported and does not stop the others."""

import logging

from django.core.management.base import BaseCommand, CommandError

from disnaker.core.housekeeping import daily_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Jalankan pekerjaan harian semua modul: pengingat, usulan nonaktif BKK, dan penghapusan berkas "
        "permohonan yang ditolak atau ditinggalkan setelah ABANDONED_UPLOAD_RETENTION_DAYS hari."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hanya", nargs="*", default=None, help="Jalankan hanya pekerjaan bernama ini.")

    def handle(self, *args, hanya=None, **options):
        failed = []
        for job in daily_jobs():
            if hanya and job.name not in hanya:
                continue
            try:
                line = job.run()
            except Exception as exc:  # noqa: BLE001 - one broken job must not stop the others
                logger.exception("daily job %s failed", job.name)
                self.stderr.write(f"[{job.name}] GAGAL: {type(exc).__name__}: {exc}")
                failed.append(job.name)
            else:
                self.stdout.write(f"[{job.name}] {line}")
        if failed:
            raise CommandError(f"Pekerjaan harian gagal: {', '.join(failed)}.")
