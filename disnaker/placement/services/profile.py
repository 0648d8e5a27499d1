"""PAK invitations and profiles: the invitation link, the PAK's own profile and the province's
verification."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.core import throttle
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.flows import run_step
from disnaker.core.workflow import status_transition

from .. import channel, permissions
from ..constants import PROFILE_EDITABLE, PROFILE_FLOW, PROFILE_TRANSITIONS, ProfileStatus
from ..models import PakProfile
from ._common import _email

# --- Invitation and profile --------------------------------------------------------------------------------

_INVITATION_SALT = "disnaker.placement.invitation"


def invitation_token(user: User) -> str:
    """A signed, expiring token naming the user and their current password hash: it stops working once a
    password is set (the hash changes)."""
    return signing.dumps({"u": user.pk, "p": user.password[-16:]}, salt=_INVITATION_SALT, compress=True)


def invitation_user(token: str) -> User | None:
    max_age = datetime.timedelta(days=settings.PAK_INVITATION_VALID_DAYS)
    try:
        data = signing.loads(token, salt=_INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), role=Role.PLACEMENT_OFFICER, is_active=True).first()
    if user is None or user.password[-16:] != data.get("p"):
        return None
    return user


def _send_invitation(profile: PakProfile) -> None:
    user = profile.user
    assert user is not None, "a PAK profile is created with its account"
    link = settings.SITE_URL + reverse("placement:invitation", args=[invitation_token(user)])
    _email(
        user.email,
        _("Undangan registrasi Petugas Antar Kerja"),
        "pak_invitation",
        officer=profile.officer,
        link=link,
        valid_days=settings.PAK_INVITATION_VALID_DAYS,
        # The e-pengantarkerja channel: the PAK registers there (letter B-3/4662/PK.01.02/IX/2025, point 2); the
        # link only opens the portal account (bimtek, certificates).
        epak_url=settings.E_PENGANTARKERJA_URL if channel.is_epak() else "",
    )


def invitation_pending(profile: PakProfile) -> bool:
    """The PAK has not used the invitation yet: in the internal channel, not registered; at e-pengantarkerja
    (where the status is Kemnaker's), the portal account has no password yet."""
    if channel.is_epak():
        return profile.user is not None and not profile.user.has_usable_password()
    return profile.status == ProfileStatus.NOT_REGISTERED


@denials_audited
def invitation_resend(*, profile: PakProfile, actor, request=None) -> None:
    """Staff of the PAK's office (or its BKK operator) send a fresh link to a PAK who has not registered."""
    officer = profile.officer
    operator_ok = getattr(actor, "role", None) == Role.BKK_OPERATOR and getattr(actor, "bkk", None) is not None \
        and actor.bkk.pk == officer.bkk_id  # fmt: skip
    if not (permissions.is_regency_staff(actor, officer.office) or operator_ok):
        deny(actor=actor, obj=profile, request=request)
    assert profile.user is not None, "a PAK profile is created with its account"
    if not invitation_pending(profile):
        raise ValidationError(_("PAK ini sudah registrasi."), code="already_registered")
    if not throttle.recipient_allowed(profile.user.email):
        # The button is unlimited otherwise: an inbox could be flooded with invitations.
        throttle.record_rate_limited(request, scope="pak-invitation-recipient")
        raise ValidationError(
            throttle.wait_message(
                throttle.retry_after(),
                what=_("Undangan ke alamat ini sudah terlalu sering dikirim dalam satu jam."),
            ),
            code="rate_limited",
        )
    with transaction.atomic():
        PakProfile.objects.filter(pk=profile.pk).update(invited_at=timezone.now())
        _send_invitation(profile)
        audit_record(
            action=AuditAction.UPDATED,
            actor=actor,
            obj=profile,
            request=request,
            data={"invitation": "resent"},
        )


def invitation_accept(*, user: User, password: str, request=None) -> PakProfile:
    """The PAK sets a password: registered, the profile is next."""
    with transaction.atomic():
        profile = PakProfile.objects.select_for_update().get(user=user)
        user.set_password(password)
        user.must_change_password = False
        user.password_expires_at = None
        user.save(update_fields=["password", "must_change_password", "password_expires_at"])
        if channel.is_epak():
            # The status is e-pengantarkerja's: activating the portal account does not change it.
            if profile.registered_at is None:
                profile.registered_at = timezone.now()
                profile.save(update_fields=["registered_at"])
        elif profile.status == ProfileStatus.NOT_REGISTERED:
            profile.registered_at = timezone.now()
            status_transition(
                obj=profile, to_status=ProfileStatus.PROFILE_INCOMPLETE, transitions=PROFILE_TRANSITIONS,
                actor=user, request=request, note=_("Akun diaktifkan; profil belum lengkap."),
                update_fields=["registered_at"],
            )  # fmt: skip
    return profile


PROFILE_FIELDS = (
    "birth_place", "birth_date", "sex", "address", "education_institution", "graduation_year", "work_history",
    "trainings_attended",
)  # fmt: skip
PROFILE_OFFICER_FIELDS = ("phone", "education_level", "education_major")


def profile_missing(profile: PakProfile) -> list[str]:
    """The profile's empty required parts, by label."""
    labels = {f.name: str(f.verbose_name) for f in PakProfile._meta.fields}
    required = ("birth_place", "birth_date", "sex", "address", "education_institution", "graduation_year",
                "work_history", "photo")  # fmt: skip
    return [labels[name].capitalize() for name in required if not getattr(profile, name)]


def _lock_own_profile(profile: PakProfile, actor, request=None) -> PakProfile:
    locked = PakProfile.objects.select_for_update(of=("self",)).select_related("officer").get(pk=profile.pk)
    if locked.user_id != getattr(actor, "pk", None):
        deny(actor=actor, obj=locked, request=request)
    if locked.status not in PROFILE_EDITABLE:
        raise ValidationError(_("Profil sedang diverifikasi atau sudah terverifikasi."), code="not_editable")
    return locked


@denials_audited
def profile_save(*, profile: PakProfile, actor, data: dict, request=None) -> PakProfile:
    """The PAK saves the profile (a draft until submitted). A photo left empty keeps the current one."""
    with transaction.atomic():
        locked = _lock_own_profile(profile, actor, request)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        if data.get("photo"):
            locked.photo = data["photo"]
        locked.save()
        officer = locked.officer
        changed = [n for n in PROFILE_OFFICER_FIELDS if n in data and getattr(officer, n) != data[n]]
        for name in changed:
            setattr(officer, name, data[name])
        if changed:
            officer.save(update_fields=changed)
        audit_record(
            action=AuditAction.UPDATED, actor=actor, obj=locked, request=request, data={"profile": "saved"}
        )
    return locked


@denials_audited
def profile_submit(*, profile: PakProfile, actor, request=None) -> PakProfile:
    with transaction.atomic():
        locked = _lock_own_profile(profile, actor, request)
        missing = profile_missing(locked)
        if missing:
            raise ValidationError(
                _("Lengkapi dulu: %(fields)s.") % {"fields": ", ".join(missing)}, code="profile_incomplete"
            )
        locked.submitted_at = timezone.now()
        locked.rejection_reason = ""
        status_transition(
            obj=locked, to_status=ProfileStatus.AWAITING_VERIFICATION, transitions=PROFILE_TRANSITIONS,
            actor=actor, request=request, note=_("Profil dikirim untuk verifikasi provinsi."),
            update_fields=["submitted_at", "rejection_reason"],
        )  # fmt: skip
    return locked


def profile_verified(profile: PakProfile, *, actor, **_extra) -> list[str]:
    """The effect of the province's verification (``PROFILE_FLOW``): who verified it, and when."""
    profile.verified_at = timezone.now()
    profile.verified_by = actor
    return ["verified_at", "verified_by"]


def profile_refused(profile: PakProfile, *, note: str, **_extra) -> list[str]:
    """The effect of the province's rejection: the reason, shown to the PAK until they send the profile again."""
    profile.rejection_reason = note
    return ["rejection_reason"]


@denials_audited
def profile_verify(*, profile: PakProfile, actor, request=None) -> PakProfile:
    return run_step(flow=PROFILE_FLOW, step="verifikasi", obj=profile, actor=actor, request=request)


@denials_audited
def profile_reject(*, profile: PakProfile, actor, reason: str, request=None) -> PakProfile:
    return run_step(flow=PROFILE_FLOW, step="tolak", obj=profile, actor=actor, note=reason, request=request)
