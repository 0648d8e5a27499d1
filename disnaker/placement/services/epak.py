"""The e-pengantarkerja channel: recording each PAK's status there, one at a time or from the list exported
from e-pengantarkerja (preview first, applied on confirmation, all or nothing).

Kemnaker letter B-3/4662/PK.01.02/IX/2025, point 2: the PAK registers "secara mandiri melalui aplikasi
e-pengantarkerja", the province admin verifies "dalam aplikasi e-pengantarkerja" and monitors the registration
status there "secara berkala". The portal keeps only the status it last saw, when and by whom.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.headers import normalize_header
from disnaker.core.nik import nik_mask
from disnaker.core.workflow import status_transition

from .. import epak_excel, permissions
from ..constants import EPAK_STATUSES, EPAK_TRANSITIONS, AppointmentStatus, ProfileStatus
from ..models import EpakStatusCheck, PakProfile

_PREVIEW_SALT = "disnaker.placement.epak-preview"
PREVIEW_VALID = datetime.timedelta(hours=1)


def _epak_label(status: str) -> str:
    return str(EPAK_STATUSES.get(status) or ProfileStatus(status).label)  # type: ignore[call-overload]


def _record(profile: PakProfile, *, to_status: str, actor, now, source: str, note: str = "", file_name: str = "",
            request=None) -> EpakStatusCheck:  # fmt: skip
    """One check: the status moves if it changed (history and audit by ``status_transition``); the time and the
    checker are recorded either way."""
    from_status = profile.status
    profile.checked_at = now
    profile.checked_by = actor
    if from_status != to_status:
        fields = ["checked_at", "checked_by"]
        if to_status == ProfileStatus.VERIFIED:
            # The dashboards count verifications by this date in both channels (the monthly chart).
            profile.verified_at, profile.verified_by = now, actor
            fields += ["verified_at", "verified_by"]
        status_transition(
            obj=profile, to_status=to_status, transitions=EPAK_TRANSITIONS, actor=actor, request=request,
            note=note or _("Status e-pengantarkerja: %(s)s.") % {"s": _epak_label(to_status)},
            update_fields=fields,
        )  # fmt: skip
    else:
        profile.save(update_fields=["checked_at", "checked_by"])
    return EpakStatusCheck.objects.create(
        profile=profile, from_status=from_status, to_status=to_status, source=source, note=note,
        file_name=file_name[:200], checked_at=now, checked_by=actor,
    )  # fmt: skip


@denials_audited
def epak_status_record(
    *, profile: PakProfile, actor, status: str, note: str = "", request=None
) -> PakProfile:
    """The kab/kota staff or the province admin record what e-pengantarkerja shows for one PAK."""
    if status not in EPAK_STATUSES:
        raise ValidationError(_("Pilih status e-pengantarkerja yang tersedia."), code="epak_status")
    with transaction.atomic():
        locked = (
            PakProfile.objects.select_for_update(of=("self",))
            .select_related("officer__office")
            .get(pk=profile.pk)
        )
        if not permissions.can_record_epak_status(actor, locked.officer):
            deny(actor=actor, obj=locked, request=request,
                 message=_("Hanya Disnaker kab/kota atau admin provinsi wilayah PAK ini yang dapat mencatat "
                           "status e-pengantarkerja."))  # fmt: skip
        if locked.officer.status != AppointmentStatus.APPOINTED:
            raise ValidationError(_("Penetapan PAK ini sudah berakhir."), code="not_appointed")
        check = _record(locked, to_status=status, actor=actor, now=timezone.now(),
                        source=EpakStatusCheck.Source.MANUAL, note=(note or "").strip(), request=request)  # fmt: skip
        audit_record(action=AuditAction.UPDATED, actor=actor, obj=locked, office=locked.officer.office,
                     request=request, data={"epak_status": status, "from": check.from_status, "source": "manual"})  # fmt: skip
    return locked


# --- The uploaded list ------------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    row: int
    profile_pk: int
    name: str
    bkk: str
    nik_masked: str
    from_status: str
    to_status: str

    @property
    def changed(self) -> bool:
        return self.from_status != self.to_status

    @property
    def from_label(self) -> str:
        return _epak_label(self.from_status)

    @property
    def to_label(self) -> str:
        return _epak_label(self.to_status)


@dataclass
class Preview:
    file_name: str
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    token: str = ""

    @property
    def changes(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.changed]

    @property
    def unchanged(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.changed]


def profiles_in_scope(actor):
    """The appointed PAK whose status the actor records: their kab/kota office's, or every kab/kota office's
    under their province."""
    qs = PakProfile.objects.filter(officer__status=AppointmentStatus.APPOINTED).select_related("officer__bkk")
    if permissions.is_regency_staff(actor):
        return qs.filter(officer__office=actor.office_id)
    if permissions.is_province_admin(actor):
        return qs.filter(officer__office__parent=actor.office_id)
    return qs.none()


def epak_upload_preview(*, data: bytes, file_name: str, actor) -> Preview:
    """What the uploaded list would change. Every problem is listed with its row and column; a preview with
    errors has no token, so nothing of it can be applied."""
    if not permissions.can_upload_epak_statuses(actor):
        deny(actor=actor)
    preview = Preview(file_name=file_name)
    try:
        rows = epak_excel.read_rows(data)
    except epak_excel.EpakFileError as exc:
        preview.errors.append(str(exc))
        return preview
    by_nik = {p.officer.nik: p for p in profiles_in_scope(actor)}
    seen: dict[str, tuple[int, str]] = {}
    allowed = ", ".join(str(label) for label in EPAK_STATUSES.values())
    for r in rows:
        where = _("Baris %(row)d kolom %(col)s") % {"row": r.row, "col": r.nik_column}
        nik = "".join(ch for ch in r.nik if not ch.isspace())
        status = epak_excel.STATUS_LOOKUP.get(normalize_header(r.status_text))
        if status is None:
            preview.errors.append(
                _(
                    "Baris %(row)d kolom %(col)s: status “%(text)s” tidak dikenal. Gunakan salah satu: %(allowed)s."
                )
                % {
                    "row": r.row,
                    "col": r.status_column,
                    "text": r.status_text[:40] or _("(kosong)"),
                    "allowed": allowed,
                }  # fmt: skip
            )
        if not nik:
            preview.errors.append(_("%(where)s: NIK kosong.") % {"where": where})
            continue
        if len(nik) != 16 or not nik.isdigit():
            preview.errors.append(
                _("%(where)s: NIK harus 16 digit angka (tertulis %(n)d karakter).")
                % {"where": where, "n": len(nik)}
            )
            continue
        profile = by_nik.get(nik)
        if profile is None:
            preview.errors.append(
                _("%(where)s: NIK %(nik)s tidak ada di antara PAK yang ditetapkan di wilayah Anda.")
                % {"where": where, "nik": nik_mask(nik)}
            )
            continue
        if status is None:
            continue
        if nik in seen:
            first_row, first_status = seen[nik]
            if first_status != status:
                preview.errors.append(
                    _(
                        "%(where)s: NIK %(nik)s juga ada di baris %(first)d dengan status lain (%(a)s dan %(b)s). "
                        "Sisakan satu baris untuk NIK ini."
                    )  # fmt: skip
                    % {
                        "where": where,
                        "nik": nik_mask(nik),
                        "first": first_row,
                        "a": _epak_label(first_status),
                        "b": _epak_label(status),
                    }  # fmt: skip
                )
            continue
        seen[nik] = (r.row, status)
        officer = profile.officer
        preview.rows.append(PreviewRow(row=r.row, profile_pk=profile.pk, name=officer.name, bkk=officer.bkk.name,
                                       nik_masked=nik_mask(nik), from_status=profile.status, to_status=status))  # fmt: skip
    if not preview.errors:
        preview.token = signing.dumps(
            {"u": actor.pk, "f": file_name[:200], "c": [[r.profile_pk, r.from_status, r.to_status] for r in preview.rows]},
            salt=_PREVIEW_SALT, compress=True,
        )  # fmt: skip
    return preview


@denials_audited
def epak_upload_apply(*, token: str, actor, request=None) -> dict:
    """Apply a preview: every row or none. A status changed since the preview stops it all (upload again)."""
    if not permissions.can_upload_epak_statuses(actor):
        deny(actor=actor, request=request)
    try:
        data = signing.loads(token, salt=_PREVIEW_SALT, max_age=PREVIEW_VALID)
    except signing.BadSignature:
        raise ValidationError(
            _("Pratinjau sudah kedaluwarsa atau tidak sah. Unggah lagi berkasnya."), code="preview_expired"
        ) from None
    if data.get("u") != actor.pk:
        deny(actor=actor, request=request)
    wanted = {int(pk): (old, new) for pk, old, new in data["c"]}
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        locked = {
            p.pk: p for p in profiles_in_scope(actor).filter(pk__in=wanted).select_for_update(of=("self",))
        }
        stale = [pk for pk, (old, _new) in wanted.items() if pk not in locked or locked[pk].status != old]
        if stale:
            raise ValidationError(
                _(
                    "Status %(n)d PAK berubah sejak pratinjau dibuat. Tidak ada yang diterapkan; unggah lagi "
                    "berkasnya."
                )
                % {"n": len(stale)},  # fmt: skip
                code="preview_stale",
            )
        for pk, (old, new) in wanted.items():
            _record(locked[pk], to_status=new, actor=actor, now=now, source=EpakStatusCheck.Source.UPLOAD,
                    file_name=data.get("f", ""), request=request)  # fmt: skip
            changed += old != new
        audit_record(action=AuditAction.UPDATED,
                     actor=actor, request=request,
                     data={"event": "epak_status.upload", "rows": len(wanted), "changed": changed,
                           "file": data.get("f", "")})  # fmt: skip
    return {"rows": len(wanted), "changed": changed}
