import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from disnaker.decrees.bsre.client import STATUS_MESSAGES
from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE, BsreSimulator, SimulatorConfig, SimUser


class Command(BaseCommand):
    help = (
        "Jalankan simulator esign-client BSrE (API v2) untuk uji dan demo. Tanda tangannya sungguhan "
        "(pyHanko) tetapi dengan CA uji milik simulator: BUKAN tanda tangan elektronik tersertifikasi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8089)
        parser.add_argument("--dir", default=str(Path(settings.DATA_DIR) / "bsre-simulator"),
                            help="Folder CA uji dan sertifikat penanda tangan (dibuat sekali).")  # fmt: skip
        parser.add_argument("--username", default="esign", help="Akun Basic auth aplikasi.")
        parser.add_argument("--password", default="esign-simulator", help="Kata sandi Basic auth aplikasi.")
        parser.add_argument(
            "--user",
            action="append",
            default=[],
            metavar="NIK:PASSPHRASE[:STATUS[:NAMA]]",
            help="Pengguna TTE (boleh berulang). Tanpa --user dipakai tabel demo: 3216010101800001 (ISSUE) "
            f"dan satu NIK per status lain, passphrase {DEMO_PASSPHRASE}.",
        )

    def handle(self, *args, **options):
        config = SimulatorConfig(username=options["username"], password=options["password"])
        if options["user"]:
            config.users = {}
            for spec in options["user"]:
                nik, _, rest = spec.partition(":")
                passphrase, _, rest = rest.partition(":")
                status, _, name = rest.partition(":")
                status = (status or "ISSUE").upper()
                if not nik or not passphrase or status not in STATUS_MESSAGES:
                    raise CommandError(
                        f"--user tidak dapat dibaca: NIK:PASSPHRASE[:STATUS[:NAMA]] ({nik or '?'})"
                    )
                config.users[nik] = SimUser(passphrase, status, name or "Penanda Tangan Simulator")
        simulator = BsreSimulator(Path(options["dir"]), config, host=options["host"], port=options["port"])
        self.stdout.write(f"Simulator BSrE berjalan di {simulator.url} (CA uji: {simulator.ca.ca_pem_path})")
        for nik, user in config.users.items():
            self.stdout.write(f"  {nik}  {user.status}")
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            simulator.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            simulator.server.server_close()
