"""Print the request-body limit of every upload page and the client_max_body_size nginx needs."""

from __future__ import annotations

import math

from django.conf import settings
from django.core.management.base import BaseCommand

from disnaker.core.middleware import largest_request_body_limit, limit_for_files

MB = 1024 * 1024


class Command(BaseCommand):
    help = "Batas ukuran kiriman per halaman unggah, dan nilai client_max_body_size untuk nginx."

    def handle(self, *args, **options):
        self.stdout.write(f"{'(halaman lain)':40} {limit_for_files(None) / MB:8.1f} MB")
        for name, files in sorted(settings.UPLOAD_REQUEST_FILES.items()):
            self.stdout.write(f"{name:40} {limit_for_files(files) / MB:8.1f} MB")
        self.stdout.write(f"client_max_body_size {math.ceil(largest_request_body_limit() / MB)}m;")
