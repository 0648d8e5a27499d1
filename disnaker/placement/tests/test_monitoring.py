"""The BKK/PAK monitoring dashboard, the province's report inbox and the kab/kota office's sent reports:
figures, scoping, exports, query counts and the authorization table of these URLs."""

from __future__ import annotations

import datetime
import io
import itertools

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog, Office, Region
from disnaker.core.workdays import WorkCalendar
from disnaker.placement import monitoring, services
from disnaker.placement.constants import AppointmentStatus, BkkStatus, ProfileStatus, ProposalStatus
from disnaker.placement.models import Bkk, PakProfile, PakProposal, PlacementOfficer, ProvinceReport

pytestmark = pytest.mark.django_db

URL = reverse("placement:monitoring")


def _rows(response) -> dict[str, monitoring.Row]:
    return {row.office.code: row for row in response.context["rows"]}


@pytest.fixture
def report(putri, pak, hana, office2):
    """hana's letter to the province listing putri's appointment (awaiting verification)."""
    return services.province_report_send(
        office=pak.office, actor=hana, officer_ids=[pak.pk], note="Triwulan I"
    )


# --- Figures ------------------------------------------------------------------------------------------------


def test_province_sees_one_row_per_kab_kota_including_empty_ones(client, prita, report, office, office2):
    client.force_login(prita)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert set(rows) == {"32.16", "32.75"}
    bekasi, kota = rows["32.16"], rows["32.75"]
    assert bekasi.bkk_registered == 1 and bekasi.bkk_inactive == 0
    assert bekasi.appointment == {AppointmentStatus.APPOINTED: 1}
    assert bekasi.registration == {ProfileStatus.AWAITING_VERIFICATION: 1}
    assert bekasi.waiting.count == 1 and bekasi.waiting.median_days == 0 and bekasi.waiting.over_target == 0
    assert timezone.localtime(bekasi.last_report_at).date() == timezone.localdate()
    assert kota.bkk_registered == 0 and kota.appointment == {} and kota.last_report_at is None
    html = response.content.decode()
    assert "Disnaker Kota Bekasi" in html and "Belum pernah" in html
    assert reverse("placement:province_queue") + f"?kantor={office.pk}" in html
    assert reverse("placement:province_reports") + f"?kantor={office.pk}" in html
    # the chart: one appointment this month, nothing verified yet
    month = timezone.localdate().replace(day=1)
    assert response.context["monthly"][-1] == (month, 1, 0)
    assert len(response.context["monthly"]) == 12
    assert "<svg" in html and 'id="tabel-bulanan"' in html


def test_counts_follow_the_workflow(client, prita, putri, pak, vera, hana, bima):
    """Verification moves the PAK between registration columns and into the chart; an inactive BKK and a
    new PAK without an accepted invitation are counted where they belong."""
    services.profile_verify(profile=pak.profile, actor=prita)
    from .helpers import appointed_officers, registered_bkk

    appointed_officers(bima, vera, hana, count=2)
    second = registered_bkk(vera, hana)
    services.bkk_deactivate(bkk=second, actor=hana, reason="Tidak melapor")
    client.force_login(prita)
    response = client.get(URL)
    row = _rows(response)["32.16"]
    assert row.bkk_registered == 1 and row.bkk_inactive == 1
    assert row.appointment[AppointmentStatus.APPOINTED] == 3
    assert row.registration == {ProfileStatus.VERIFIED: 1, ProfileStatus.NOT_REGISTERED: 2}
    assert row.waiting.count == 0 and row.waiting.median_days is None
    assert response.context["monthly"][-1][1:] == (3, 1)


def test_appointed_pak_without_profile_counts_as_not_registered(client, prita, pak):
    PakProfile.objects.filter(officer=pak).delete()
    client.force_login(prita)
    row = _rows(client.get(URL))["32.16"]
    assert row.registration == {ProfileStatus.NOT_REGISTERED: 1}


