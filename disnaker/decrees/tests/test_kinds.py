"""Every decree kind is registered by the app that issues it, and ``decrees`` imports no domain app."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from disnaker.decrees import kinds
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.kinds import DecreeKindSpec, can_open, kind_spec, register, registered_kinds
from disnaker.decrees.numbering import validate_number_pattern

DECREES = Path(__file__).resolve().parents[1]
DOMAIN_APPS = ("pkwt", "placement", "training", "guidance", "notifications", "api")


def test_every_kind_is_registered_with_its_public_labels():
    assert set(registered_kinds()) == set(DecreeKind.values)
    assert kind_spec(DecreeKind.PKWT_REGISTRATION).labels == ("Perusahaan", "Jumlah pekerja", "orang")
    assert kind_spec(DecreeKind.TRAINING_CERTIFICATE).labels == ("Nama peserta", "", "")


def test_every_kind_has_a_valid_default_pattern_and_an_open_predicate():
    for kind in DecreeKind.values:
        spec = kind_spec(kind)
        validate_number_pattern(spec.number_pattern_default)
        assert spec.can_open is not None


def test_a_kind_with_a_bad_default_pattern_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Pola nomor bawaan"):
        DecreeKindSpec("sk_lain", "Subjek", number_pattern_default="{seq}/tanpa-tahun")


def test_can_open_asks_the_kind_s_predicate():
    calls = []
    spec = DecreeKindSpec("sk_uji", "Subjek", number_pattern_default="{seq}/{year}",
                          can_open=lambda user, decree: calls.append(decree) or True)  # fmt: skip
    closed = DecreeKindSpec("sk_tutup", "Subjek", number_pattern_default="{seq}/{year}")
    register(spec, closed)
    try:
        user = SimpleNamespace(is_authenticated=True)
        assert can_open(user, SimpleNamespace(kind="sk_uji")) and len(calls) == 1
        assert not can_open(user, SimpleNamespace(kind="sk_tutup"))
        assert not can_open(SimpleNamespace(is_authenticated=False), SimpleNamespace(kind="sk_uji"))
    finally:
        for kind in ("sk_uji", "sk_tutup"):
            kinds._registry.pop(kind)


def test_an_unknown_kind_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="tidak terdaftar"):
        kind_spec("sk_lain")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_decrees_imports_no_domain_app():
    offenders = {
        str(path.relative_to(DECREES)): sorted(
            name for name in _imports(path) if name.startswith(tuple(f"disnaker.{a}" for a in DOMAIN_APPS))
        )
        for path in DECREES.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}
