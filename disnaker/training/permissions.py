"""Who may do what with training events. Which rows a user sees is in :mod:`.selectors`.

- A kab/kota office's verifier or head records its trainings; the province admin records the province
  office's. Each manages only the trainings of their own office.
- Certificates are decrees: only the head of the recording office signs them (at province level a user
  with the role *head* whose office is the province office).
- The ministry viewer reads everything and writes nothing.
"""

from __future__ import annotations

from disnaker.accounts.constants import Role
from disnaker.core.constants import OfficeLevel

#: Roles that record trainings for their office.
RECORDING_ROLES = {Role.VERIFIER, Role.HEAD, Role.PROVINCE_ADMIN}
#: Roles that see the training pages (each within their scope).
VIEWING_ROLES = RECORDING_ROLES | {Role.MINISTRY_VIEWER, Role.ADMIN}


def can_view_trainings(user) -> bool:
    return bool(user.is_authenticated and user.role in VIEWING_ROLES)


def can_view_own_trainings(user) -> bool:
    """*Pelatihan Saya*: a PAK's own invitations and certificates."""
    return bool(user.is_authenticated and user.role == Role.PLACEMENT_OFFICER)


def can_record(user) -> bool:
    """May record a new training (for the user's own office)."""
    return bool(
        user.is_authenticated
        and user.role in RECORDING_ROLES
        and user.office_id
        and user.office.level in (OfficeLevel.REGENCY, OfficeLevel.PROVINCE)
    )


def can_manage(user, training) -> bool:
    """May edit the training, invite and remove PAK and record attendance: staff of the recording office."""
    return can_record(user) and user.office_id == training.office_id


def can_sign_certificates(user, training) -> bool:
    """Only the head of the organising office signs (issue 13 §4): the recording office's own head when it
    organised the bimtek, the province's head for a province bimtek, Kemnaker's for a ministry one; never a
    kab/kota head for a bimtek organised above it (``decree_issue`` checks the office again)."""
    from .selectors import organising_office

    if not (user.is_authenticated and user.role == Role.HEAD):
        return False
    office = organising_office(training)
    return office is not None and user.office_id == office.pk


def can_open_certificate(user, decree) -> bool:
    """Who may open a training certificate's PDF (``decrees.kinds``): whoever sees its participant
    (``selectors.participants_visible_to``)."""
    from .selectors import participants_visible_to

    return participants_visible_to(user=user).filter(pk=decree.object_id).exists()
