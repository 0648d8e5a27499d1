"""Who may do what with BKK and PAK. Which rows a user sees is in :mod:`.selectors`."""

from __future__ import annotations

from disnaker.accounts.constants import Role
from disnaker.core.constants import OfficeLevel
from disnaker.decrees.constants import DecreeKind


def is_regency_staff(user, office=None) -> bool:
    """A verifier or head of a kab/kota office (of ``office`` when given)."""
    return bool(
        user.is_authenticated
        and user.role in (Role.VERIFIER, Role.HEAD)
        and user.office_id
        and user.office.level == OfficeLevel.REGENCY
        and (office is None or user.office_id == office.pk)
    )


def is_regency_verifier(user, office=None) -> bool:
    return is_regency_staff(user, office) and user.role == Role.VERIFIER


def is_regency_head(user, office=None) -> bool:
    return is_regency_staff(user, office) and user.role == Role.HEAD


def can_verify_bkk(user, bkk) -> bool:
    """The verifiers of the BKK's kab/kota office verify its application, ask for revision or reject it."""
    return is_regency_verifier(user, bkk.office)


def can_sign_bkk(user, bkk) -> bool:
    """The head of the BKK's office signs its tanda daftar, returns it to the verifier, or revokes it."""
    return is_regency_head(user, bkk.office)


def can_manage_bkk(user, bkk) -> bool:
    """The staff of the BKK's office (verifier or head) make a registered BKK inactive, active again, or closed."""
    return is_regency_staff(user, bkk.office)


def can_verify_proposal(user, proposal) -> bool:
    """The verifiers of the proposal's kab/kota office check the candidates' requirements."""
    return is_regency_verifier(user, proposal.office)


def can_sign_proposal(user, proposal) -> bool:
    """The head of the proposal's office signs the SK Penetapan PAK or returns it to the verifier."""
    return is_regency_head(user, proposal.office)


def is_province_admin(user, regency_office=None) -> bool:
    """A province admin (of the province above ``regency_office`` when given)."""
    return bool(
        user.is_authenticated
        and user.role == Role.PROVINCE_ADMIN
        and user.office_id
        and (regency_office is None or regency_office.parent_id == user.office_id)
    )


def can_verify_pak_registration(user, profile) -> bool:
    """The admin of the province above the PAK's kab/kota office verifies their registration."""
    return is_province_admin(user, profile.officer.office)


def can_record_epak_status(user, officer) -> bool:
    """The e-pengantarkerja status of a PAK is recorded by the staff of their kab/kota office (who report to the
    province) or by the admin of the province above it (who verifies there and monitors it)."""
    return is_regency_staff(user, officer.office) or is_province_admin(user, officer.office)


def can_upload_epak_statuses(user) -> bool:
    return is_regency_staff(user) or is_province_admin(user)


def is_bkk_operator(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.BKK_OPERATOR)


def is_placement_officer(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.PLACEMENT_OFFICER)


def is_ministry_viewer(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.MINISTRY_VIEWER)


def can_monitor(user) -> bool:
    """Office users who see BKK and PAK lists and dashboards (each within their scope)."""
    return bool(
        user.is_authenticated
        and (
            is_regency_staff(user)
            or is_province_admin(user)
            or is_ministry_viewer(user)
            or user.role == Role.ADMIN
        )
    )


def can_open_pak_personal_data(user, officer) -> bool:
    """NIK, documents and photo of a PAK: the PAK, their BKK's operator, the kab/kota staff and the
    province admin who verifies. The ministry sees counts and names, not identity documents."""
    if not user.is_authenticated:
        return False
    if user.role == Role.PLACEMENT_OFFICER:
        profile = getattr(user, "pak_profile", None)
        return profile is not None and profile.officer_id == officer.pk
    if user.role == Role.BKK_OPERATOR:
        return getattr(user, "bkk", None) is not None and user.bkk.pk == officer.bkk_id
    return is_regency_staff(user, officer.office) or is_province_admin(user, officer.office)


def can_reveal_pak_nik(user, officer) -> bool:
    """The full NIK of a PAK, revealed one at a time: the staff of the PAK's kab/kota office (who appoint and
    guide) and the province admin who verifies the registration — and the PAK themself. Not the BKK operator
    once the proposal is sent, nor the ministry: lists and pages show it masked."""
    if not user.is_authenticated:
        return False
    if user.role == Role.PLACEMENT_OFFICER:
        profile = getattr(user, "pak_profile", None)
        return profile is not None and profile.officer_id == officer.pk
    return is_regency_staff(user, officer.office) or is_province_admin(user, officer.office)


def can_mark_report_read(user, report) -> bool:
    """Only the admin of the province a report was sent to acknowledges it (*Tandai sudah dibaca*)."""
    return is_province_admin(user) and user.office_id == report.province_office_id


def can_view_bkk_documents(user, bkk) -> bool:
    """The three registration documents: the BKK's office, the province admin above it, its operator."""
    return bool(
        is_regency_staff(user, bkk.office)
        or is_province_admin(user, bkk.office)
        or (user.is_authenticated and bkk.operator_id and bkk.operator_id == user.pk)
    )


DECREE_KINDS = (DecreeKind.BKK_REGISTRATION, DecreeKind.PAK_APPOINTMENT, DecreeKind.PROVINCE_REPORT)


def can_open_decree(user, decree) -> bool:
    """Who may open a placement decree's PDF.

    - every kind: staff (verifier, head) of the issuing kab/kota office;
    - tanda daftar BKK: the BKK's operator and the province admin above the office;
    - SK Penetapan PAK: the proposing BKK's operator, the province admin above the office, and each PAK
      named in it;
    - letter to the province: the admin of the province it was sent to.
    Anyone else (the ministry included: it sees counts, not documents) may not.
    """
    if not user.is_authenticated or decree.kind not in DECREE_KINDS:
        return False
    if is_regency_staff(user, decree.office):
        return True
    subject = decree.subject
    if subject is None:
        return False
    from .models import Bkk, PakProposal, PlacementOfficer, ProvinceReport

    if decree.kind == DecreeKind.BKK_REGISTRATION and isinstance(subject, Bkk):
        return (subject.operator_id is not None and subject.operator_id == user.pk) or is_province_admin(
            user, decree.office
        )
    if decree.kind == DecreeKind.PAK_APPOINTMENT and isinstance(subject, PakProposal):
        if is_province_admin(user, decree.office):
            return True
        if user.role == Role.BKK_OPERATOR:
            return Bkk.objects.filter(pk=subject.bkk_id, operator=user).exists()
        if user.role == Role.PLACEMENT_OFFICER:
            return PlacementOfficer.objects.filter(proposal=subject, profile__user=user).exists()
        return False
    if decree.kind == DecreeKind.PROVINCE_REPORT and isinstance(subject, ProvinceReport):
        return is_province_admin(user) and user.office_id == subject.province_office_id
    return False
