"""What the registration queries read (issue 15): never an import's findings where they are not shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disnaker.pkwt import selectors

from .helpers import freeze_today, submitted_registration, worker

pytestmark = pytest.mark.django_db


def test_the_registration_queries_leave_the_findings_unread_until_shown(client, alice, monkeypatch):
    freeze_today(monkeypatch)
    registration = submitted_registration(alice, [worker(1), worker(2)])
    with CaptureQueriesContext(connection) as queries:
        listed = list(selectors.registrations_for(user=alice))
        assert listed[0].current_import.error_count == 0
    assert queries.captured_queries and not any("findings" in q["sql"] for q in queries.captured_queries)
    # The page that shows the report still has it (read when it is needed).
    assert listed[0].current_import.findings == registration.current_import.findings
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("pkwt:list")).status_code == 200
    assert not any('"findings"' in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("other_niks", [0, 600], ids=["asks-for-its-niks", "reads-the-history-once"])
def test_the_history_of_a_file_is_one_query_without_order_by(alice, monkeypatch, other_niks):
    """A small file asks for its workers; a file of more than 500 reads the company's history once and keeps
    its workers' (issue 15): the same contracts either way, one query, no sort."""
    from disnaker.pkwt.services import company_history

    from .helpers import nik_for

    freeze_today(monkeypatch)
    submitted_registration(alice, [worker(1), worker(2)])
    wanted = nik_for(sex="L", serial=1, birth=worker(1)[2])
    niks = {wanted} | {f"3216{n:012d}" for n in range(other_niks)}
    with CaptureQueriesContext(connection) as queries:
        history = company_history(company=alice.company, niks=niks, passports=set())
    assert [h.nik for h in history] == [wanted]
    assert len(queries.captured_queries) == 1
    assert "ORDER BY" not in queries.captured_queries[0]["sql"]
