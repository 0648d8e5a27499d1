"""BKK and PAK services: every transition, the ones refused, and the e-mails sent."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from disnaker.accounts.constants import Role
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.decrees.models import Decree
from disnaker.notifications.models import OutboxMessage
from disnaker.placement import services
from disnaker.placement.constants import AppointmentStatus, BkkStatus, ProfileStatus, ProposalStatus
from disnaker.placement.models import Bkk, PlacementOfficer

from .helpers import (
    appointed_officers,
    bkk_data,
    candidate_data,
    evidence_for,
    profile_data,
    registered_bkk,
    registered_profile,
    submitted_proposal,
)

pytestmark = pytest.mark.django_db


def _subjects(to: str) -> list[str]:
    return list(OutboxMessage.objects.filter(to=to).values_list("subject", flat=True))


def _pdf_text(decree: Decree) -> str:
    with decree.pdf.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


# --- BKK ---------------------------------------------------------------------------------------------------


def test_bkk_application_is_submitted_with_a_tracking_code_and_e_mail(office):
    bkk = services.bkk_apply(data=bkk_data(email="bkk@smkn9.sch.id"))
    assert bkk.status == BkkStatus.SUBMITTED and bkk.office == office
    assert bkk.tracking_code.startswith("BKK-")
    assert [h.to_status for h in status_history(bkk)] == [BkkStatus.DRAFT, BkkStatus.SUBMITTED]
    assert any(bkk.tracking_code in s for s in _subjects("bkk@smkn9.sch.id"))


def test_npsn_must_be_8_digits_for_a_school():
    with pytest.raises(ValidationError, match="NPSN harus 8 digit"):
        services.validate_npsn("smk", "1234567")
    assert services.validate_npsn("smk", " 20223456 ") == "20223456"
    assert services.validate_npsn("university", "pt-001234") == "PT-001234"


def test_revision_round_trip_keeps_documents_and_history(vera):
    bkk = services.bkk_apply(data=bkk_data())
    with pytest.raises(ValidationError):
        services.bkk_request_revision(bkk=bkk, actor=vera, note="  ")
    bkk = services.bkk_request_revision(bkk=bkk, actor=vera, note="Rencana penempatan belum 1 tahun.")
    assert bkk.status == BkkStatus.NEEDS_REVISION
    mail = OutboxMessage.objects.filter(to=bkk.email, kind="bkk_needs_revision").get()
    assert bkk.edit_token in mail.body and "Rencana penempatan" in mail.body
    permit = bkk.operating_permit.name
    bkk = services.bkk_resubmit(bkk=bkk, data={"head_name": "Dra. Sri Wahyuni", "operating_permit": None})
    assert bkk.status == BkkStatus.SUBMITTED and bkk.operating_permit.name == permit
    assert bkk.head_name == "Dra. Sri Wahyuni"
    with pytest.raises(TransitionNotAllowed):
        services.bkk_resubmit(bkk=bkk, data={})


def test_registration_signs_the_tanda_daftar_and_creates_the_operator_account(vera, hana):
    bkk = services.bkk_apply(data=bkk_data(email="op@smkn7.sch.id"))
    with pytest.raises(PermissionDenied):
        services.bkk_verify(bkk=bkk, actor=hana)  # the head does not verify
    services.bkk_verify(bkk=bkk, actor=vera)
    with pytest.raises(PermissionDenied):
        services.bkk_register(bkk=bkk, actor=vera)  # the verifier does not sign
    decree = services.bkk_register(bkk=bkk, actor=hana)
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.REGISTERED and bkk.registered_at
    assert bkk.operator.role == Role.BKK_OPERATOR and bkk.operator.must_change_password
    assert decree.kind == "bkk_registration" and decree.number.startswith("500.15/1/BKK/")
    text = _pdf_text(decree)
    assert "TANDA DAFTAR" in text and bkk.name in text and decree.number in text
    assert bkk.tracking_code not in text  # issue 13 §3: the gapless number, not the tracking code
    mail = OutboxMessage.objects.get(to="op@smkn7.sch.id", kind="bkk_registered")
    assert "Kata sandi" in mail.body and "TERDAFTAR" in mail.body
    assert services.bkk_register(bkk=bkk, actor=hana).pk == decree.pk  # a double click: same decree


def test_another_offices_verifier_cannot_decide(oscar):
    bkk = services.bkk_apply(data=bkk_data())
    with pytest.raises(PermissionDenied):
        services.bkk_reject(bkk=bkk, actor=oscar, reason="Bukan wilayah")


def test_reject_and_not_allowed_transitions(vera, hana):
    bkk = services.bkk_apply(data=bkk_data())
    with pytest.raises(TransitionNotAllowed):
        services.bkk_register(bkk=bkk, actor=hana)  # not verified yet
    services.bkk_reject(bkk=bkk, actor=vera, reason="Izin operasional kedaluwarsa")
    with pytest.raises(TransitionNotAllowed):
        services.bkk_verify(bkk=bkk, actor=vera)
    with pytest.raises(TransitionNotAllowed):
        services.bkk_deactivate(bkk=bkk, actor=vera, reason="x")


def test_inactive_reactivated_revoked_and_closed(vera, hana):
    bkk = registered_bkk(vera, hana)
    services.bkk_deactivate(bkk=bkk, actor=vera, reason="Tidak melapor 12 bulan")
    services.bkk_reactivate(bkk=bkk, actor=vera, note="Laporan diterima")
    services.bkk_deactivate(bkk=bkk, actor=vera, reason="Tidak melapor lagi")
    with pytest.raises(PermissionDenied):
        services.bkk_revoke(bkk=bkk, actor=vera, reason="x")
    bkk = services.bkk_revoke(bkk=bkk, actor=hana, reason="Tidak aktif dan tidak menanggapi pembinaan")
    assert bkk.status == BkkStatus.REVOKED
    assert Decree.objects.get(kind="bkk_registration", object_id=bkk.pk).status == "revoked"
    bkk.operator.refresh_from_db()
    assert not bkk.operator.is_active
    other = registered_bkk(vera, hana)
    assert services.bkk_close(bkk=other, actor=vera, reason="Lembaga ditutup").status == BkkStatus.CLOSED


# --- PAK proposal and appointment --------------------------------------------------------------------------


def test_proposal_needs_candidates_and_evidence(bima):
    proposal = services.proposal_open(actor=bima)
    assert services.proposal_open(actor=bima).pk == proposal.pk  # the open draft is reused
    with pytest.raises(ValidationError, match="minimal satu"):
        services.proposal_submit(proposal=proposal, actor=bima)
    services.candidate_save(proposal=proposal, actor=bima, data=candidate_data(name="Andi"), evidence={})
    with pytest.raises(ValidationError, match="Andi: bukti belum diunggah"):
        services.proposal_submit(proposal=proposal, actor=bima)


def test_candidate_nik_is_checked_like_pkwt(bima):
    proposal = services.proposal_open(actor=bima)
    with pytest.raises(ValidationError, match="16 digit"):
        services.candidate_save(
            proposal=proposal, actor=bima, data=candidate_data(nik="3.21605E+15"), evidence={}
        )
    with pytest.raises(ValidationError, match="0000"):
        services.candidate_save(proposal=proposal, actor=bima, data=candidate_data(nik="3216055204900000"),
                                evidence={})  # fmt: skip


def test_appointment_signs_one_sk_naming_each_pak_and_invites_them(bima, vera, hana):
    proposal = submitted_proposal(bima, count=2)
    assert set(proposal.candidates.values_list("status", flat=True)) == {AppointmentStatus.SUBMITTED}
    services.proposal_verify(proposal=proposal, actor=vera)
    decree = services.proposal_appoint(proposal=proposal, actor=hana)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPOINTED
    officers = list(PlacementOfficer.objects.filter(proposal=proposal).select_related("profile__user"))
    assert {o.status for o in officers} == {AppointmentStatus.APPOINTED}
    text = _pdf_text(decree)
    assert "PETUGAS ANTAR KERJA" in text and decree.number in text
    for officer in officers:
        assert officer.name in text and officer.nik not in text
        assert officer.profile.status == ProfileStatus.NOT_REGISTERED
        assert officer.profile.user.role == Role.PLACEMENT_OFFICER
        mail = OutboxMessage.objects.get(to=officer.email, kind="pak_invitation")
        assert "/pak/undangan/" in mail.body
    assert decree.subject_count == 2
    assert services.proposal_appoint(proposal=proposal, actor=hana).pk == decree.pk


def test_proposal_revision_reject_and_return(bima, vera, hana):
    proposal = submitted_proposal(bima)
    services.proposal_request_revision(
        proposal=proposal, actor=vera, note="Surat usulan belum ditandatangani"
    )
    assert proposal.candidates.get().status == AppointmentStatus.NEEDS_REVISION
    officer = proposal.candidates.get()
    services.candidate_save(proposal=proposal, actor=bima, officer=officer,
                            data=candidate_data(name="Budi Revisi"), evidence={})  # fmt: skip
    services.proposal_submit(proposal=proposal, actor=bima)
    services.proposal_verify(proposal=proposal, actor=vera)
    services.proposal_return_to_verifier(proposal=proposal, actor=hana, note="Periksa ijazah")
    services.proposal_reject(proposal=proposal, actor=vera, reason="Bukan pegawai lembaga")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.candidates.get().status == AppointmentStatus.REJECTED
    with pytest.raises(TransitionNotAllowed):
        services.proposal_appoint(proposal=proposal, actor=hana)


def test_a_pak_already_appointed_elsewhere_cannot_be_proposed_again(bima, vera, hana, pak):
    proposal = services.proposal_open(actor=bima)
    services.candidate_save(proposal=proposal, actor=bima, data=candidate_data(nik=pak.nik),
                            evidence=evidence_for(proposal.office))  # fmt: skip
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.proposal_submit(proposal=proposal, actor=bima)


def test_end_of_appointment(pak, vera, hana):
    with pytest.raises(PermissionDenied):
        services.officer_end_appointment(officer=pak, actor=vera, to_status="revoked", reason="x")
    pak = services.officer_end_appointment(
        officer=pak, actor=vera, to_status="inactive", reason="Pindah tugas"
    )
    assert pak.status == AppointmentStatus.INACTIVE and pak.ended_on
    pak.profile.user.refresh_from_db()
    assert not pak.profile.user.is_active
    with pytest.raises(TransitionNotAllowed):
        services.officer_end_appointment(officer=pak, actor=hana, to_status="revoked", reason="x")


# --- Invitation, profile, province verification -------------------------------------------------------------


def test_invitation_link_works_once(pak):
    user = pak.profile.user
    token = services.invitation_token(user)
    assert services.invitation_user(token) == user
    services.invitation_accept(user=user, password="Rahasia-PAK-2026")
    pak.profile.refresh_from_db()
    assert pak.profile.status == ProfileStatus.PROFILE_INCOMPLETE
    assert services.invitation_user(token) is None
    assert services.invitation_user("rubbish") is None


def test_profile_submit_requires_the_whole_profile(pak):
    profile = pak.profile
    services.invitation_accept(user=profile.user, password="Rahasia-PAK-2026")
    services.profile_save(profile=profile, actor=profile.user, data={"birth_place": "Bekasi"})
    with pytest.raises(ValidationError, match="Pas foto"):
        services.profile_submit(profile=profile, actor=profile.user)
    services.profile_save(profile=profile, actor=profile.user, data=profile_data())
    profile = services.profile_submit(profile=profile, actor=profile.user)
    assert profile.status == ProfileStatus.AWAITING_VERIFICATION
    with pytest.raises(ValidationError):
        services.profile_save(profile=profile, actor=profile.user, data={"birth_place": "Jakarta"})


def test_province_verifies_or_rejects_and_the_pak_resubmits(putri, prita, vera, mira):
    profile = putri.pak_profile
    for stranger in (vera, mira):
        with pytest.raises(PermissionDenied):
            services.profile_verify(profile=profile, actor=stranger)
    services.profile_reject(profile=profile, actor=prita, reason="Foto tidak jelas")
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.VERIFICATION_REJECTED
    assert (
        "Foto tidak jelas"
        in OutboxMessage.objects.get(to=profile.officer.email, kind="pak_profile_rejected").body
    )
    services.profile_save(profile=profile, actor=putri, data=profile_data())
    services.profile_submit(profile=profile, actor=putri)
    profile = services.profile_verify(profile=profile, actor=prita)
    assert profile.status == ProfileStatus.VERIFIED and profile.verified_by == prita
    with pytest.raises(TransitionNotAllowed):
        services.profile_verify(profile=profile, actor=prita)


# --- Report to the province -----------------------------------------------------------------------------------


def test_report_to_the_province(bima, vera, hana, prita, office):
    officers = appointed_officers(bima, vera, hana, count=2)
    registered_profile(officers[0])
    assert set(services.report_default_officers(office)) == set(officers)
    with pytest.raises(PermissionDenied):
        services.province_report_send(office=office, actor=vera, officer_ids=[o.pk for o in officers])
    report = services.province_report_send(office=office, actor=hana, officer_ids=[o.pk for o in officers],
                                           note="Mohon diverifikasi.")  # fmt: skip
    assert report.officer_count == 2 and report.sent_at and report.province_office.code == "32"
    decree = Decree.objects.get(kind="province_report", object_id=report.pk)
    text = _pdf_text(decree)
    assert "B-3/4662/PK.01.02/IX/2025" in text and officers[0].name in text
    sheet = load_workbook(io.BytesIO(report.excel.open("rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "Nama PAK", "BKK") and len(rows) == 3
    for officer in officers:
        officer.refresh_from_db()
        assert officer.last_report == report and officer.last_reported_at == report.sent_at
    assert list(services.report_default_officers(office)) == []
    assert any(decree.number in s for s in _subjects(prita.email))


def test_inactivation_proposal_after_twelve_months(vera, hana, settings):
    import datetime

    from django.utils import timezone

    bkk = registered_bkk(vera, hana)
    assert services.bkk_propose_inactivation(office=bkk.office) == 0
    later = timezone.now() + datetime.timedelta(days=370)
    assert services.bkk_propose_inactivation(office=bkk.office, now=later) == 1
    bkk.refresh_from_db()
    assert bkk.inactivation_proposed_at is not None


def test_the_daily_job_and_an_officer_each_mark_only_their_own_offices_bkks(vera, hana, oscar, office2):
    """``bkk_propose_inactivation`` runs per office: the Kabupaten's officer marks none of the Kota's BKKs,
    and the daily job proposes each office's own."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from disnaker.accounts.tests.factories import UserFactory
    from disnaker.core.models import Region
    from disnaker.guidance import services as guidance_services

    head2 = UserFactory(role=Role.HEAD, office=office2)
    ours = registered_bkk(vera, hana)
    theirs = registered_bkk(oscar, head2, region=Region.objects.get(code="32.75"))
    assert (ours.office, theirs.office) == (vera.office, office2)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Bkk.objects.filter(pk__in=[ours.pk, theirs.pk]).update(registered_at=long_ago)

    assert guidance_services.monitoring_propose_inactivation(actor=vera) == 1
    assert Bkk.objects.get(pk=ours.pk).inactivation_proposed_at is not None
    assert Bkk.objects.get(pk=theirs.pk).inactivation_proposed_at is None

    out = io.StringIO()
    call_command("bkk_flag_inactive", stdout=out)
    assert out.getvalue().startswith("1 BKK diusulkan nonaktif")
    assert f"{office2.name}: 1" in out.getvalue()
    assert Bkk.objects.get(pk=theirs.pk).inactivation_proposed_at is not None


def test_a_bkk_without_reports_is_reminded_monthly(vera, hana):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    registered_bkk(vera, hana, email="lupa@smkn8.sch.id")
    assert services.bkk_send_report_reminders() == 0  # registered today: nothing overdue
    later = timezone.now() + datetime.timedelta(days=200)
    assert services.bkk_send_report_reminders(now=later) == 1
    assert (
        services.bkk_send_report_reminders(now=later + datetime.timedelta(days=10)) == 0
    )  # not again so soon
    assert services.bkk_send_report_reminders(now=later + datetime.timedelta(days=31)) == 1
    mail = OutboxMessage.objects.filter(to="lupa@smkn8.sch.id", kind="bkk_report_reminder").first()
    assert "belum menerima laporan penempatan" in mail.body and "/laporan-penempatan/kirim/" in mail.body
    out = io.StringIO()
    call_command("bkk_flag_inactive", stdout=out)
    assert "diingatkan" in out.getvalue()
