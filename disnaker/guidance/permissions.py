"""Who may do what in the guidance of BKKs. Which rows a user sees is in :mod:`.selectors`.

- The kab/kota office (verifier, head) records and edits activities and runs the monitoring step, for its own BKKs.
- A BKK's operator submits its placement reports and reads the activities about its BKK.
- The province admin, the ministry viewer (and the deployment admin) read in their scope; nothing lets them write.
"""

from __future__ import annotations

from disnaker.accounts.constants import Role
from disnaker.placement import permissions as placement_permissions


def is_office_staff(user, office=None) -> bool:
    """The kab/kota verifier or head (of ``office`` when given): the only ones who write guidance."""
    return placement_permissions.is_regency_staff(user, office)


def is_operator(user) -> bool:
    return bool(
        user.is_authenticated and user.role == Role.BKK_OPERATOR and getattr(user, "bkk", None) is not None
    )


def can_view_activities(user) -> bool:
    return placement_permissions.can_monitor(user) or is_operator(user)


def can_view_reports(user) -> bool:
    return placement_permissions.can_monitor(user) or is_operator(user)


def can_monitor(user) -> bool:
    """The monitoring page and the office-wide lists and exports (each in its scope)."""
    return placement_permissions.can_monitor(user)
