from __future__ import annotations

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from disnaker.accounts.constants import CompanyLegalForm, CompanyScale, Role
from disnaker.accounts.models import AccountRequest, Company, User
from disnaker.core.models import Office, Region
from disnaker.core.tests.files import make_image, make_pdf

PASSWORD = "Rahasia-Uji-123"


def bekasi_office() -> Office:
    return Office.objects.get(code="32.16")


def other_office() -> Office:
    """Kota Bekasi: a second kab/kota office in the same province (a different tenant)."""
    region = Region.objects.get(code="32.75")
    office, _ = Office.objects.get_or_create(
        code="32.75",
        defaults={
            "name": "Dinas Ketenagakerjaan Kota Bekasi",
            "short_name": "Disnaker Kota Bekasi",
            "level": "regency",
            "parent": Office.objects.get(code="32"),
            "region": region,
        },
    )
    return office


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"PT Contoh Makmur {n}")
    leader_name = "Siti Aminah"
    email = factory.Sequence(lambda n: f"hrd{n}@contoh.co.id")
    whatsapp = "6281234567890"
    address = "Jl. Industri No. 1, Cikarang"
    legal_form = CompanyLegalForm.PT
    scale = CompanyScale.LARGE
    npwp = "013000666091000"
    office = factory.LazyFunction(bekasi_office)
    region = factory.LazyAttribute(lambda o: o.office.region)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@contoh.go.id")
    full_name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = Role.VERIFIER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountRequest

    tracking_code = factory.Sequence(lambda n: f"AK-TEST-{n:04d}")
    office = factory.LazyFunction(bekasi_office)
    region = factory.LazyAttribute(lambda o: o.office.region)
    company_name = factory.Sequence(lambda n: f"PT Pemohon Jaya {n}")
    leader_name = "Rudi Hartono"
    email = factory.Sequence(lambda n: f"pemohon{n}@jaya.co.id")
    whatsapp = "6281298765432"
    address = "Jl. Raya Cikarang No. 5"
    legal_form = CompanyLegalForm.PT
    scale = CompanyScale.MEDIUM
    npwp = "013000666091000"
    application_letter = factory.LazyFunction(lambda: ContentFile(make_pdf(), name="surat.pdf"))
    power_of_attorney = factory.LazyFunction(lambda: ContentFile(make_pdf(), name="kuasa.pdf"))
    ktp_image = factory.LazyFunction(lambda: ContentFile(make_image("JPEG"), name="ktp.jpg"))
    id_card_image = factory.LazyFunction(lambda: ContentFile(make_image("PNG"), name="id.png"))
    terms_accepted_at = factory.LazyFunction(timezone.now)
