"""Who may do what with PKWT registrations. Which rows a user sees is in ``selectors``."""

from __future__ import annotations

from disnaker.accounts.constants import Role
from disnaker.accounts.permissions import is_office_staff


def can_open_personal_data(user, registration) -> bool:
    """Documents and worker files (NIK, wages) are for the company itself and the staff of its office."""
    if user.role == Role.COMPANY and user.company_id == registration.company_id:
        return True
    return is_office_staff(user) and user.office_id == registration.office_id
