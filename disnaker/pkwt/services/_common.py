"""Checks every PKWT service shares: the company actor, the editable registration under its lock."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.core.audit import deny

from ..models import PkwtRegistration


def _require_company_actor(company_id: int, actor: User, *, obj=None, request=None) -> None:
    """Only the company's own users write its registrations."""
    if getattr(actor, "role", None) != Role.COMPANY or actor.company_id != company_id:
        deny(actor=actor, obj=obj, request=request)


def _locked_editable(registration: PkwtRegistration) -> PkwtRegistration:
    locked = PkwtRegistration.objects.select_for_update().get(pk=registration.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("Permohonan berstatus '%(status)s' tidak dapat diubah.")
            % {"status": locked.get_status_display()}
        )
    return locked
