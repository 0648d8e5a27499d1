"""Role escalations refused inside the BKK and PAK services are in the audit log, naming the step tried."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from disnaker.core.audit import service_step_name
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.placement import services
from disnaker.placement.constants import BkkStatus, ProposalStatus
from disnaker.placement.models import Bkk, PakProposal

from .helpers import bkk_data, submitted_proposal

pytestmark = pytest.mark.django_db


def _steps(actor) -> list[str]:
    return [
        r.data.get("step") for r in AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=actor)
    ]


def test_every_service_in_the_services_package_keeps_its_step_name():
    """The services are split into modules (``services/bkk.py``…); an audit row still names
    ``placement.<service>``, as before the split, for every service that may refuse."""
    decorated = {
        name: getattr(services, name).__wrapped__
        for name in services.__all__
        if hasattr(getattr(services, name), "__wrapped__")
    }
    assert {"bkk_verify", "proposal_appoint", "profile_verify", "province_report_send"} <= set(decorated)
    for name, service in decorated.items():
        assert service.__module__.startswith("disnaker.placement.services.")
        assert service_step_name(service.__module__, service.__name__) == f"placement.{name}"


def test_a_verifier_posting_the_pak_appointment_gets_refused_and_audited(client, bima, vera):
    proposal = services.proposal_verify(proposal=submitted_proposal(bima), actor=vera)
    client.force_login(vera)
    response = client.post(reverse("placement:office_proposal_decide", args=[proposal.pk, "tetapkan"]))
    assert response.status_code == 400
    assert _steps(vera) == ["placement.proposal_appoint"]
    assert PakProposal.objects.get(pk=proposal.pk).status == ProposalStatus.VERIFIED


def test_a_verifier_cannot_sign_the_tanda_daftar(vera):
    bkk = services.bkk_apply(data=bkk_data())
    services.bkk_verify(bkk=bkk, actor=vera)
    with pytest.raises(PermissionDenied):
        services.bkk_register(bkk=bkk, actor=vera)
    assert _steps(vera) == ["placement.bkk_register"]
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.VERIFIED


def test_a_head_cannot_take_the_verifiers_step(hana):
    bkk = services.bkk_apply(data=bkk_data())
    with pytest.raises(PermissionDenied):
        services.bkk_verify(bkk=bkk, actor=hana)
    assert _steps(hana) == ["placement.bkk_verify"]


def test_an_operator_cannot_decide_on_its_own_proposal(bima):
    proposal = submitted_proposal(bima)
    with pytest.raises(PermissionDenied):
        services.proposal_verify(proposal=proposal, actor=bima)
    assert _steps(bima) == ["placement.proposal_verify"]


def test_office_staff_cannot_verify_a_pak_registration_for_the_province(putri, vera, oscar):
    profile = putri.pak_profile
    for actor in (vera, oscar):
        with pytest.raises(PermissionDenied):
            services.profile_verify(profile=profile, actor=actor)
        assert _steps(actor) == ["placement.profile_verify"]


def test_another_offices_verifier_cannot_end_an_appointment(pak, oscar):
    with pytest.raises(PermissionDenied):
        services.officer_end_appointment(officer=pak, actor=oscar, to_status="inactive", reason="Mutasi")
    assert _steps(oscar) == ["placement.officer_end_appointment"]
