"""The letterhead (kop surat) of an office's decrees, from its :class:`DecreeSettings` and its :class:`Office`.

A kop surat carries the region's coat of arms, the government and office lines, the address with its postcode
and the phone, e-mail and website (Permendagri 1/2023 on tata naskah dinas, Lampiran: "kop naskah dinas"
memuat lambang daerah, nama pemerintah daerah, nama perangkat daerah, alamat, telepon, faksimile, laman,
pos-el dan kode pos). The coat of arms is ``Office.coat_of_arms``, falling back to ``DecreeSettings.logo``;
the contact line is ``DecreeSettings.letterhead_contact`` when filled (a free-text override), otherwise it is
composed from the office's phone, e-mail and website, so an edit to the office shows on the next decree.
"""

from __future__ import annotations

import logging

from .models import DecreeSettings
from .pdf import Letterhead

logger = logging.getLogger(__name__)


def contact_line(office) -> str:
    """``Telp. … · Pos-el: … · Laman: …`` from the office's fields (the empty ones left out)."""
    website = (
        office.website.removeprefix("https://").removeprefix("http://").rstrip("/") if office.website else ""
    )
    parts = (
        f"Telp. {office.phone}" if office.phone else "",
        f"Pos-el: {office.email}" if office.email else "",
        f"Laman: {website}" if website else "",
    )
    return " · ".join(part for part in parts if part)


def address_line(address: str, postcode: str) -> str:
    """The address, with ``Kode Pos …`` added unless the postcode is already in it."""
    address = address.strip()
    if postcode and postcode not in address:
        return f"{address}, Kode Pos {postcode}" if address else f"Kode Pos {postcode}"
    return address


def _read(field) -> bytes | None:
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.exception("Gambar kop surat tidak dapat dibaca: %s", field.name)
        return None


def letterhead_for(decree_settings: DecreeSettings, *, not_certified: bool = False) -> Letterhead:
    office = decree_settings.office
    logo = _read(office.coat_of_arms) or _read(decree_settings.logo)
    return Letterhead(
        government=decree_settings.letterhead_government,
        office=decree_settings.letterhead_office,
        address=address_line(decree_settings.letterhead_address, office.postcode),
        contact=decree_settings.letterhead_contact.strip() or contact_line(office),
        logo=logo,
        not_certified=not_certified,
    )


def signs_with_development_certificate(decree_settings: DecreeSettings | None) -> bool:
    """The office signs with the self-signed development certificate (pkcs12 backend, no PKCS#12 set)."""
    from . import signing  # signing imports the BSrE client; keep this module light for the renderers

    backend = signing.backend_for(decree_settings)
    if not isinstance(backend, signing.Pkcs12Backend):
        return False
    try:
        return signing.key_source(decree_settings).is_development
    except Exception:  # noqa: BLE001 - no key at all: signing itself will refuse, with its own message
        return False
