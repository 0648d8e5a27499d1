"""Builders for BKK and PAK tests: application data, and whole objects made through the real services."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile

from disnaker.core.models import Region
from disnaker.core.nik import nik_build
from disnaker.core.tests.files import make_image, make_pdf
from disnaker.placement import services
from disnaker.placement.constants import EducationLevel, InstitutionType, Sex
from disnaker.placement.models import Bkk, PakProfile, PakProposal, PlacementOfficer

_serial = itertools.count(1)
#: The institution's proposal letter every ``submitted_proposal`` cites (the SK's Memperhatikan).
LETTER_NUMBER = "421.5/123/SMKN3/XII/2026"
LETTER_DATE = datetime.date(2026, 12, 1)


def pdf(name: str = "dokumen.pdf") -> ContentFile:
    return ContentFile(make_pdf(), name=name)


def photo(name: str = "foto.jpg") -> ContentFile:
    return ContentFile(make_image("JPEG"), name=name)


def bkk_data(**overrides) -> dict:
    """Cleaned application data for an SMK in Kabupaten Bekasi."""
    n = next(_serial)
    data = {
        "region": Region.objects.get(code="32.16"),
        "name": f"BKK SMK Negeri {n} Cikarang",
        "institution_name": f"SMK Negeri {n} Cikarang",
        "institution_type": InstitutionType.SMK,
        "institution_code": f"2022{n:04d}",
        "address": "Jl. Raya Cikarang No. 10",
        "head_name": "Drs. Bambang Sutrisno",
        "contact_name": "Rina Operator",
        "email": f"bkk{n}@smk.sch.id",
        "phone": "6281311112222",
        "operating_permit": pdf("izin.pdf"),
        "founding_decree": pdf("sk.pdf"),
        "placement_plan": pdf("rencana.pdf"),
    }
    data.update(overrides)
    return data


def registered_bkk(verifier, head, **overrides) -> Bkk:
    """A BKK applied, verified and registered (tanda daftar signed, operator account made)."""
    bkk = services.bkk_apply(data=bkk_data(**overrides))
    services.bkk_verify(bkk=bkk, actor=verifier)
    services.bkk_register(bkk=bkk, actor=head)
    bkk.refresh_from_db()
    return bkk


def pak_nik(sex: str = "P", serial: int | None = None) -> str:
    return nik_build(region="32.16", district="05", birth_date=datetime.date(1990, 4, 12), sex=sex,
                     serial=serial or next(_serial))  # fmt: skip


def candidate_data(**overrides) -> dict:
    n = next(_serial)
    data = {
        "name": f"Dewi Lestari {n}",
        "nik": pak_nik(),
        "email": f"pak{n}@smk.sch.id",
        "phone": "6281355556666",
        "position": "Guru BK",
        "education_level": EducationLevel.S1,
        "education_major": "Bimbingan Konseling",
        "proposal_letter": pdf("usulan.pdf"),
    }
    data.update(overrides)
    return data


def evidence_for(office) -> dict:
    return {r.pk: pdf(f"bukti-{r.pk}.pdf") for r in services.requirements_for(office)}


def submitted_proposal(operator, count: int = 1, **candidate_overrides) -> PakProposal:
    proposal = services.proposal_open(actor=operator)
    for _i in range(count):
        services.candidate_save(proposal=proposal, actor=operator, data=candidate_data(**candidate_overrides),
                                evidence=evidence_for(proposal.office))  # fmt: skip
    return services.proposal_submit(proposal=proposal, actor=operator, letter_number=LETTER_NUMBER,
                                    letter_date=LETTER_DATE)  # fmt: skip


def appointed_officers(operator, verifier, head, count: int = 1) -> list[PlacementOfficer]:
    proposal = submitted_proposal(operator, count)
    services.proposal_verify(proposal=proposal, actor=verifier)
    services.proposal_appoint(proposal=proposal, actor=head)
    return list(PlacementOfficer.objects.filter(proposal=proposal).select_related("profile__user"))


def profile_data(**overrides) -> dict:
    data = {
        "birth_place": "Bekasi",
        "birth_date": datetime.date(1990, 4, 12),
        "sex": Sex.FEMALE,
        "address": "Perum Griya Asri Blok C/7, Cikarang",
        "education_institution": "Universitas Negeri Jakarta",
        "graduation_year": 2012,
        "work_history": "2013–sekarang, Guru BK, SMK Negeri 1 Cikarang",
        "trainings_attended": "2024, Bimtek Layanan Antar Kerja, Disnaker Kab. Bekasi",
        "photo": photo(),
    }
    data.update(overrides)
    return data


def registered_profile(officer: PlacementOfficer, *, submit: bool = True) -> PakProfile:
    """The PAK sets a password, fills the profile and (by default) submits it for verification."""
    profile = officer.profile
    services.invitation_accept(user=profile.user, password="Rahasia-PAK-2026")
    services.profile_save(profile=profile, actor=profile.user, data=profile_data())
    if submit:
        services.profile_submit(profile=profile, actor=profile.user)
    profile.refresh_from_db()
    return profile
