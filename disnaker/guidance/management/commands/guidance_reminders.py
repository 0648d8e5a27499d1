"""E-mail each kab/kota office its overdue guidance follow-ups. Run daily (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from disnaker.guidance import services


class Command(BaseCommand):
    help = "Kirim pengingat tindak lanjut pembinaan BKK yang melewati batas waktu kepada verifikator dan Kepala Dinas."

    def handle(self, *args, **options):
        sent = services.follow_up_reminders()
        self.stdout.write(f"{sent} e-mail pengingat tindak lanjut pembinaan dikirim.")
