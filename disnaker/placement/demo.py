"""Demo data for ``make run``: a registered BKK whose operator is ``bkk_operator@demo.local``, and two
appointed PAK — ``placement_officer@demo.local`` (registered, profile still to fill) and a second PAK whose
profile waits for the province's verification. Everything goes through the real services. Idempotent.
The portal's ``seed_demo`` then adds the guidance and training demos on this BKK and its PAK."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from disnaker.core.demo import blank_pdf
from disnaker.core.models import Office
from disnaker.core.nik import nik_build

from . import channel, services
from .constants import EducationLevel, InstitutionType, ProfileStatus, Sex
from .models import Bkk, PlacementOfficer

OPERATOR_EMAIL = "bkk_operator@demo.local"
PAK_EMAIL = "placement_officer@demo.local"


def _pdf() -> ContentFile:
    return ContentFile(blank_pdf(), name="dokumen.pdf")


def _photo() -> ContentFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 210, 230)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="foto.jpg")


def seed_placement_demo(*, office: Office, verifier, head, password: str) -> Bkk | None:
    """Returns the BKK it made, or ``None`` when the demo BKK already exists."""
    if Bkk.objects.filter(email=OPERATOR_EMAIL).exists():
        return None
    bkk = services.bkk_apply(
        data={
            "region": office.region, "name": "BKK SMK Negeri 1 Cikarang Barat",
            "institution_name": "SMK Negeri 1 Cikarang Barat", "institution_type": InstitutionType.SMK,
            "institution_code": "20216789", "address": "Jl. Raya Teuku Umar No. 1, Cikarang Barat",
            "head_name": "Drs. Bambang Sutrisno, M.Pd.", "contact_name": "Operator BKK Demo",
            "email": OPERATOR_EMAIL, "phone": "6281311112222", "operating_permit": _pdf(),
            "founding_decree": _pdf(), "placement_plan": _pdf(),
        }
    )  # fmt: skip
    services.bkk_verify(bkk=bkk, actor=verifier)
    services.bkk_register(bkk=bkk, actor=head)
    bkk.refresh_from_db()
    operator = bkk.operator
    operator.set_password(password)
    operator.must_change_password = False
    operator.password_expires_at = None
    operator.save()

    proposal = services.proposal_open(actor=operator)
    evidence = {r.pk: _pdf() for r in services.requirements_for(office)}
    people = [
        ("Petugas Antar Kerja Demo", PAK_EMAIL, "L", 11),
        ("Siti Nurhaliza", "siti.nurhaliza@demo.local", "P", 12),
    ]
    for name, email, sex, serial in people:
        nik = nik_build(
            region=office.code, district="05", birth_date=datetime.date(1988, 6, 17), sex=sex, serial=serial
        )
        services.candidate_save(
            proposal=proposal, actor=operator, evidence=evidence,
            data={"name": name, "nik": nik, "email": email, "phone": "6281355556666", "position": "Guru BK",
                  "education_level": EducationLevel.S1, "education_major": "Bimbingan dan Konseling",
                  "proposal_letter": _pdf()},
        )  # fmt: skip
    services.proposal_submit(proposal=proposal, actor=operator, letter_number="421.5/087/SMKN3/XII/2026",
                             letter_date=timezone.localdate())  # fmt: skip
    services.proposal_verify(proposal=proposal, actor=verifier)
    services.proposal_appoint(proposal=proposal, actor=head)
    for officer in PlacementOfficer.objects.filter(proposal=proposal).select_related("profile__user"):
        profile = services.invitation_accept(user=officer.profile.user, password=password)
        if officer.email != PAK_EMAIL and channel.is_epak():
            # The PAK registers at e-pengantarkerja; the office records what it shows (issue 13 §1).
            services.epak_status_record(
                profile=profile, actor=verifier, status=ProfileStatus.AWAITING_VERIFICATION,
                note="Demo: sudah registrasi di e-pengantarkerja, menunggu verifikasi provinsi.",
            )  # fmt: skip
        elif officer.email != PAK_EMAIL:
            services.profile_save(
                profile=profile, actor=profile.user,
                data={"birth_place": "Bekasi", "birth_date": datetime.date(1988, 6, 17), "sex": Sex.FEMALE,
                      "address": "Perum Griya Asri, Cikarang", "education_institution": "Universitas Negeri Jakarta",
                      "graduation_year": 2010, "work_history": "2011–sekarang, Guru BK, SMK Negeri 1 Cikarang Barat",
                      "trainings_attended": "2024, Bimtek Layanan Antar Kerja", "photo": _photo()},
            )  # fmt: skip
            services.profile_submit(profile=profile, actor=profile.user)
    return bkk
