"""The head's preview of a decree before signing it (issue 14, "Pratinjau SK").

:func:`decree_preview` renders a decree with the very renderer :func:`.services.decree_issue` would call,
from the same office settings (letterhead, signer, place, tembusan), but:

- no number: ``NOMOR`` reads :data:`DRAFT_NUMBER`; the counter is not read, locked or moved;
- no verification token, hence no QR code and no signature (the PDF is not signed at all);
- every page watermarked :data:`pdf.DRAFT_WATERMARK` ("DRAFT — belum ditandatangani");
- nothing is stored: the bytes go to the response; the audit entry says who looked at which subject.

Who may look: the head of the office (who will sign) and its verifiers (who forward it to the head, and
check the text the company will receive); nobody outside the office, and not the applicant: a draft
without a number is not a decree and must not circulate.
"""

from __future__ import annotations

import dataclasses

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.models import Office

from .constants import SignerBackend
from .letterhead import letterhead_for, signs_with_development_certificate
from .pdf import Signer
from .services import DecreeFields, Renderer, decree_settings_for

#: What ``NOMOR`` says on a preview.
DRAFT_NUMBER = "(diberikan saat ditandatangani)"

#: Roles of the office that may preview its decrees.
PREVIEW_ROLES = (Role.HEAD, Role.VERIFIER)


def may_preview(user, office: Office | None) -> bool:
    return (
        office is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in PREVIEW_ROLES
        and user.office_id == office.pk
    )


def _head_name(office: Office, actor) -> str:
    """The head's name when no signer name is set: the actor if it is the head, else the office's head."""
    if actor.role == Role.HEAD:
        return actor.get_full_name()
    from disnaker.accounts.models import User

    head = User.objects.filter(office=office, role=Role.HEAD, is_active=True).order_by("pk").first()
    return head.get_full_name() if head is not None else ""


@denials_audited
def decree_preview(
    *, kind: str, subject: models.Model, office: Office, actor, render: Renderer, request=None, **_ignored
) -> bytes:
    """The unsigned, unnumbered, watermarked PDF of the decree of ``kind`` for ``subject``.

    Takes the keyword arguments of :func:`.services.decree_issue` (its ``title``, ``subject_name``…
    and ``passphrase`` are not needed and ignored), so an app builds one set for both. Raises
    ``PermissionDenied`` (audited) unless ``actor`` is the head or a verifier of ``office``."""
    if not may_preview(actor, office):
        deny(actor=actor, obj=subject, request=request,
             message=_("Hanya Kepala Dinas dan verifikator %(office)s yang dapat melihat pratinjau SK ini.")
             % {"office": office})  # fmt: skip
    decree_settings = decree_settings_for(office)
    issued_at = timezone.now()
    issued_on = timezone.localdate(issued_at)
    # A BSrE office is never on the development certificate (asking the backend would need BSRE_BASE_URL,
    # which a preview does not: it signs nothing).
    bsre = decree_settings.signer_backend == SignerBackend.BSRE
    letterhead = letterhead_for(
        decree_settings, not_certified=not bsre and signs_with_development_certificate(decree_settings)
    )
    fields = DecreeFields(
        kind=kind,
        office=office,
        number=DRAFT_NUMBER,
        sequence=0,
        year=issued_on.year,
        issued_at=issued_at,
        issued_on=issued_on,
        token="",
        verify_url="",  # no QR code: the verification page exists only for an issued decree
        letterhead=dataclasses.replace(letterhead, draft=True),
        place=decree_settings.place,
        signer=Signer(
            position=decree_settings.signer_position,
            name=decree_settings.signer_name or _head_name(office, actor),
            rank=decree_settings.signer_rank,
            nip=decree_settings.signer_nip,
        ),
        copies_to=tuple(decree_settings.copies_to_lines()),
    )
    pdf = render(fields)
    content_type = ContentType.objects.get_for_model(subject)
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED,
        actor=actor,
        obj=subject,
        request=request,
        data={"document": "decree_preview", "kind": kind,
              "subject": f"{content_type.app_label}.{content_type.model}:{subject.pk}"},
    )  # fmt: skip
    return pdf


def preview_response(pdf: bytes, *, filename: str):
    """The preview served inline (the browser's PDF viewer), never cached, framable only by this site: the
    headers ``core.uploads.private_file_response`` gives every private PDF."""
    from django.http import HttpResponse

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


def needs_passphrase(office: Office) -> bool:
    """The office signs through BSrE: the head types the TTE passphrase on the signing screen, and the
    signing runs in the request (the passphrase never reaches a queued task: docs/bsre.md)."""
    return decree_settings_for(office).signer_backend == SignerBackend.BSRE
