import time

from django.core.management.base import BaseCommand

from disnaker.decrees.models import Decree


class Command(BaseCommand):
    help = (
        "Cari berkas PDF SK di penyimpanan privat yang tidak dimiliki SK mana pun (sisa transaksi yang batal "
        "setelah berkasnya tersimpan), lalu hapus dengan --hapus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hapus", action="store_true", help="Hapus berkas yatim (default: hanya daftar)."
        )
        parser.add_argument(
            "--umur-menit", type=int, default=60, help="Abaikan berkas yang lebih muda dari ini (default 60)."
        )

    def handle(self, *args, hapus=False, umur_menit=60, **options):
        storage = Decree._meta.get_field("pdf").storage
        known = set(Decree.objects.values_list("pdf", flat=True))
        cutoff = time.time() - umur_menit * 60
        found = 0
        for name in _walk(storage, "decrees"):
            if name in known or storage.get_modified_time(name).timestamp() > cutoff:
                continue
            found += 1
            self.stdout.write(name)
            if hapus:
                storage.delete(name)
        verb = "dihapus" if hapus else "ditemukan"
        self.stdout.write(f"{found} berkas yatim {verb}.")


def _walk(storage, folder: str):
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _walk(storage, f"{folder}/{sub}")
