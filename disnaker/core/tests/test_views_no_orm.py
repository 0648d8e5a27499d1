"""Views make no queries of their own: every read is a named function in the app's ``selectors.py`` (and who
may open what is in its ``permissions.py``). This test reads each views module with ``ast`` and lists every
place that touches a model manager (``Model.objects``, ``ContentType.objects``) or calls a queryset method
that builds or runs a query (``x.filter(...)``, ``related.order_by(...)``, ``qs.first()``...).

``get_scoped_or_404(queryset, ...)`` stays in views (the audited lookup); the queryset it takes comes from a
selector."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

#: Queryset methods that only a query has (dict.get, list.count and Counter.update share other names).
QUERY_METHODS = frozenset(
    {
        "aggregate",
        "annotate",
        "distinct",
        "exclude",
        "exists",
        "filter",
        "first",
        "get_for_model",
        "in_bulk",
        "last",
        "order_by",
        "prefetch_related",
        "select_related",
        "values",
        "values_list",
    }
)


def view_modules() -> list[Path]:
    return sorted([*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/views/*.py")])


def offenders(source: str, filename: str = "<views>") -> list[str]:
    """``file:line: what`` for each manager access or query method call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{filename}:{node.lineno}: .objects")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
        ):
            found.append(f"{filename}:{node.lineno}: .{node.func.attr}()")
    return found


def test_the_views_modules_are_found():
    names = {str(p.relative_to(PACKAGE)) for p in view_modules()}
    assert {"training/views.py", "placement/views/public.py", "accounts/views/office.py"} <= names


@pytest.mark.parametrize(
    "source",
    [
        "def v(request):\n    return Bkk.objects.first()\n",
        "def v(request):\n    ct = ContentType.objects\n",
        "def v(request, training):\n    return training.participants.filter(attendance='hadir')\n",
        "def v(request):\n    return selectors.bkks_for(user=request.user).order_by('name')\n",
        "from x import Bkk\nqs = Bkk.objects\n",
    ],
)
def test_a_query_in_a_view_is_caught(source):
    assert offenders(source)


def test_plain_dict_and_form_calls_pass():
    source = "def v(request):\n    x = request.GET.get('q')\n    form.cleaned_data.get('a')\n    counter.update(x)\n"
    assert offenders(source) == []


def test_views_make_no_queries_of_their_own():
    found = []
    for path in view_modules():
        found += offenders(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    assert found == [], "Move these reads into the app's selectors.py:\n" + "\n".join(found)