def test_waiting_time_is_in_working_days_against_the_target(
    client, prita, settings, putri, pak, vera, hana, bima
):
    from .helpers import appointed_officers, registered_profile

    settings.PAK_VERIFICATION_TARGET_WORKING_DAYS = 5
    others = appointed_officers(bima, vera, hana, count=2)
    for officer in others:
        registered_profile(officer)
    now = timezone.now()
    ages = [3, 12, 40]  # calendar days ago
    for officer, days in zip([pak, *others], ages, strict=True):
        PakProfile.objects.filter(officer=officer).update(submitted_at=now - datetime.timedelta(days=days))
    calendar = WorkCalendar()
    today = timezone.localdate()
    working = sorted(
        calendar.working_days_after(timezone.localtime(now - datetime.timedelta(days=d)).date(), today)
        for d in ages
    )
    client.force_login(prita)
    response = client.get(URL)
    waiting = _rows(response)["32.16"].waiting
    assert waiting.count == 3
    assert waiting.median_days == working[1]
    assert waiting.oldest_days == working[2]
    assert waiting.over_target == sum(1 for w in working if w > 5)
    assert response.context["total"].waiting.oldest_days == working[2]


def test_working_day_index_matches_the_calendar():
    today = datetime.date(2026, 4, 20)
    index = monitoring.WorkingDayIndex(datetime.date(2025, 12, 1), today)
    calendar = WorkCalendar()
    for start in (datetime.date(2025, 12, 1), datetime.date(2025, 12, 24), datetime.date(2026, 3, 30), today):
        assert index.after(start) == calendar.working_days_after(start, today)


@pytest.mark.parametrize(
    ("histogram", "median"),
    [([], None), ([(4, 1)], 4), ([(1, 1), (3, 1)], 2), ([(1, 2), (9, 1)], 1), ([(0, 1), (2, 2), (7, 1)], 2)],
)
def test_median_of_a_histogram(histogram, median):
    assert monitoring._median(histogram) == median


def test_regency_staff_see_only_their_own_office(client, vera, oscar, report):
    client.force_login(vera)
    rows = _rows(client.get(URL))
    assert list(rows) == ["32.16"] and rows["32.16"].appointment[AppointmentStatus.APPOINTED] == 1
    client.force_login(oscar)
    rows = _rows(client.get(URL))
    assert (
        list(rows) == ["32.75"] and rows["32.75"].appointment == {} and rows["32.75"].last_report_at is None
    )
    # a province code in the query changes nothing for them
    assert list(_rows(client.get(URL, {"provinsi": "32"}))) == ["32.75"]


