"""The decree-kind registry: what ``decrees`` knows of each kind of decree, told by the app that issues it.

``decrees`` numbers, signs, stores, revokes and verifies every decree, but it imports no domain app. Each app
registers its kinds in its ``AppConfig.ready()``: the words the public verification page uses for the decree's
two neutral subject fields (a company and its workers, a BKK, a participant…). The wording of each decree is in the app's own ``documents.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class DecreeKindSpec:
    kind: str  # a ``DecreeKind`` value
    subject_label: str  # what ``company_name`` holds for this kind, on the public page ("Perusahaan")
    count_label: str = ""  # what ``worker_count`` counts ("Jumlah pekerja"); empty: not shown
    count_unit: str = ""  # "orang"

    @property
    def labels(self) -> tuple[str, str, str]:
        return (self.subject_label, self.count_label, self.count_unit)


_registry: dict[str, DecreeKindSpec] = {}


def register(*specs: DecreeKindSpec) -> None:
    """Register (or, on a second ``ready()``, replace) decree kinds."""
    for spec in specs:
        _registry[spec.kind] = spec


def kind_spec(kind: str) -> DecreeKindSpec:
    try:
        return _registry[kind]
    except KeyError:
        raise ImproperlyConfigured(
            f"Jenis SK {kind!r} tidak terdaftar: aplikasi penerbitnya harus memanggil decrees.kinds.register()."
        ) from None


def registered_kinds() -> list[str]:
    return list(_registry)
