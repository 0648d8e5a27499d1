"""Every guidance URL × every persona, with the expected status. Out-of-scope objects answer 404; read-only
roles (province admin, ministry viewer) and the BKK operator on the office's pages get 403 on writes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from .helpers import activity_data, pdf_file, record_activity, report_post, submit_report

PERSONAS = ["anonymous", "alice", "vera", "hana", "oscar", "prita", "mira", "bima", "putri"]


def _table(**expected) -> dict:
    """``expected`` by persona; anonymous is always sent to the login page."""
    table = {"anonymous": "login", **expected}
    assert set(table) == set(PERSONAS), set(PERSONAS) - set(table)
    return table


OFFICE_READ = _table(alice=404, vera=200, hana=200, oscar=200, prita=200, mira=200, bima=404, putri=404)
ALL_READ = _table(alice=404, vera=200, hana=200, oscar=200, prita=200, mira=200, bima=200, putri=404)
OBJECT_READ = _table(alice=404, vera=200, hana=200, oscar=404, prita=200, mira=200, bima=200, putri=404)
OBJECT_WRITE = _table(alice=404, vera=302, hana=302, oscar=404, prita=403, mira=403, bima=403, putri=404)
OBJECT_EDIT_PAGE = _table(alice=404, vera=200, hana=200, oscar=404, prita=403, mira=403, bima=403, putri=404)
CREATE_PAGE = _table(alice=404, vera=200, hana=200, oscar=200, prita=403, mira=403, bima=403, putri=404)
# oscar may open the form, but bima's BKK is not among his choices: the form comes back with an error.
CREATE_POST = _table(alice=404, vera=302, hana=302, oscar=200, prita=403, mira=403, bima=403, putri=404)
PROPOSE = _table(alice=404, vera=302, hana=302, oscar=302, prita=403, mira=403, bima=404, putri=404)
REPORT_PAGE = _table(alice=404, vera=403, hana=403, oscar=403, prita=403, mira=403, bima=200, putri=404)
REPORT_POST = _table(alice=404, vera=403, hana=403, oscar=403, prita=403, mira=403, bima=302, putri=404)


def _activity_post(ctx) -> dict:
    data = activity_data()
    return {
        "bkk": ctx["bkk"].pk,
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()},
    }


TABLE = [
    ("activity list", "get", lambda c: reverse("guidance:activity_list"), None, ALL_READ),
    ("activity export", "get", lambda c: reverse("guidance:activity_export"), None, OFFICE_READ),
    ("activity create", "get", lambda c: reverse("guidance:activity_create"), None, CREATE_PAGE),
    ("activity create post", "post", lambda c: reverse("guidance:activity_create"), _activity_post, CREATE_POST),
    ("activity detail", "get", lambda c: reverse("guidance:activity_detail", args=[c["activity"].pk]), None,
     OBJECT_READ),
    ("activity edit", "get", lambda c: reverse("guidance:activity_edit", args=[c["activity"].pk]), None,
     OBJECT_EDIT_PAGE),
    ("activity edit post", "post", lambda c: reverse("guidance:activity_edit", args=[c["activity"].pk]),
     _activity_post, OBJECT_WRITE),
    ("follow-up done", "post", lambda c: reverse("guidance:activity_follow_up_done", args=[c["activity"].pk]),
     lambda c: {"note": "Sudah dikerjakan"}, OBJECT_WRITE),
    ("attachment", "get", lambda c: reverse("guidance:attachment", args=[c["activity"].pk, c["attachment"].pk]),
     None, OBJECT_READ),
    ("attachment delete", "post",
     lambda c: reverse("guidance:attachment_delete", args=[c["activity"].pk, c["attachment"].pk]), None,
     OBJECT_WRITE),
    ("monitoring", "get", lambda c: reverse("guidance:bkk_monitoring"), None, OFFICE_READ),
    ("monitoring propose", "post", lambda c: reverse("guidance:bkk_monitoring_propose"), None, PROPOSE),
    ("report list", "get", lambda c: reverse("guidance:report_list"), None, ALL_READ),
    ("report create", "get", lambda c: reverse("guidance:report_create"), None, REPORT_PAGE),
    ("report create post", "post", lambda c: reverse("guidance:report_create"),
     lambda c: report_post(timezone.localdate().year - 1, 4), REPORT_POST),
    ("report export", "get", lambda c: reverse("guidance:report_export"), None, OFFICE_READ),
    ("report summary", "get", lambda c: reverse("guidance:report_summary"), None, OFFICE_READ),
    ("report detail", "get", lambda c: reverse("guidance:report_detail", args=[c["report"].pk]), None, OBJECT_READ),
]  # fmt: skip

CASES = [
    pytest.param(name, method, url, data, persona, expected, id=f"{name}-{persona}")
    for name, method, url, data, table in TABLE
    for persona, expected in table.items()
]


@pytest.fixture
def ctx(vera, bima, putri, bkk):
    activity = record_activity(vera, bkk, attachments=[pdf_file()])
    report = submit_report(bima, year=timezone.localdate().year - 1, month=1)
    return {"bkk": bkk, "activity": activity, "attachment": activity.attachments.get(), "report": report}


@pytest.mark.parametrize(("name", "method", "url", "data", "persona", "expected"), CASES)
def test_authorization_table(request, client, ctx, name, method, url, data, persona, expected):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(url(ctx), data(ctx) if data else None)
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, (name, persona, response.status_code)


def test_every_guidance_url_is_in_the_table():
    from disnaker.guidance import urls

    names = {p.name for p in urls.urlpatterns}
    covered = {url(_Ctx()).split("?")[0] for _n, _m, url, _d, _t in TABLE}
    assert len(covered) == len(names), (names, covered)


class _Ctx(dict):
    """A stand-in giving pk 1 to every object, to list the table's URLs without a database."""

    def __missing__(self, key):
        return type("Obj", (), {"pk": 1})()
