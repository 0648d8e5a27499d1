"""Demo data for ``make run``: one submitted PKWT registration for the demo company (idempotent)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from disnaker.core.demo import blank_pdf

from . import services
from .models import PkwtRegistration
from .sample import sample_rows, sample_workbook


def seed_demo_registration(*, company, user) -> PkwtRegistration | None:
    if PkwtRegistration.objects.filter(company=company).exists():
        return None
    registration = services.registration_create(company=company, actor=user)
    services.registration_set_documents(
        registration=registration,
        actor=user,
        documents={
            "application_letter": ContentFile(blank_pdf()),
            "sample_contract": ContentFile(blank_pdf()),
        },
    )
    rows = sample_rows(25, start=datetime.date.today(), seed=2025)
    services.import_start(
        registration=registration, actor=user, data=sample_workbook(rows), filename="demo.xlsx"
    )
    return services.registration_submit(registration=registration, actor=user)
