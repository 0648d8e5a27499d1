"""Matching the header row of an uploaded spreadsheet: the PKWT worker import and the e-pengantarkerja status
list compare column titles the same way (case, spaces, ``_``, ``-`` and ``.`` do not matter)."""

from __future__ import annotations


def normalize_header(text: object) -> str:
    return "".join(ch for ch in str(text).lower() if ch not in " _-.\t\n").strip()


def header_lookup(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """``{normalized title: key}`` for ``{key: (title, alias, …)}``."""
    return {normalize_header(name): key for key, names in columns.items() for name in (key, *names)}
