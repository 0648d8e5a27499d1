"""The apps' import graph points one way: each app imports only from the layers below it.

Every module under ``disnaker/`` (tests and migrations aside) is read with ``ast``; every ``import`` and
``from … import`` counts, wherever it stands (inside a function or under ``TYPE_CHECKING`` too), since a
lazy import is still a dependency. Dotted paths in strings (``enqueue_on_commit("disnaker.pkwt.tasks…")``,
the flows' permission predicates, settings) are not imports: they are resolved at run time, by design.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

from django.utils.module_loading import import_string

import disnaker

ROOT = Path(disnaker.__file__).parent

#: Bottom to top. An app may import its own modules and those of the apps in the layers below it.
#: - ``notifications`` (the outbox) needs only ``core``; ``accounts`` sends its e-mails through it.
#: - ``decrees`` knows roles (``accounts.constants``) but no domain app: each app registers its kinds.
#: - ``guidance`` (the BKK's technical guidance and placement reports) and ``training`` (bimtek for PAK) are
#:   built on ``placement``'s BKK and PAK, so they stand one layer above it; ``pkwt`` and ``placement`` do not
#:   know each other, nor do ``guidance`` and ``training``.
#: - ``api`` exposes ``pkwt``; ``portal`` (the menu, the dashboard, ``seed_demo``) ties everything together.
LAYERS: list[set[str]] = [
    {"core"},
    {"notifications"},
    {"accounts"},
    {"decrees"},
    {"pkwt", "placement"},
    {"guidance", "training"},
    {"api"},
    {"portal"},
]

#: Imports between two apps of one layer that are allowed, as ``(importer, imported)``. None today.
SAME_LAYER_ALLOWED: set[tuple[str, str]] = set()


def layer_of(app: str) -> int:
    for level, apps in enumerate(LAYERS):
        if app in apps:
            return level
    raise AssertionError(f"disnaker.{app} is in no layer of {__name__}.LAYERS: add it")


def source_modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


@functools.cache
def module_names() -> frozenset[str]:
    return frozenset(name for name, _ in source_modules())


def imports_of(name: str, path: Path) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every import in the file; ``from X import Y`` gives ``X.Y`` when that is a
    module (a submodule imported by name), else ``X``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    seen = set()
    for line, module in _raw_imports(package, path):
        if (line, module) not in seen:
            seen.add((line, module))
            yield line, module


def _raw_imports(package: str, path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                yield node.lineno, submodule if submodule in module_names() else module


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "disnaker" else None


def layer_violations() -> list[str]:
    found = []
    for name, path in source_modules():
        importer = app_of(name)
        if importer is None:
            continue
        for line, module in imports_of(name, path):
            imported = app_of(module)
            if imported is None or imported == importer:
                continue
            upward = layer_of(imported) > layer_of(importer)
            sideways = (
                layer_of(imported) == layer_of(importer) and (importer, imported) not in SAME_LAYER_ALLOWED
            )
            if upward or sideways:
                where = path.relative_to(ROOT.parent)
                found.append(f"{where}:{line} imports {module} ({importer} -> {imported})")
    return found


def test_no_app_imports_a_higher_layer_or_a_neighbour():
    violations = layer_violations()
    assert not violations, "\n".join(violations)


def test_every_app_is_in_a_layer():
    apps = {path.name for path in ROOT.iterdir() if (path / "apps.py").exists()}
    assert apps == set().union(*LAYERS)


def _is(kind: str, module: str) -> bool:
    return kind in module.split(".")


def test_services_never_import_tasks():
    """Tasks import the services they run; a service queues a task by its dotted path
    (``core.worker.enqueue_on_commit``), so the two never import each other."""
    found = [
        f"{path.relative_to(ROOT.parent)}:{line} imports {module}"
        for name, path in source_modules()
        if _is("services", name)
        for line, module in imports_of(name, path)
        if _is("tasks", module) and app_of(module)
    ]
    assert not found, "\n".join(found)


def test_no_import_cycle_goes_through_a_tasks_module():
    known = module_names()
    graph = {
        name: {module for _, module in imports_of(name, path) if module in known and module != name}
        for name, path in source_modules()
    }

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            for target in graph[stack.pop()]:
                if target == goal:
                    return True
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return False

    cycles = [name for name in graph if _is("tasks", name) and reaches(name, name)]
    assert not cycles, "\n".join(cycles)


def test_every_task_queued_by_name_exists():
    """What is given to ``enqueue_on_commit`` (a string, or a module-level constant holding one) names a
    real task under its own path: a typo would only show at run time, in a worker."""
    from django_tasks.base import Task

    paths = []
    for _name, path in source_modules():
        tree = ast.parse(path.read_text())
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            if getattr(func, "id", getattr(func, "attr", None)) != "enqueue_on_commit" or not node.args:
                continue
            first = node.args[0]
            dotted = (
                first.value if isinstance(first, ast.Constant) else constants.get(getattr(first, "id", ""))
            )
            assert isinstance(dotted, str), f"{path}:{node.lineno}: give the task's path as a constant"
            paths.append(dotted)
    assert len(paths) >= 4, paths
    for dotted in paths:
        task = import_string(dotted)
        assert isinstance(task, Task) and task.module_path == dotted, dotted
