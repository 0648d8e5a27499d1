"""Issuing and revoking decrees.

:func:`decree_issue` is the only way a :class:`Decree` is made. In one transaction it locks the office's
counter for the year and kind, takes the next number, renders and signs the PDF, stores it with its SHA-256
and writes the audit entry. Anything that fails rolls all of it back: the number is not used, there is no
decree and the stored file is deleted. It may run inside the caller's ``transaction.atomic()`` (the head's
"approve and sign" action): it then uses a savepoint, and its work commits or rolls back with the caller's.

The counter row stays locked until the outermost transaction ends, so issuing is serialised per office,
year and kind: that is what makes the numbers gapless. Rendering 5,000 rows holds it about a second.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.models import Office

from . import signing
from .constants import DecreeStatus
from .letterhead import letterhead_for, signs_with_development_certificate
from .models import Decree, DecreeCounter, DecreeSettings
from .numbering import format_number
from .pdf import Letterhead, Signer
from .selectors import valid_decree_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DecreeFields:
    """What a renderer needs besides its subject: handed to ``render`` by :func:`decree_issue`."""

    kind: str
    office: Office
    number: str
    sequence: int
    year: int
    issued_at: datetime.datetime
    issued_on: datetime.date
    token: str
    verify_url: str
    letterhead: Letterhead
    place: str
    signer: Signer
    copies_to: tuple[str, ...]


Renderer = Callable[[DecreeFields], bytes]


# --- Settings and counter --------------------------------------------------------------------------------


def _strip_prefix(name: str) -> str:
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def decree_settings_defaults(office: Office) -> dict:
    """A first version of an office's settings, taken from its :class:`Office` row."""
    region = office.region.name if office.region is not None else ""
    office_line = office.name
    if region and office_line.endswith(" " + region):
        office_line = office_line[: -len(region) - 1]
    return {
        "letterhead_government": f"Pemerintah {region}" if region else "",
        "letterhead_office": office_line,
        "letterhead_address": office.address.replace("\n", ", "),
        "letterhead_contact": "",  # empty: composed from the Office's phone, e-mail and website (letterhead.py)
        "place": office.city or _strip_prefix(region) or office.name,
        "signer_position": f"Kepala {office.name}",
        "copies_to": f"Kepala {office.parent.name}" if office.parent is not None else "",
    }


def decree_settings_for(office: Office) -> DecreeSettings:
    """The office's settings, created with defaults the first time (safe when two requests race)."""
    found = DecreeSettings.objects.filter(office=office).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            created = DecreeSettings.objects.create(office=office, **decree_settings_defaults(office))
            created.ensure_number_patterns()
            return created
    except IntegrityError:
        return DecreeSettings.objects.get(office=office)


def _locked_counter(*, office: Office, year: int, kind: str) -> DecreeCounter:
    """The counter row, locked until the transaction ends; created at 0 if missing.

    Two transactions may both find no row: each tries to insert it in a savepoint, the loser's insert
    waits for the winner and fails on the unique constraint, and it then locks the winner's row."""
    lookup = {"office": office, "year": year, "kind": kind}
    counter = DecreeCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            with transaction.atomic():
                DecreeCounter.objects.create(**lookup, last_number=0)
        except IntegrityError:
            pass
        counter = DecreeCounter.objects.select_for_update().get(**lookup)
    return counter


def allocate_sequence(*, office: Office, year: int, kind: str) -> int:
    """The next number of the office's counter for ``year`` and ``kind``. Call inside a transaction."""
    counter = _locked_counter(office=office, year=year, kind=kind)
    return _increment(counter)


def _increment(counter: DecreeCounter) -> int:
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# --- Issue -----------------------------------------------------------------------------------------------


def decree_valid_for(subject: models.Model, kind: str | None = None) -> Decree | None:
    """The subject's valid (not revoked) decree, if any (:func:`.selectors.valid_decree_of`)."""
    return valid_decree_of(subject, kind)


def verify_url(token: str) -> str:
    return settings.SITE_URL + reverse("decrees:verify", args=[token])


def _check_head(actor, office: Office, action: str, *, obj=None, request=None) -> None:
    if getattr(actor, "role", None) != Role.HEAD or actor.office_id != office.pk:
        deny(
            actor=actor,
            obj=obj,
            request=request,
            message=_("Hanya Kepala Dinas %(office)s yang dapat %(action)s SK ini.")
            % {"office": office, "action": action},
        )


class _AlreadyIssued(Exception):
    def __init__(self, decree: Decree | None = None):
        self.decree = decree


