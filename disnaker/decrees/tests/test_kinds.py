"""Every decree kind is registered by the app that issues it, and ``decrees`` imports no domain app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.kinds import kind_spec, registered_kinds

DECREES = Path(__file__).resolve().parents[1]
DOMAIN_APPS = ("pkwt", "placement", "training", "guidance", "notifications", "api")


def test_every_kind_is_registered_with_its_public_labels():
    assert set(registered_kinds()) == set(DecreeKind.values)
    assert kind_spec(DecreeKind.PKWT_REGISTRATION).labels == ("Perusahaan", "Jumlah pekerja", "orang")
    assert kind_spec(DecreeKind.TRAINING_CERTIFICATE).labels == ("Nama peserta", "", "")


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
