"""Builders for guidance tests, through the real services."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from disnaker.core.tests.files import make_image, make_pdf
from disnaker.guidance import services
from disnaker.guidance.constants import REPORT_CELLS, ActivityKind, PeriodKind
from disnaker.placement.constants import EducationLevel, Sex


def activity_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "date": today - datetime.timedelta(days=3),
        "kind": ActivityKind.VISIT,
        "topic": "Kunjungan pembinaan layanan penempatan",
        "findings": "Rekap penempatan alumni belum diperbarui.",
        "follow_up": "Perbarui rekap dan kirim laporan triwulan.",
        "follow_up_due": today + datetime.timedelta(days=14),
    }
    data.update(overrides)
    return data


def record_activity(actor, bkk, attachments=(), **overrides):
    return services.activity_record(
        actor=actor, bkk=bkk, data=activity_data(**overrides), attachments=attachments
    )


def pdf_file() -> ContentFile:
    return ContentFile(make_pdf(), name="upload.pdf")


def image_file() -> ContentFile:
    return ContentFile(make_image("PNG"), name="upload.png")


def cells(overrides: dict | None = None) -> dict:
    """A breakdown with SMA/SMK figures for both sexes; others zero."""
    data = {key: {"registered": 0, "placed": 0, "not_placed": 0} for key in REPORT_CELLS}
    data[(Sex.MALE, EducationLevel.SMA)] = {"registered": 40, "placed": 25, "not_placed": 10}
    data[(Sex.FEMALE, EducationLevel.SMA)] = {"registered": 30, "placed": 20, "not_placed": 5}
    data.update(overrides or {})
    return data


def submit_report(operator, *, kind=PeriodKind.QUARTERLY, year=None, month=1, **overrides):
    year = year or timezone.localdate().year - 1
    kwargs = {"cells": cells(), "vacancies_received": 12, "partner_companies": "PT Satu\nPT Dua"}
    kwargs.update(overrides)
    return services.report_submit(actor=operator, period_kind=kind, year=year, month=month, **kwargs)


def report_post(year: int, month: int, kind: str = PeriodKind.QUARTERLY, **overrides) -> dict:
    """The report form's POST data."""
    data = {"period_kind": kind, "period_month": str(month), "period_year": str(year), "vacancies_received": "7",
            "partner_companies": "PT Satu\nPT Dua\npt satu", "note": ""}  # fmt: skip
    for sex, level in REPORT_CELLS:
        for f in ("registered", "placed", "not_placed"):
            data[f"{f}_{sex}_{level}"] = "0"
    data[f"registered_{Sex.MALE}_{EducationLevel.SMA}"] = "20"
    data[f"placed_{Sex.MALE}_{EducationLevel.SMA}"] = "12"
    data[f"not_placed_{Sex.MALE}_{EducationLevel.SMA}"] = "5"
    data.update(overrides)
    return data
