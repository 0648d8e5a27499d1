"""The registration status as the deployment's channel names it (``PAK_REGISTRATION_CHANNEL``)."""

from __future__ import annotations

from django import template

from .. import channel

register = template.Library()


@register.filter
def pak_status(status: str) -> str:
    """``{{ profile.status|pak_status }}``: "Ditolak" at e-pengantarkerja, "Verifikasi ditolak" internally."""
    return channel.status_label(status) if status else ""


@register.simple_tag
def pak_status_heading() -> str:
    return channel.status_heading()


@register.simple_tag
def pak_channel_epak() -> bool:
    return channel.is_epak()
