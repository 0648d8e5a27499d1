"""Who may do what with PKWT registrations. Which rows a user sees is in ``selectors``."""

from __future__ import annotations

from disnaker.accounts.constants import Role
from disnaker.accounts.permissions import is_office_staff
from disnaker.core.constants import OfficeReach

from .constants import SigningState


def can_open_personal_data(user, registration) -> bool:
    """Documents and worker files (NIK, wages) are for the company itself and the staff of its office."""
    if user.role == Role.COMPANY and user.company_id == registration.company_id:
        return True
    return is_office_staff(user) and user.office_id == registration.office_id


def can_open_decree(user, decree) -> bool:
    """Who may open an SK Pencatatan PKWT's PDF (``decrees.kinds``): whoever may open its registration's
    documents (``can_open_personal_data``)."""
    registration = decree.subject
    return registration is not None and can_open_personal_data(user, registration)


def can_open_age_exception_document(user, registration) -> bool:
    """The document of a worker's age exception (a child's parents' permission, a school's letter): the staff
    of the registration's office, who record and sign on it; not the company, the province or the ministry."""
    return is_office_staff(user) and user.office_id == registration.office_id


def can_review_registration(user, registration) -> bool:
    """The verifiers of the registration's office verify it, send it back for revision, or reject it."""
    return user.is_authenticated and user.role == Role.VERIFIER and user.office_id == registration.office_id


def can_sign_registration(user, registration) -> bool:
    """The head of the registration's office signs its decree or returns it to the verifier; a verifier may
    not sign. Not while its decree is being signed in the background."""
    return (
        user.is_authenticated
        and user.role == Role.HEAD
        and user.office_id == registration.office_id
        and registration.signing_state not in (SigningState.QUEUED, SigningState.RUNNING)
    )


def can_monitor_registrations(user) -> bool:
    """The PKWT queue, review page and dashboard: a kab/kota office's staff, who decide, and read-only (no
    step allows them; no worker data, no documents) the province admin for its kab/kota offices and the
    ministry viewer for every office. Which rows each sees is ``selectors.registrations_for``."""
    if is_office_staff(user):
        return True
    return bool(
        user.is_authenticated
        and user.role in (Role.PROVINCE_ADMIN, Role.MINISTRY_VIEWER)
        and user.office_reach in (OfficeReach.PROVINCE, OfficeReach.ALL)
    )
