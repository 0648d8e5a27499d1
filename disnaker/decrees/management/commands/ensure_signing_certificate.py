from django.core.management.base import BaseCommand

from disnaker.decrees.signing import DEV_CERT_NAME, ensure_dev_certificate


class Command(BaseCommand):
    help = (
        "Buat sertifikat tanda tangan pengembangan (self-signed, RSA 2048) untuk SK bila belum ada. "
        "Sertifikat ini BUKAN tanda tangan elektronik sah."
    )

    def handle(self, *args, **options):
        path, created = ensure_dev_certificate()
        state = "dibuat" if created else "sudah ada"
        self.stdout.write(f"Sertifikat pengembangan {state}: {path}")
        self.stdout.write(f"CN: {DEV_CERT_NAME}")
