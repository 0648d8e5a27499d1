"""Demo data for the guidance pages: one guidance activity (with an open follow-up) and one placement report."""

from __future__ import annotations

import datetime

from django.utils import timezone

from disnaker.placement.constants import EducationLevel, Sex

from . import services
from .constants import REPORT_CELLS, ActivityKind, PeriodKind
from .models import GuidanceActivity, PlacementReport
from .periods import add_months

DEMO_CELLS = {
    (Sex.MALE, EducationLevel.SMA): {"registered": 64, "placed": 41, "not_placed": 17},
    (Sex.FEMALE, EducationLevel.SMA): {"registered": 58, "placed": 39, "not_placed": 12},
    (Sex.MALE, EducationLevel.D3): {"registered": 6, "placed": 4, "not_placed": 2},
    (Sex.FEMALE, EducationLevel.D3): {"registered": 5, "placed": 3, "not_placed": 1},
}


def seed_guidance_demo(bkk, office_user) -> tuple[GuidanceActivity | None, PlacementReport | None]:
    """Through the real services: ``office_user`` (a verifier or head of the BKK's office) records a visit, and
    the BKK's operator reports the last full quarter. Does nothing for what already exists."""
    today = timezone.localdate()
    activity = GuidanceActivity.objects.filter(bkk=bkk).first()
    if activity is None:
        activity = services.activity_record(
            actor=office_user,
            bkk=bkk,
            data={
                "date": today - datetime.timedelta(days=10),
                "kind": ActivityKind.VISIT,
                "topic": "Pembinaan teknis layanan penempatan alumni",
                "findings": (
                    "Data alumni belum diperbarui sejak awal tahun. Lowongan dari perusahaan mitra sudah diumumkan "
                    "di papan informasi sekolah, tetapi belum dicatat dalam rekap penempatan."
                ),
                "follow_up": "Perbarui data alumni angkatan terakhir dan kirim laporan penempatan triwulan.",
                "follow_up_due": today + datetime.timedelta(days=14),
            },
        )
    report = PlacementReport.objects.filter(bkk=bkk).first()
    if report is None and bkk.operator_id:
        this_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        start = add_months(this_quarter, -3)
        report = services.report_submit(
            actor=bkk.operator,
            period_kind=PeriodKind.QUARTERLY,
            year=start.year,
            month=start.month,
            cells={key: DEMO_CELLS.get(key, {}) for key in REPORT_CELLS},
            vacancies_received=35,
            partner_companies="PT Astra Honda Motor\nPT Suzuki Indomobil Motor\nPT Epson Indonesia",
            note="Sebagian alumni melanjutkan kuliah.",
        )
    return activity, report
