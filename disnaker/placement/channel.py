"""Which registration channel this deployment runs (``PAK_REGISTRATION_CHANNEL``)."""

from __future__ import annotations

from django.conf import settings

from .constants import EPAK_CHANNEL, EPAK_STATUSES, ProfileStatus


def is_epak() -> bool:
    """The PAK registers at Kemnaker's e-pengantarkerja (the default); else the portal is the registry."""
    return getattr(settings, "PAK_REGISTRATION_CHANNEL", EPAK_CHANNEL) == EPAK_CHANNEL


def status_label(status: str) -> str:
    """A registration status as this channel names it."""
    if is_epak() and status in EPAK_STATUSES:
        return str(EPAK_STATUSES[status])  # type: ignore[index]
    labels = dict(ProfileStatus.choices)
    return str(labels.get(status, status))


def status_heading() -> str:
    return "Status e-pengantarkerja" if is_epak() else "Status registrasi"
