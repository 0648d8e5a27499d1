"""No module outside migrations and tests is longer than 600 lines (docs/architecture.md, "Checks that keep
this structure"): a module that grows past it is split by subject, as ``pkwt/rules/`` was."""

from __future__ import annotations

from pathlib import Path

import disnaker

LIMIT = 600


def test_no_module_outside_migrations_and_tests_passes_600_lines():
    root = Path(disnaker.__file__).parent
    too_long = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if "migrations" in parts or "tests" in parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            too_long[str(path.relative_to(root))] = lines
    assert too_long == {}
    assert sum(1 for _ in root.rglob("*.py")) > 100  # the walk did find the project's modules
