"""Services of the guidance of BKKs: every rule and every refusal, with the notifications sent."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.guidance import selectors, services
from disnaker.guidance.constants import MAX_ATTACHMENTS, PeriodKind
from disnaker.guidance.models import GuidanceActivity, PlacementReport
from disnaker.guidance.periods import period_bounds, period_label, whole_months_between
from disnaker.notifications.models import OutboxMessage
from disnaker.placement.constants import BkkStatus, EducationLevel, Sex
from disnaker.placement.models import Bkk
from disnaker.placement.services import bkk_apply
from disnaker.placement.tests.helpers import bkk_data, registered_bkk

from .helpers import activity_data, cells, image_file, pdf_file, record_activity, submit_report

pytestmark = pytest.mark.django_db


# --- Periods ------------------------------------------------------------------------------------------------


def test_period_bounds_and_labels():
    assert period_bounds(PeriodKind.MONTHLY, 2024, 2) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
    )
    assert period_bounds(PeriodKind.QUARTERLY, 2025, 11) == (
        datetime.date(2025, 11, 1),
        datetime.date(2026, 1, 31),
    )
    assert period_bounds(PeriodKind.YEARLY, 2025, 7) == (
        datetime.date(2025, 7, 1),
        datetime.date(2026, 6, 30),
    )
    assert period_label(PeriodKind.MONTHLY, datetime.date(2026, 3, 1)) == "Maret 2026"
    assert period_label(PeriodKind.QUARTERLY, datetime.date(2026, 1, 1)) == "Triwulan Jan–Mar 2026"
    assert period_label(PeriodKind.YEARLY, datetime.date(2025, 7, 1)) == "Tahun Jul 2025–Jun 2026"


def test_whole_months_between():
    tz = datetime.UTC
    a = datetime.datetime(2025, 1, 31, 10, tzinfo=tz)
    assert whole_months_between(a, datetime.datetime(2025, 7, 30, tzinfo=tz)) == 5
    assert whole_months_between(a, datetime.datetime(2025, 7, 31, 10, tzinfo=tz)) == 6
    assert whole_months_between(a, a - datetime.timedelta(days=1)) == 0


# --- Guidance activities --------------------------------------------------------------------------------------


def test_office_records_an_activity_and_the_bkk_is_emailed(vera, bkk):
    activity = record_activity(vera, bkk, attachments=[pdf_file(), image_file()])
    assert activity.office == bkk.office and activity.created_by == vera
    names = sorted(a.file.name for a in activity.attachments.all())
    assert (
        len(names) == 2 and names[0].startswith("guidance/") and {n[-4:] for n in names} == {".pdf", ".png"}
    )
    message = OutboxMessage.objects.get(kind="guidance_activity_recorded")
    assert message.to == bkk.email
    assert "Perbarui rekap" in message.body and f"/pembinaan-bkk/{activity.pk}/" in message.body
    assert AuditLog.objects.filter(
        action=AuditAction.CREATED, actor=vera, object_id=str(activity.pk)
    ).exists()


def test_head_may_record_too(hana, bkk):
    assert record_activity(hana, bkk, follow_up="", follow_up_due=None).has_follow_up is False


@pytest.mark.parametrize("persona", ["oscar", "prita", "mira", "bima", "alice"])
def test_others_may_not_record(request, bkk, persona):
    with pytest.raises(PermissionDenied):
        record_activity(request.getfixturevalue(persona), bkk)
    assert not GuidanceActivity.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"follow_up_due": None}, "follow_up_due"),
        ({"follow_up": "  "}, "follow_up"),
        ({"follow_up_due": timezone.localdate() - datetime.timedelta(days=10)}, "follow_up_due"),
        ({"topic": ""}, "topic"),
        ({"findings": ""}, "findings"),
        ({"kind": "telepon"}, "kind"),
    ],
)
def test_activity_rules(vera, bkk, overrides, field):
    with pytest.raises(ValidationError) as exc:
        record_activity(vera, bkk, **overrides)
    assert field in exc.value.message_dict


def test_activity_only_for_registered_or_inactive_bkk(vera):
    applied = bkk_apply(data=bkk_data())  # submitted, not registered
    with pytest.raises(ValidationError) as exc:
        record_activity(vera, applied)
    assert "bkk" in exc.value.message_dict


def test_attachment_limit(vera, bkk):
    activity = record_activity(vera, bkk, attachments=[pdf_file() for _ in range(MAX_ATTACHMENTS)])
    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity, actor=vera, data=activity_data(), attachments=[pdf_file()]
        )
    assert activity.attachments.count() == MAX_ATTACHMENTS


def test_update_by_office_and_refused_to_another(vera, hana, oscar, bkk):
    activity = record_activity(vera, bkk)
    updated = services.activity_update(activity=activity, actor=hana, data=activity_data(topic="Rapat koordinasi"),
                                       attachments=[pdf_file()])  # fmt: skip
    assert updated.topic == "Rapat koordinasi" and updated.attachments.count() == 1
    log = AuditLog.objects.filter(action=AuditAction.UPDATED, actor=hana).latest("pk")
    assert "topic" in log.data["fields"]
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=activity, actor=oscar, data=activity_data())


def test_follow_up_done_and_its_refusals(vera, oscar, bkk):
    activity = record_activity(vera, bkk)
    with pytest.raises(ValidationError):
        services.activity_follow_up_done(activity=activity, actor=vera, note=" ")
    with pytest.raises(PermissionDenied):
        services.activity_follow_up_done(activity=activity, actor=oscar, note="Selesai")
    done = services.activity_follow_up_done(activity=activity, actor=vera, note="Rekap diterima 12/5.")
    assert (
        done.follow_up_done_at
        and done.follow_up_done_by == vera
        and done.follow_up_note == "Rekap diterima 12/5."
    )
    with pytest.raises(ValidationError) as exc:
        services.activity_follow_up_done(activity=activity, actor=vera, note="Lagi")
    assert exc.value.code == "already_done"
    plain = record_activity(vera, bkk, follow_up="", follow_up_due=None)
    with pytest.raises(ValidationError) as exc:
        services.activity_follow_up_done(activity=plain, actor=vera, note="x")
    assert exc.value.code == "no_follow_up"


def test_overdue_follow_up(vera, bima, bkk):
    today = timezone.localdate()
    late = record_activity(vera, bkk, date=today - datetime.timedelta(days=30),
                           follow_up_due=today - datetime.timedelta(days=1))  # fmt: skip
    record_activity(vera, bkk)  # due in two weeks
    assert late.is_overdue
    assert list(selectors.activity_list(user=vera, overdue=True)) == [late]
    services.activity_follow_up_done(activity=late, actor=vera, note="Sudah")
    late.refresh_from_db()
    assert not late.is_overdue
    assert not selectors.activity_list(user=vera, overdue=True).exists()


def test_attachment_remove(vera, oscar, bkk):
    activity = record_activity(vera, bkk, attachments=[pdf_file()])
    attachment = activity.attachments.get()
    with pytest.raises(PermissionDenied):
        services.attachment_remove(attachment=attachment, actor=oscar)
    services.attachment_remove(attachment=attachment, actor=vera)
    assert not activity.attachments.exists()


def test_activity_scoping(vera, oscar, prita, mira, bima, hana, bkk):
    activity = record_activity(vera, bkk)
    other_bkk = registered_bkk(vera, hana)
    record_activity(vera, other_bkk)
    assert list(selectors.activities_for(user=bima)) == [activity]
    assert selectors.activities_for(user=vera).count() == 2
    assert selectors.activities_for(user=prita).count() == 2
    assert selectors.activities_for(user=mira).count() == 2
    assert not selectors.activities_for(user=oscar).exists()


# --- Placement reports ------------------------------------------------------------------------------------------


def test_operator_submits_a_report(bima, bkk, office):
    office.email = "disnaker@bekasikab.go.id"
    office.save()
    Bkk.objects.filter(pk=bkk.pk).update(inactivation_proposed_at=timezone.now())
    report = submit_report(bima, partner_companies="PT Satu\n  PT   Dua \n\npt satu\n")
    assert (report.registered_total, report.placed_total, report.not_placed_total) == (70, 45, 15)
    assert report.rows.count() == 8
    assert report.partner_list == ["PT Satu", "PT Dua"]
    assert report.office == bkk.office and report.period_end.month == 3
    bkk.refresh_from_db()
    assert bkk.last_report_at == report.submitted_at and bkk.inactivation_proposed_at is None
    message = OutboxMessage.objects.get(kind="guidance_report_received")
    assert message.to == "disnaker@bekasikab.go.id" and "Ditempatkan              : 45" in message.body


def test_no_office_email_no_message(bima, bkk):
    submit_report(bima)
    assert not OutboxMessage.objects.filter(kind="guidance_report_received").exists()


def test_one_report_per_period(bima, bkk):
    year = timezone.localdate().year - 1
    first = submit_report(bima, year=year, month=1)
    with pytest.raises(ValidationError) as exc:
        submit_report(bima, year=year, month=1)
    assert "sudah dikirim" in exc.value.message_dict["period_month"][0]
    assert first.period_label in exc.value.message_dict["period_month"][0]
    with pytest.raises(ValidationError):  # a month inside the reported quarter
        submit_report(bima, kind=PeriodKind.MONTHLY, year=year, month=2)
    with pytest.raises(ValidationError):  # a year overlapping it
        submit_report(bima, kind=PeriodKind.YEARLY, year=year - 1, month=7)
    nxt = submit_report(bima, year=year, month=4)  # the next quarter is fine
    assert PlacementReport.objects.filter(bkk=bkk).count() == 2 and nxt.period_start.month == 4


def test_future_period_refused(bima, bkk):
    nxt = timezone.localdate().replace(day=1) + datetime.timedelta(days=32)
    with pytest.raises(ValidationError) as exc:
        submit_report(bima, kind=PeriodKind.MONTHLY, year=nxt.year, month=nxt.month)
    assert "period_month" in exc.value.message_dict


def test_row_totals_checked(bima, bkk):
    bad = cells({(Sex.FEMALE, EducationLevel.S1): {"registered": 3, "placed": 2, "not_placed": 2}})
    with pytest.raises(ValidationError) as exc:
        submit_report(bima, cells=bad)
    assert "melebihi alumni terdaftar (3)" in exc.value.message_dict["rows"][0]
    assert services.row_problems(bad).keys() == {(Sex.FEMALE, EducationLevel.S1)}
    assert not PlacementReport.objects.exists()


@pytest.mark.parametrize("persona", ["vera", "hana", "prita", "mira", "putri", "alice"])
def test_only_the_operator_reports(request, bkk, persona):
    with pytest.raises(PermissionDenied):
        submit_report(request.getfixturevalue(persona))


def test_inactive_bkk_may_report_closed_may_not(bima, bkk):
    Bkk.objects.filter(pk=bkk.pk).update(status=BkkStatus.INACTIVE)
    submit_report(bima, month=1)
    Bkk.objects.filter(pk=bkk.pk).update(status=BkkStatus.CLOSED)
    with pytest.raises(ValidationError) as exc:
        submit_report(bima, month=4)
    assert exc.value.code == "bkk_not_active"


def test_report_scoping(vera, oscar, prita, mira, bima, bkk):
    report = submit_report(bima)
    assert list(selectors.reports_for(user=bima)) == [report]
    for user in (vera, prita, mira):
        assert list(selectors.reports_for(user=user)) == [report]
    assert not selectors.reports_for(user=oscar).exists()
    summary = selectors.latest_report_summary(user=vera)
    assert summary == [(bkk, report)]


def test_latest_report_is_the_last_submitted(bima, bkk):
    year = timezone.localdate().year - 1
    submit_report(bima, year=year, month=4)
    later = submit_report(bima, year=year, month=1)
    [(_bkk, latest)] = selectors.latest_report_summary(user=bima)
    assert latest == later


# --- Monitoring ------------------------------------------------------------------------------------------------


def _age(bkk, *, registered_months=None, report_months=None):
    now = timezone.now()
    fields = {}
    if registered_months is not None:
        fields["registered_at"] = now - datetime.timedelta(days=31 * registered_months)
    if report_months is not None:
        fields["last_report_at"] = now - datetime.timedelta(days=31 * report_months)
    Bkk.objects.filter(pk=bkk.pk).update(**fields)
    bkk.refresh_from_db()
    return bkk


def test_monitoring_flags(vera, hana, bkk):
    fresh = _age(registered_bkk(vera, hana), registered_months=2)
    watch = _age(registered_bkk(vera, hana), registered_months=20, report_months=7)
    stale = _age(bkk, registered_months=14)
    flags = {b.pk: selectors.monitoring_row(b).flag for b in selectors.monitoring_queryset(user=vera)}
    assert flags == {fresh.pk: "ok", watch.pk: "watch", stale.pk: "stale"}
    assert selectors.monitoring_row(watch).months == 7
    counts = selectors.monitoring_counts(user=vera)
    assert counts == {"registered": 3, "watch": 2, "stale": 1, "proposed": 0}
    # ordered by how long they have gone without a report
    assert list(selectors.monitoring_queryset(user=vera)) == [stale, watch, fresh]
    assert list(selectors.monitoring_filter(selectors.monitoring_queryset(user=vera), "watch")) == [
        stale,
        watch,
    ]
    assert list(selectors.monitoring_filter(selectors.monitoring_queryset(user=vera), "ok")) == [fresh]


def test_propose_inactivation_then_a_report_clears_it(vera, bima, bkk):
    _age(bkk, registered_months=14)
    assert services.monitoring_propose_inactivation(actor=vera) == 1
    bkk.refresh_from_db()
    assert bkk.inactivation_proposed_at is not None
    assert selectors.monitoring_row(bkk).flag == "proposed"
    assert services.monitoring_propose_inactivation(actor=vera) == 0  # already proposed
    submit_report(bima)
    bkk.refresh_from_db()
    assert bkk.inactivation_proposed_at is None and selectors.monitoring_row(bkk).flag == "ok"


def test_propose_counts_only_the_own_office(vera, oscar, bkk):
    _age(bkk, registered_months=14)
    assert services.monitoring_propose_inactivation(actor=oscar) == 0


def test_propose_marks_no_bkk_of_another_office(vera, oscar, bkk):
    """Another office's officer running the step leaves this office's stale BKK unmarked (issue 10 §6)."""
    _age(bkk, registered_months=14)
    services.monitoring_propose_inactivation(actor=oscar)
    bkk.refresh_from_db()
    assert bkk.inactivation_proposed_at is None
    assert services.monitoring_propose_inactivation(actor=vera) == 1


@pytest.mark.parametrize("persona", ["prita", "mira", "bima", "alice"])
def test_propose_refused_to_others(request, bkk, persona):
    with pytest.raises(PermissionDenied):
        services.monitoring_propose_inactivation(actor=request.getfixturevalue(persona))


def test_overdue_follow_ups_are_reminded_to_the_office_weekly(bkk, vera, hana):
    import io

    from django.core.management import call_command

    today = timezone.localdate()
    late = record_activity(vera, bkk, follow_up_due=today + datetime.timedelta(days=2), topic="Rekap alumni")
    record_activity(vera, bkk, follow_up_due=today + datetime.timedelta(days=30), topic="Belum jatuh tempo")
    assert services.follow_up_reminders(today=today) == 0
    later = today + datetime.timedelta(days=5)
    assert services.follow_up_reminders(today=later) == 2  # vera and hana, one e-mail each
    mail = OutboxMessage.objects.filter(to=vera.email, kind="guidance_follow_up_reminder").get()
    assert "Rekap alumni" in mail.body and "Belum jatuh tempo" not in mail.body
    assert (
        services.follow_up_reminders(today=later + datetime.timedelta(days=3)) == 0
    )  # not again within a week
    assert services.follow_up_reminders(today=later + datetime.timedelta(days=8)) == 2
    services.activity_follow_up_done(activity=late, actor=vera, note="Rekap sudah diperbarui.")
    assert services.follow_up_reminders(today=later + datetime.timedelta(days=20)) == 0
    out = io.StringIO()
    call_command("guidance_reminders", stdout=out)
    assert "pengingat" in out.getvalue()