def test_province_admin_sees_only_its_own_province(client, report):
    dki = Office.objects.create(code="31", name="Disnakertrans Provinsi DKI Jakarta", level="province",
                                region=Region.objects.get(code="31"))  # fmt: skip
    other = UserFactory(email="admin@dki.go.id", role=Role.PROVINCE_ADMIN, office=dki)
    client.force_login(other)
    response = client.get(URL)
    assert response.status_code == 200 and _rows(response) == {}
    assert "Belum ada kantor kab/kota" in response.content.decode()
    assert client.get(reverse("placement:province_report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("placement:province_reports")).context["page"].paginator.count == 0


def test_ministry_sees_provinces_and_drills_into_one(client, mira, report, office2):
    Office.objects.create(code="31", name="Disnakertrans Provinsi DKI Jakarta", level="province",
                          region=Region.objects.get(code="31"))  # fmt: skip
    client.force_login(mira)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert set(rows) == {"31", "32"}
    assert rows["32"].bkk_registered == 1 and rows["32"].appointment[AppointmentStatus.APPOINTED] == 1
    assert rows["32"].waiting.count == 1 and rows["32"].last_report_at == report.sent_at
    assert rows["31"].bkk_registered == 0
    html = response.content.decode()
    assert "Pemantauan PAK Nasional" in html and '?provinsi=32"' in html
    assert "<form" not in html.split('id="isi"')[1]  # read-only: no form on the page
    drill = client.get(URL, {"provinsi": "32"})
    assert set(_rows(drill)) == {"32.16", "32.75"}
    assert "provinsi=32&amp;ekspor=ringkasan" in drill.content.decode()
    assert client.get(URL, {"provinsi": "99"}).status_code == 404


# --- Exports --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("export", ["ringkasan", "penetapan", "registrasi", "bulanan"])
def test_every_table_exports_to_excel_audited(client, prita, report, export):
    client.force_login(prita)
    response = client.get(URL, {"ekspor": export})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"pemantauan-pak-{export}" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row >= 2
    log = AuditLog.objects.filter(action=AuditAction.EXPORTED).latest("pk")
    assert log.actor == prita and log.data["list"] == f"pak-monitoring-{export}"


def test_export_cells_are_escaped_and_unknown_exports_404(client, prita, office2, office):
    Office.objects.filter(pk=office2.pk).update(name='=HYPERLINK("http://jahat.example","klik")')
    client.force_login(prita)
    response = client.get(URL, {"ekspor": "ringkasan"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert '\'=HYPERLINK("http://jahat.example","klik")' in names and names[-1] == "Jumlah"
    assert sheet.cell(row=1, column=1).value == "Kantor kab/kota"
    assert client.get(URL, {"ekspor": "rahasia"}).status_code == 404


def test_ministry_exports_per_province(client, mira, report):
    client.force_login(mira)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL, {"ekspor": "penetapan"}).content)).active
    assert sheet.cell(row=1, column=1).value == "Provinsi"
    drill = client.get(URL, {"ekspor": "registrasi", "provinsi": "32"})
    assert "-32-" in drill["Content-Disposition"]


# --- Query count does not grow with the data ------------------------------------------------------------------

_seq = itertools.count(1)


def seed(offices: list[Office], *, bkks_per_office: int, officers_per_bkk: int, actor) -> None:
    """Bulk rows (not through the services: only the counts matter here) in every status."""
    now = timezone.now()
    bkk_statuses = [BkkStatus.REGISTERED, BkkStatus.REGISTERED, BkkStatus.INACTIVE, BkkStatus.SUBMITTED]
    appointment = [AppointmentStatus.APPOINTED] * 4 + [AppointmentStatus.SUBMITTED, AppointmentStatus.REVOKED]
    profile_statuses = list(ProfileStatus.values)
    bkks = []
    for office in offices:
        for _i in range(bkks_per_office):
            n = next(_seq)
            bkks.append(Bkk(tracking_code=f"SEED{n}", office=office, region=office.region, name=f"BKK {n}",
                            institution_name=f"SMK {n}", institution_type="smk", institution_code=f"{n:08d}",
                            address="-", head_name="-", contact_name="-", email=f"s{n}@x.id", phone="62811",
                            status=bkk_statuses[n % 4], edit_token=f"seed-token-{n}"))  # fmt: skip
    Bkk.objects.bulk_create(bkks)
    proposals = PakProposal.objects.bulk_create(
        [PakProposal(bkk=b, office=b.office, status=ProposalStatus.APPOINTED, created_by=actor) for b in bkks]
    )
    officers = []
    for proposal in proposals:
        for _i in range(officers_per_bkk):
            n = next(_seq)
            status = appointment[n % len(appointment)]
            officers.append(PlacementOfficer(
                proposal=proposal, bkk_id=proposal.bkk_id, office_id=proposal.office_id, name=f"PAK {n}",
                nik="3216054204900001", email=f"p{n}@x.id", phone="62811", position="Guru", education_level="s1",
                status=status, appointed_at=now - datetime.timedelta(days=n % 300) if status != "submitted" else None,
            ))  # fmt: skip
    PlacementOfficer.objects.bulk_create(officers)
    profiles = []
    for i, officer in enumerate(officers):
        if officer.status == AppointmentStatus.SUBMITTED or i % 7 == 0:
            continue  # not appointed, or appointed without a registration record
        status = profile_statuses[i % len(profile_statuses)]
        profiles.append(PakProfile(
            officer=officer, status=status, submitted_at=now - datetime.timedelta(days=i % 50),
            verified_at=now - datetime.timedelta(days=i % 200) if status == ProfileStatus.VERIFIED else None,
        ))  # fmt: skip
    PakProfile.objects.bulk_create(profiles)
    ProvinceReport.objects.bulk_create([
        ProvinceReport(office=o, province_office=o.parent, officer_count=1, sent_at=now - datetime.timedelta(days=i),
                       sent_by=actor)
        for i, o in enumerate(offices)
    ])  # fmt: skip


def _kab_kota_offices(count: int) -> list[Office]:
    province = Office.objects.get(code="32")
    offices = []
    for region in Region.objects.filter(parent__code="32").order_by("code")[:count]:
        office, _created = Office.objects.get_or_create(
            region=region, defaults={"code": region.code, "name": f"Disnaker {region.name}", "level": "regency",
                                     "parent": province})  # fmt: skip
        offices.append(office)
    return offices


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_data(client, prita, mira, vera, django_assert_max_num_queries):
    offices = _kab_kota_offices(5)
    seed(offices[:2], bkks_per_office=1, officers_per_bkk=2, actor=vera)
    pages = [
        (prita, {}),
        (mira, {}),
        (mira, {"provinsi": "32"}),
        (vera, {}),
        (prita, {"ekspor": "ringkasan"}),
    ]
    small = []
    for user, params in pages:
        client.force_login(user)
        small.append(_count(client, URL, **params))
    seed(offices, bkks_per_office=8, officers_per_bkk=6, actor=vera)
    assert PlacementOfficer.objects.count() > 200
    large = []
    for (user, params), limit in zip(pages, small, strict=True):
        client.force_login(user)
        with django_assert_max_num_queries(limit):
            large.append(_count(client, URL, **params))
    assert large == small
    assert max(small) <= 13, small


def test_inbox_query_count_is_constant(client, prita, vera):
    offices = _kab_kota_offices(4)
    seed(offices[:1], bkks_per_office=1, officers_per_bkk=1, actor=vera)
    client.force_login(prita)
    small = _count(client, reverse("placement:province_reports"))
    seed(offices, bkks_per_office=1, officers_per_bkk=1, actor=vera)
    seed(offices, bkks_per_office=1, officers_per_bkk=1, actor=vera)
    assert ProvinceReport.objects.count() >= 9
    assert _count(client, reverse("placement:province_reports")) == small


# --- Province inbox and report page -----------------------------------------------------------------------------


def test_inbox_lists_reports_newest_first_unread_marked_and_filtered(
    client, prita, report, office, office2, oscar
):
    older = ProvinceReport.objects.create(office=office2, province_office=office.parent, officer_count=2,
                                          sent_at=timezone.now() - datetime.timedelta(days=3), sent_by=oscar,
                                          read_at=timezone.now())  # fmt: skip
    ProvinceReport.objects.create(
        office=office, province_office=office.parent, sent_by=oscar
    )  # a draft: not sent
    client.force_login(prita)
    response = client.get(reverse("placement:province_reports"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"]] == [report.pk, older.pk]
    assert response.context["unread"] == 1
    html = response.content.decode()
    assert "Belum dibaca" in html and html.index(f'data-report="{report.pk}"') < html.index(
        f'data-report="{older.pk}"'
    )
    decree_number = response.context["page"][0].decree.number
    assert decree_number in html
    filtered = client.get(reverse("placement:province_reports"), {"kantor": office2.pk})
    assert [r.pk for r in filtered.context["page"]] == [older.pk]


def test_opening_a_report_changes_nothing_the_province_marks_it_read_with_a_button(
    client, prita, vera, mira, report, pak
):
    url = reverse("placement:province_report_detail", args=[report.pk])
    mark = reverse("placement:province_report_mark_read", args=[report.pk])
    for user in (vera, mira, prita):  # a GET is not an acknowledgement, not even the province's
        client.force_login(user)
        assert client.get(url).status_code == 200
    report.refresh_from_db()
    assert report.read_at is None
    for user in (vera, mira):  # the sender and the ministry cannot mark it read
        client.force_login(user)
        assert mark not in client.get(url).content.decode()
        assert client.post(mark).status_code == 404
    report.refresh_from_db()
    assert report.read_at is None
    client.force_login(prita)
    assert (
        mark in client.get(url).content.decode() and "Tandai sudah dibaca" in client.get(url).content.decode()
    )
    assert client.get(mark).status_code == 405
    done = client.post(mark, follow=True)
    assert done.redirect_chain == [(url, 302)]
    report.refresh_from_db()
    assert report.read_at is not None
    assert AuditLog.objects.filter(action=AuditAction.UPDATED, actor=prita, data={"read": True}).count() == 1
    client.post(mark)  # again: nothing changes
    assert ProvinceReport.objects.get(pk=report.pk).read_at == report.read_at
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tandai sudah dibaca" not in html
    decree = response.context["decree"]
    assert decree.kind == "province_report" and decree.number in html
    assert reverse("placement:decree_pdf", args=[decree.pk]) in html
    assert reverse("placement:province_report_excel", args=[report.pk]) in html
    assert reverse("placement:province_review", args=[pak.profile.pk]) in html
    assert pak.name in html and "Menunggu verifikasi provinsi" in html
    assert pak.nik not in html
    assert client.get(reverse("placement:province_reports")).context["unread"] == 0


def test_report_page_shows_the_current_registration_status(client, prita, report, pak):
    services.profile_verify(profile=pak.profile, actor=prita)
    client.force_login(prita)
    response = client.get(reverse("placement:province_report_detail", args=[report.pk]))
    (item,) = response.context["items"]
    assert item.profile_status == ProfileStatus.AWAITING_VERIFICATION  # as sent
    assert item.current_status == ProfileStatus.VERIFIED  # now


def test_sender_links_to_its_own_pak_page(client, vera, report, pak):
    client.force_login(vera)
    html = client.get(reverse("placement:province_report_detail", args=[report.pk])).content.decode()
    assert reverse("placement:office_officer", args=[pak.pk]) in html
    assert reverse("placement:province_review", args=[pak.profile.pk]) not in html


def test_report_excel_is_a_private_download_audited(client, prita, report, pak):
    client.force_login(prita)
    response = client.get(reverse("placement:province_report_excel", args=[report.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=2).value == pak.name
    assert AuditLog.objects.filter(action=AuditAction.DOCUMENT_VIEWED, actor=prita).exists()


def test_office_sees_its_sent_reports_with_the_read_date(client, vera, oscar, prita, report):
    client.force_login(vera)
    response = client.get(reverse("placement:office_reports"))
    assert [r.pk for r in response.context["page"]] == [report.pk]
    assert "Belum dibaca provinsi" in response.content.decode()
    ProvinceReport.objects.filter(pk=report.pk).update(read_at=timezone.now())
    assert "Dibaca provinsi" in client.get(reverse("placement:office_reports")).content.decode()
    client.force_login(oscar)
    assert client.get(reverse("placement:office_reports")).context["page"].paginator.count == 0


def test_out_of_scope_report_is_404_and_audited(client, oscar, report):
    client.force_login(oscar)
    assert client.get(reverse("placement:province_report_detail", args=[report.pk])).status_code == 404
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=oscar).exists()


# --- Authorization table ----------------------------------------------------------------------------------------

PERSONAS = ["anonymous", "alice", "vera", "hana", "oscar", "prita", "mira", "bima", "putri"]
OK, DENIED, LOGIN = 200, 404, 302
# URL name -> expected status per persona, in PERSONAS order
TABLE = {
    "monitoring": [LOGIN, DENIED, OK, OK, OK, OK, OK, DENIED, DENIED],
    "province_reports": [LOGIN, DENIED, DENIED, DENIED, DENIED, OK, DENIED, DENIED, DENIED],
    "province_report_detail": [LOGIN, DENIED, OK, OK, DENIED, OK, OK, DENIED, DENIED],
    "province_report_excel": [LOGIN, DENIED, OK, OK, DENIED, OK, OK, DENIED, DENIED],
    "office_reports": [LOGIN, DENIED, OK, OK, OK, DENIED, DENIED, DENIED, DENIED],
}


@pytest.fixture
def everyone(request, report):
    return {name: None if name == "anonymous" else request.getfixturevalue(name) for name in PERSONAS}


def _url(name: str, report) -> str:
    return reverse(f"placement:{name}", args=[report.pk] if "detail" in name or "excel" in name else [])


@pytest.mark.parametrize("name", list(TABLE))
def test_authorization_table(client, everyone, report, name):
    url = _url(name, report)
    for persona, expected in zip(PERSONAS, TABLE[name], strict=True):
        client.logout()
        if everyone[persona] is not None:
            client.force_login(everyone[persona])
        response = client.get(url)
        assert response.status_code == expected, (name, persona, response.status_code)
        if expected == LOGIN:
            assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", list(TABLE))
def test_no_page_here_accepts_a_post(client, everyone, report, name):
    """Every page is read-only: the ministry (and everyone else) cannot POST anything here."""
    for persona in ("mira", "prita", "vera"):
        client.force_login(everyone[persona])
        assert client.post(_url(name, report)).status_code == 405
