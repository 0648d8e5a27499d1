"""A GET changes nothing: every persona follows every link it is shown, and no page it opens writes to the
database, apart from the audit log (opening personal data or a document is audited on purpose), the
session, and the image captcha's challenge rows (limited per client; see core.throttle)."""

from __future__ import annotations

import html
import io
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from disnaker.accounts.models import User
from disnaker.placement import services
from disnaker.placement.constants import AppointmentStatus
from disnaker.placement.models import PlacementOfficer, ProvinceReport

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
ALLOWED_TABLES = {"core_auditlog", "django_session", "captcha_captchastore"}
SKIP_PREFIXES = ("/static/", "/admin/", "/keluar/", "/captcha/")
PAGES_PER_PERSONA = 80


def crawl(client: Client, start: list[str]) -> tuple[set[str], list[tuple[str, str]]]:
    """Open ``start`` and every same-site link found (one URL per path), recording writes per page."""
    seen: set[str] = set()
    queue = deque(start)
    writes: list[tuple[str, str]] = []
    while queue and len(seen) < PAGES_PER_PERSONA:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        for query in queries.captured_queries:
            match = WRITE.match(query["sql"])
            if match and match.group(1).lower() not in ALLOWED_TABLES:
                writes.append((url, query["sql"][:160]))
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            queue.extend(html.unescape(h) for h in re.findall(r'href="(/[^"#]*)"', response.content.decode()))
    return seen, writes


@pytest.fixture
def demo_world(settings):
    settings.DEBUG = True  # seed_demo is for development only
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    head = User.objects.get(email="head@demo.local")
    appointed = PlacementOfficer.objects.filter(office=head.office, status=AppointmentStatus.APPOINTED)
    services.province_report_send(
        office=head.office,
        actor=head,
        officer_ids=list(appointed.values_list("pk", flat=True)),
        note="Triwulan I",
    )
    return ProvinceReport.objects.get()


@pytest.mark.parametrize(
    "role",
    ["company", "bkk_operator", "placement_officer", "verifier", "head", "province_admin", "ministry_viewer"],
)
def test_no_page_a_persona_can_reach_writes_on_get(demo_world, role):
    client = Client()
    client.force_login(User.objects.get(email=f"{role}@demo.local"))
    seen, writes = crawl(client, ["/dasbor/"])
    assert len(seen) > 5, seen
    assert writes == []
    if role == "province_admin":
        assert f"/provinsi/laporan-pak/{demo_world.pk}/" in seen
        demo_world.refresh_from_db()
        assert demo_world.read_at is None


def test_no_public_page_writes_on_get(demo_world):
    from disnaker.decrees.models import Decree

    decree = Decree.objects.first()
    start = ["/", "/permohonan-akun/", "/lacak/", "/lupa-kata-sandi/", "/syarat-ketentuan/", "/bkk/daftar/",
             "/bkk/lacak/", f"/verifikasi/{decree.token}/", "/api/v1/openapi.json"]  # fmt: skip
    seen, writes = crawl(Client(), start)
    assert "/verifikasi/" + decree.token + "/" in seen
    assert writes == []
