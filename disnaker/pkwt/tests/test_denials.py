"""Role escalations refused inside the PKWT services are in the audit log, naming the step tried."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.pkwt import services
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration

from .helpers import documents, submitted_sample


def _denials(actor) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=actor))


@pytest.fixture
def verified(alice, vera):
    registration = submitted_sample(alice)
    return services.registration_verify(registration=registration, actor=vera)


@pytest.mark.django_db
def test_a_verifier_posting_the_sign_url_gets_403_and_the_denial_is_audited(client, verified, vera):
    client.force_login(vera)
    response = client.post(reverse("pkwt:office_sign", args=[verified.pk]))
    assert response.status_code == 403
    [row] = _denials(vera)
    assert row.data == {"step": "pkwt.registration_approve_or_queue"}
    assert (row.object_type, row.object_id) == ("pkwt.pkwtregistration", str(verified.pk))
    assert row.office_id == verified.office_id and row.actor_label == vera.email
    assert PkwtRegistration.objects.get(pk=verified.pk).status == RegistrationStatus.VERIFIED


@pytest.mark.django_db
def test_a_head_taking_the_verifiers_step_gets_403_and_the_denial_is_audited(client, alice, hana):
    registration = submitted_sample(alice)
    client.force_login(hana)
    response = client.post(reverse("pkwt:office_decide", args=[registration.pk, "verifikasi"]), {"note": ""})
    assert response.status_code == 403
    assert [r.data for r in _denials(hana)] == [{"step": "pkwt.registration_verify"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "call"),
    [
        ("registration_reject", lambda r, u: services.registration_reject(registration=r, actor=u, note="x")),
        ("registration_verify", lambda r, u: services.registration_verify(registration=r, actor=u)),
        ("registration_approve", lambda r, u: services.registration_approve(registration=r, actor=u)),
    ],
)
def test_a_company_taking_an_office_decision_is_refused_and_audited(alice, step, call):
    registration = submitted_sample(alice)
    with pytest.raises(PermissionDenied):
        call(registration, alice)
    assert [r.data for r in _denials(alice)] == [{"step": f"pkwt.{step}"}]


@pytest.mark.django_db
def test_another_company_cannot_write_a_registration(alice, bob):
    """The company services check their actor too (the pages' scoping is not the only lock)."""
    registration = submitted_sample(alice)
    draft = services.registration_create(company=alice.company, actor=alice)
    with pytest.raises(PermissionDenied):
        services.registration_create(company=alice.company, actor=bob)
    with pytest.raises(PermissionDenied):
        services.registration_set_documents(registration=draft, actor=bob, documents=documents())
    with pytest.raises(PermissionDenied):
        services.import_start(registration=draft, actor=bob, data=b"PK", filename="x.xlsx")
    with pytest.raises(PermissionDenied):
        services.registration_submit(registration=registration, actor=bob)
    assert [r.data["step"] for r in reversed(_denials(bob))] == [
        "pkwt.registration_create",
        "pkwt.registration_set_documents",
        "pkwt.import_start",
        "pkwt.registration_submit",
    ]
    assert (
        not draft.application_letter and PkwtRegistration.objects.filter(company=alice.company).count() == 2
    )
