"""The decree-kind registry: what ``decrees`` knows of each kind of decree, told by the app that issues it.

``decrees`` numbers, signs, stores, revokes and verifies every decree, but it imports no domain app. Each app
registers its kinds in its ``AppConfig.ready()``: the words the public verification page uses for the decree's
two neutral subject fields (``subject_name``, ``subject_count``: a company and its workers, a BKK, a
participant…), the number pattern an office starts with, and who may open a decree's PDF. The wording of each
decree is in the app's own ``documents.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .numbering import validate_number_pattern

#: ``(user, decree) -> bool``, or its dotted path (resolved when first asked, so an app's ``permissions``
#: module is not imported during ``ready()``).
OpenPredicate = Callable[[object, object], bool]


@dataclass(frozen=True)
class DecreeKindSpec:
    kind: str  # a ``DecreeKind`` value
    subject_label: str  # what ``subject_name`` holds for this kind, on the public page ("Perusahaan")
    count_label: str = ""  # what ``subject_count`` counts ("Jumlah pekerja"); empty: not shown
    count_unit: str = ""  # "orang"
    #: The pattern of an office that has not set its own (``{seq}`` and ``{year}`` required).
    number_pattern_default: str = ""
    #: Who may open a decree PDF of this kind; ``None``: nobody through the application.
    can_open: OpenPredicate | str | None = None

    def __post_init__(self):
        try:
            validate_number_pattern(self.number_pattern_default)
        except Exception as exc:
            raise ImproperlyConfigured(
                f"Pola nomor bawaan jenis SK {self.kind!r} tidak valid: {self.number_pattern_default!r}."
            ) from exc

    @property
    def labels(self) -> tuple[str, str, str]:
        return (self.subject_label, self.count_label, self.count_unit)

    def may_open(self, user, decree) -> bool:
        predicate = self.can_open
        if predicate is None:
            return False
        if isinstance(predicate, str):
            predicate = import_string(predicate)
        return bool(predicate(user, decree))


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


def can_open(user, decree) -> bool:
    """Whether ``user`` may open ``decree``'s PDF: the predicate its app registered for the kind."""
    return user.is_authenticated and kind_spec(decree.kind).may_open(user, decree)
