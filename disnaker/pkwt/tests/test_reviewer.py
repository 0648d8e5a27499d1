"""The verifier's "saya periksa": take a registration, the queue shows who has it, two at once: one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.audit import AccessDenied
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.pkwt import services
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.tests.helpers import submitted_sample


@pytest.fixture
def seeded(transactional_db):
    """The regions, offices and UMK the migrations seed, recreated: the flush that ends an earlier
    transactional test removes them (as e2e/conftest.py's ``reference_data``)."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for module in (
        "disnaker.core.migrations.0002_seed_regions_offices",
        "disnaker.pkwt.migrations.0002_seed_minimum_wages",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def wati(office):
    return UserFactory(
        email="wati@disnaker.go.id", role=Role.VERIFIER, office=office, full_name="Wati Verifikator"
    )


def test_of_two_verifiers_holding_the_same_page_the_first_take_wins(alice, vera, wati):
    registration = submitted_sample(alice)
    seen_by_vera = PkwtRegistration.objects.get(pk=registration.pk)
    seen_by_wati = PkwtRegistration.objects.get(pk=registration.pk)
    services.registration_take(registration=seen_by_vera, actor=vera)
    with pytest.raises(AccessDenied, match="sedang diperiksa oleh Vera Verifikator"):
        services.registration_take(registration=seen_by_wati, actor=wati)
    registration.refresh_from_db()
    assert registration.reviewer == vera
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=wati).exists()
    # Taking one's own again is harmless; another verifier may not decide it, its holder may.
    services.registration_take(registration=registration, actor=vera)
    with pytest.raises(AccessDenied):
        services.registration_check_reviewer(registration=registration, actor=wati)
    services.registration_check_reviewer(registration=registration, actor=vera)


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="real concurrent transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_verifiers_take_at_the_same_moment_and_one_wins(seeded, alice, vera, wati):
    registration = submitted_sample(alice)
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def take(user):
        try:
            copy = PkwtRegistration.objects.get(pk=registration.pk)
            barrier.wait()
            services.registration_take(registration=copy, actor=user)
            outcome[user.email] = "won"
        except AccessDenied:
            outcome[user.email] = "lost"
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (vera, wati)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["lost", "won"]
    registration.refresh_from_db()
    winner = vera if outcome[vera.email] == "won" else wati
    assert registration.reviewer == winner


def test_queue_and_review_page_show_who_has_it(client, alice, vera, wati):
    registration = submitted_sample(alice)
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    assert "Saya periksa" in page
    response = client.post(reverse("pkwt:office_take", args=[registration.pk]), follow=True)
    assert "Anda memeriksa permohonan ini" in response.content.decode()
    client.force_login(wati)
    queue = client.get(reverse("pkwt:office_queue")).content.decode()
    assert "Diperiksa Vera Verifikator" in queue
    review = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    assert "Sedang diperiksa oleh Vera Verifikator" in review
    assert reverse("pkwt:office_decide", args=[registration.pk, "verifikasi"]) not in review
    # Wati's decision is refused; the registration is unchanged.
    response = client.post(
        reverse("pkwt:office_decide", args=[registration.pk, "verifikasi"]), {"note": ""}, follow=True
    )
    assert "sedang diperiksa oleh Vera Verifikator" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED
    # Wati cannot release Vera's; Vera can, and then Wati takes it.
    client.post(reverse("pkwt:office_release", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.reviewer == vera
    client.force_login(vera)
    client.post(reverse("pkwt:office_release", args=[registration.pk]))
    client.force_login(wati)
    client.post(reverse("pkwt:office_take", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.reviewer == wati


def test_the_holder_verifies(client, alice, vera):
    registration = submitted_sample(alice)
    services.registration_take(registration=registration, actor=vera)
    client.force_login(vera)
    client.post(reverse("pkwt:office_decide", args=[registration.pk, "verifikasi"]), {"note": ""})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.VERIFIED


def test_review_page_offers_the_warning_row_shortcuts(client, alice, vera):
    registration = submitted_sample(alice)
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    assert "js/review_keys.js" in page
    assert "Pintasan keyboard" in page
    assert "data-warning-rows" in page
