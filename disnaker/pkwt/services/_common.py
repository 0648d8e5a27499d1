"""What every PKWT service shares: the company actor, the editable registration under its lock, and a status
change that the company is told of by e-mail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.core.audit import deny
from disnaker.core.workflow import status_transition
from disnaker.notifications.services import outbox_enqueue

from ..constants import REGISTRATION_TRANSITIONS
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


def _transition_and_tell_company(
    locked: PkwtRegistration, *, subject: str, template: str, context: dict, **transition
) -> None:
    """Move the locked registration (``transition``: :func:`status_transition`'s ``to_status``, ``actor``,
    ``request``, ``note``, ``update_fields``), then e-mail its company after the commit
    (``notifications/email/<template>.txt``, with ``registration`` in its context)."""
    status_transition(obj=locked, transitions=REGISTRATION_TRANSITIONS, **transition)
    outbox_enqueue(
        to=locked.company.email,
        subject=subject,
        template=template,
        context={"registration": locked, **context},
    )