@denials_audited
def decree_issue(
    *,
    kind: str,
    subject: models.Model,
    office: Office,
    actor,
    render: Renderer,
    title: str,
    subject_name: str = "",
    subject_count: int | None = None,
    passphrase: str | None = None,
    request=None,
) -> Decree:
    """Issue the decree of ``kind`` for ``subject``, signed in ``office``'s name by its head ``actor``.

    ``subject_name`` and ``subject_count`` are what the public page shows of the subject, under the words
    the kind registered (``kinds.DecreeKindSpec``: a company and its workers, a BKK, a participant…).

    Idempotent per subject: while the subject has a valid decree of this kind, that decree is returned and
    nothing new is numbered or rendered (a double click on "approve and sign" gets the same decree). After
    a revocation a new decree may be issued. ``render`` gets the :class:`DecreeFields` (number, date,
    verification URL, letterhead, signer…) and returns the unsigned PDF; this function signs it.

    The office's signer backend signs (``signing.backend_for``): with ``bsre``, ``passphrase`` is the head's
    BSrE passphrase, used for the one signing request and kept nowhere. The signer is checked before the
    counter is locked (a missing passphrase, a certificate that is not ``ISSUE``), and the signing itself
    runs inside the transaction, after the number is taken: a refusal, a timeout or an outage of the
    esign-client raises :class:`signing.SigningError` after the rollback, so no number is used.

    Raises ``PermissionDenied`` unless ``actor`` is the head of ``office``; whatever ``render`` or signing
    raises propagates after everything was rolled back."""
    _check_head(actor, office, _("menerbitkan"), obj=subject, request=request)
    existing = decree_valid_for(subject, kind)
    if existing is not None:
        return existing
    signer_backend = signing.backend_for(decree_settings_for(office))
    signer_backend.check(passphrase)
    content_type = ContentType.objects.get_for_model(subject)
    storage = Decree._meta.get_field("pdf").storage
    saved: list[str] = []
    try:
        with transaction.atomic():
            decree_settings = decree_settings_for(office)
            issued_at = timezone.now()
            issued_on = timezone.localdate(issued_at)
            counter = _locked_counter(office=office, year=issued_on.year, kind=kind)
            # Under the counter lock: anyone issuing for this subject before us has committed by now.
            existing = decree_valid_for(subject, kind)
            if existing is not None:
                raise _AlreadyIssued(existing)
            sequence = _increment(counter)
            number = format_number(decree_settings.number_pattern(kind), sequence=sequence, day=issued_on)
            signer = Signer(
                position=decree_settings.signer_position,
                name=decree_settings.signer_name or actor.get_full_name(),
                rank=decree_settings.signer_rank,
                nip=decree_settings.signer_nip,
                certified_by="BSrE" if signer_backend.name == signing.SignerBackend.BSRE else "",
            )
            # What the renderer is told and the decree keeps alike.
            token = secrets.token_urlsafe(32)
            numbered: dict[str, Any] = {"kind": kind, "office": office, "number": number, "sequence": sequence,
                                        "year": issued_on.year, "issued_at": issued_at, "token": token}  # fmt: skip
            fields = DecreeFields(
                **numbered,
                issued_on=issued_on,
                verify_url=verify_url(token),
                letterhead=_letterhead(decree_settings),
                place=decree_settings.place,
                signer=signer,
                copies_to=tuple(decree_settings.copies_to_lines()),
            )
            signature = signing.SignatureRequest(
                reason=f"{title} Nomor {number}", location=decree_settings.place, name=signer.name,
                verify_url=fields.verify_url,
            )  # fmt: skip
            (signed,) = signer_backend.sign([render(fields)], [signature], passphrase=passphrase)
            decree = Decree(
                **numbered,
                content_type=content_type,
                object_id=subject.pk,
                title=title,
                office_name=office.name,
                subject_name=subject_name,
                subject_count=subject_count,
                signer_name=signer.name,
                signer_position=signer.position,
                pdf_size=len(signed),
                sha256=hashlib.sha256(signed).hexdigest(),
                issued_by=actor,
            )
            decree.pdf.save("sk.pdf", ContentFile(signed), save=False)
            saved.append(decree.pdf.name)
            try:
                with transaction.atomic():
                    decree.save(force_insert=True)
            except IntegrityError as exc:
                # Another request issued for this subject in another counter (a new year began): give up
                # our number too, then return theirs below.
                raise _AlreadyIssued() from exc
            audit_record(
                action=AuditAction.CREATED,
                actor=actor,
                obj=decree,
                request=request,
                data={
                    "event": "decree.issued",
                    "kind": kind,
                    "number": number,
                    "subject": f"{content_type.app_label}.{content_type.model}:{subject.pk}",
                    "sha256": decree.sha256,
                },
            )
    except _AlreadyIssued as already:
        _delete_files(storage, saved)
        found = already.decree or decree_valid_for(subject, kind)
        if found is None:
            raise ValidationError(
                _("Nomor SK bentrok dengan SK lain di kantor ini. Periksa pola nomor di Pengaturan SK."),
                code="decree_conflict",
            ) from already.__cause__
        return found
    except BaseException:
        _delete_files(storage, saved)
        raise
    return decree


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - logged, the orphan sweep removes it later
            logger.exception("Berkas SK yang batal tidak dapat dihapus: %s", name)


def _letterhead(decree_settings: DecreeSettings) -> Letterhead:
    """The kop surat (``letterhead.py``: coat of arms, Office contact lines), marked when the development
    certificate signs."""
    return letterhead_for(decree_settings, not_certified=signs_with_development_certificate(decree_settings))


# --- Revoke ----------------------------------------------------------------------------------------------


@denials_audited
def decree_revoke(*, decree: Decree, actor, reason: str, request=None) -> Decree:
    """Mark a decree revoked (it stays, with its file, number and a public "Dicabut" status).

    Only the head of the issuing office may revoke, and only with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan pencabutan wajib diisi."), code="reason_required")
    _check_head(actor, decree.office, _("mencabut"), obj=decree, request=request)
    with transaction.atomic():
        locked = Decree.objects.select_for_update().get(pk=decree.pk)
        if locked.status == DecreeStatus.REVOKED:
            raise ValidationError(_("SK ini sudah dicabut."), code="already_revoked")
        locked.status = DecreeStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = actor
        locked.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
        audit_record(
            action=AuditAction.STATUS_CHANGED,
            actor=actor,
            obj=locked,
            request=request,
            data={"event": "decree.revoked", "from": DecreeStatus.VALID, "to": DecreeStatus.REVOKED,
                  "number": locked.number},
        )  # fmt: skip
    return locked
