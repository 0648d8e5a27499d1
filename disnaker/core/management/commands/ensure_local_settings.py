"""Write the embedded default's settings file once: ``<DATA_DIR>/local.env``.

``make run`` calls this first (with ``DEBUG=1`` in its environment). The file holds ``DEBUG=1``, a generated
``SECRET_KEY`` and the data paths, so every later ``manage.py`` command on this checkout works as the README
prints it, with no extra variables. Production never reads the file (see ``config.settings.local_settings_path``).
An existing file is left as it is: its secret key signs the sessions and links already handed out.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from dotenv import set_key

from config.settings import local_settings_path

HEADER = (
    "# Pengaturan lokal Layanan Disnaker (bawaan tersemat), dibuat oleh `make run`.\n"
    "# Dibaca oleh setiap perintah manage.py di checkout ini; variabel lingkungan selalu menang.\n"
    "# JANGAN dipakai di produksi: produksi memakai DEBUG=0 dan SECRET_KEY sendiri, dan tidak membaca file ini.\n"
)


class Command(BaseCommand):
    help = "Buat file pengaturan lokal (DEBUG=1, SECRET_KEY acak, folder data) bila belum ada."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "File pengaturan lokal hanya untuk mode pengembangan: jalankan dengan DEBUG=1."
            )
        environ = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
        path = local_settings_path(environ)
        if path is None:
            raise CommandError("LOCAL_SETTINGS_FILE kosong: file pengaturan lokal dimatikan.")
        if path.exists():
            self.stdout.write(f"Pengaturan lokal sudah ada: {path}")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created private before the secret goes in.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(HEADER)
        data_dir = Path(settings.DATA_DIR).resolve()
        values = {
            "DEBUG": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATA_DIR": str(data_dir),
        }
        for key, value in values.items():
            set_key(path, key, value, quote_mode="never")
        self.stdout.write(f"Pengaturan lokal dibuat: {path}")
