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
