"""Create one demo account per role (``<role>@demo.local``) and print them, with each app's demo data
(``<app>/demo.py``: a BKK with its PAK, their guidance and training, a company's PKWT registration). Idempotent.

Development only: the accounts share one known password (DEMO_PASSWORD, ``demo12345`` by default), an
admin among them, so the command refuses to run when DEBUG is off.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from disnaker.accounts.constants import CompanyLegalForm, CompanyScale, Role
from disnaker.accounts.models import Company, User
from disnaker.core.models import Office
from disnaker.guidance.demo import seed_guidance_demo
from disnaker.pkwt.demo import seed_demo_registration
from disnaker.placement.demo import seed_placement_demo
from disnaker.placement.models import PlacementOfficer
from disnaker.training.demo import seed_training_demo


class Command(BaseCommand):
    help = "Buat akun demo untuk setiap peran (kata sandi dari DEMO_PASSWORD)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo hanya untuk pengembangan (DEBUG=1): akun demo memakai satu kata sandi yang "
                "diketahui umum, termasuk akun admin. Perintah tidak dijalankan."
            )
        with transaction.atomic():
            self._seed()

    def _seed(self):
        password = settings.DEMO_PASSWORD
        regency = Office.objects.get(code=settings.DEFAULT_OFFICE_CODE)
        province = regency.parent
        ministry = province.parent if province else None
        company, _ = Company.objects.get_or_create(
            npwp="013000666091000",
            defaults={
                "name": "PT Demo Sejahtera Abadi",
                "leader_name": "Budi Santoso",
                "email": "company@demo.local",
                "whatsapp": "6281234567890",
                "address": "Kawasan Industri Jababeka, Cikarang",
                "legal_form": CompanyLegalForm.PT,
                "scale": CompanyScale.LARGE,
                "region": regency.region,
                "office": regency,
            },
        )
        accounts = [
            (Role.COMPANY, "Budi Santoso", {"company": company}),
            (Role.BKK_OPERATOR, "Operator BKK Demo", {"office": regency}),
            (Role.PLACEMENT_OFFICER, "Petugas Antar Kerja Demo", {"office": regency}),
            (Role.VERIFIER, "Verifikator Demo", {"office": regency}),
            (Role.HEAD, "Kepala Dinas Demo", {"office": regency}),
            (Role.PROVINCE_ADMIN, "Admin Provinsi Demo", {"office": province}),
            (Role.MINISTRY_VIEWER, "Pemantau Kemnaker Demo", {"office": ministry}),
            (Role.ADMIN, "Administrator Demo", {"is_staff": True, "is_superuser": True}),
        ]
        # The BKK operator and the PAK get their accounts from the real workflow (registration, SK).
        made_by_workflow = {Role.BKK_OPERATOR, Role.PLACEMENT_OFFICER}
        for role, name, extra in accounts:
            email = f"{role}@demo.local"
            if role not in made_by_workflow and not User.objects.filter(email=email).exists():
                user = User(email=email, full_name=name, role=role, **extra)
                user.set_password(password)
                user.save()
        verifier = User.objects.get(email=f"{Role.VERIFIER}@demo.local")
        head = User.objects.get(email=f"{Role.HEAD}@demo.local")
        bkk = seed_placement_demo(office=regency, verifier=verifier, head=head, password=password)
        if bkk is not None:  # made just now (the demos below are seeded once, with it)
            seed_guidance_demo(bkk, verifier)
            seed_training_demo(regency, list(PlacementOfficer.objects.filter(bkk=bkk)), head)
        self.stdout.write("Akun demo (kata sandi: DEMO_PASSWORD, bawaan demo12345):")
        for role, name, extra in accounts:
            email = f"{role}@demo.local"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(email=email, full_name=name, role=role, **extra)
                user.set_password(password)
                user.save()
            self.stdout.write(f"  {role.label:<24} {email}")
            if role == Role.COMPANY and seed_demo_registration(company=company, user=user):
                self.stdout.write("    (dengan satu permohonan pencatatan PKWT contoh berisi 25 pekerja)")
            if role == Role.BKK_OPERATOR:
                self.stdout.write(
                    "    (BKK SMK Negeri 1 Cikarang Barat, terdaftar, dengan 2 PAK yang ditetapkan)"
                )
            if role == Role.PROVINCE_ADMIN:
                self.stdout.write("    (satu registrasi PAK menunggu verifikasi)")
            if role == Role.ADMIN:
                self.stdout.write(
                    "    (wajib verifikasi dua langkah: saat masuk pertama kali, pindai kode QR dengan aplikasi "
                    "autentikator di ponsel, mis. Google Authenticator atau FreeOTP)"
                )
