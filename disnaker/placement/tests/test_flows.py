"""BKK decisions and PAK proposals as declared flows (``BKK_FLOW``, ``PROPOSAL_FLOW``): which steps each role
sees in each status, the transitions each keeps, and the irreversible steps that ask first."""

from __future__ import annotations

import pytest
from django.utils import timezone

from disnaker.core.flows import Style, actions_for, run_step
from disnaker.placement import services
from disnaker.placement.constants import BKK_FLOW, BkkStatus
from disnaker.placement.models import Bkk

from .helpers import bkk_data, registered_bkk

S = BkkStatus


def _names(bkk, user) -> list[str]:
    return [step.name for step in actions_for(flow=BKK_FLOW, obj=bkk, user=user)]


def test_the_flow_keeps_the_bkk_lifecycle():
    assert BKK_FLOW.transitions == {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.NEEDS_REVISION, S.VERIFIED, S.REJECTED},
        S.NEEDS_REVISION: {S.SUBMITTED},
        S.VERIFIED: {S.REGISTERED, S.SUBMITTED},
        S.REGISTERED: {S.INACTIVE, S.CLOSED},
        S.INACTIVE: {S.REGISTERED, S.REVOKED, S.CLOSED},
    }


def test_final_steps_are_destructive_and_ask_first():
    steps = {step.name: step for step in BKK_FLOW.steps}
    assert {name for name, step in steps.items() if step.confirm} == {"tolak", "setujui", "cabut", "tutup"}
    assert {name for name, step in steps.items() if step.style is Style.DANGER} == {"tolak", "cabut", "tutup"}


@pytest.mark.django_db
def test_who_sees_which_step_in_each_status(vera, hana, oscar, prita, mira):
    bkk = services.bkk_apply(data=bkk_data())
    assert _names(bkk, vera) == ["verifikasi", "perbaikan", "tolak"]
    assert _names(bkk, hana) == [] and _names(bkk, oscar) == [] and _names(bkk, prita) == []
    bkk = services.bkk_verify(bkk=bkk, actor=vera)
    assert _names(bkk, vera) == [] and _names(bkk, hana) == ["setujui", "kembalikan"]

    registered = registered_bkk(vera, hana)
    assert _names(registered, vera) == _names(registered, hana) == ["nonaktifkan", "tutup"]
    inactive = services.bkk_deactivate(bkk=registered, actor=vera, reason="Tidak melapor.")
    assert _names(inactive, vera) == ["aktifkan", "tutup"]
    assert _names(inactive, hana) == ["aktifkan", "cabut", "tutup"]  # only the head revokes
    assert _names(inactive, mira) == []  # the ministry reads


@pytest.mark.django_db
def test_the_deactivate_button_says_when_it_confirms_a_proposal(vera, hana):
    bkk = registered_bkk(vera, hana)
    step = BKK_FLOW.step("nonaktifkan")
    assert step.label_for(bkk) == "Nonaktifkan"
    Bkk.objects.filter(pk=bkk.pk).update(inactivation_proposed_at=timezone.now())
    bkk.refresh_from_db()
    assert step.label_for(bkk) == "Konfirmasi usulan nonaktif"


@pytest.mark.django_db
def test_the_tanda_daftar_is_its_own_services_step(vera, hana):
    bkk = services.bkk_verify(bkk=services.bkk_apply(data=bkk_data()), actor=vera)
    with pytest.raises(ValueError, match="own service"):
        run_step(flow=BKK_FLOW, step="setujui", obj=bkk, actor=hana)
    assert Bkk.objects.get(pk=bkk.pk).status == S.VERIFIED


@pytest.mark.django_db
def test_reactivating_settles_the_inactivity_proposal_and_notes_it(vera, hana):
    bkk = registered_bkk(vera, hana)
    Bkk.objects.filter(pk=bkk.pk).update(inactivation_proposed_at=timezone.now())
    bkk = services.bkk_deactivate(bkk=bkk, actor=vera, reason="Tidak melapor 6 bulan.")
    bkk = services.bkk_reactivate(bkk=bkk, actor=hana, note="Laporan sudah masuk.")
    bkk.refresh_from_db()
    assert bkk.status == S.REGISTERED and bkk.inactivation_proposed_at is None
    assert bkk.office_note == "Laporan sudah masuk."


# --- PAK proposals (PROPOSAL_FLOW) -------------------------------------------------------------------------


def test_the_proposal_flow_keeps_its_transitions():
    from disnaker.placement.constants import PROPOSAL_FLOW
    from disnaker.placement.constants import ProposalStatus as P

    assert PROPOSAL_FLOW.transitions == {
        P.DRAFT: {P.SUBMITTED},
        P.SUBMITTED: {P.NEEDS_REVISION, P.VERIFIED, P.REJECTED},
        P.NEEDS_REVISION: {P.SUBMITTED},
        P.VERIFIED: {P.APPOINTED, P.SUBMITTED},
    }
    assert {s.name for s in PROPOSAL_FLOW.steps if s.confirm} == {"tolak", "tetapkan"}


@pytest.mark.django_db
def test_a_proposal_step_moves_its_candidates_and_dates_a_final_decision(bima, vera, hana):
    from disnaker.placement.constants import PROPOSAL_FLOW, AppointmentStatus

    from .helpers import submitted_proposal

    proposal = submitted_proposal(bima, count=2)
    assert [s.name for s in actions_for(flow=PROPOSAL_FLOW, obj=proposal, user=vera)] == [
        "verifikasi",
        "perbaikan",
        "tolak",
    ]
    assert actions_for(flow=PROPOSAL_FLOW, obj=proposal, user=hana) == []
    rejected = services.proposal_reject(proposal=proposal, actor=vera, reason="Sertifikat tidak ada.")
    assert rejected.decided_at is not None and rejected.office_note == "Sertifikat tidak ada."
    assert set(rejected.candidates.values_list("status", flat=True)) == {AppointmentStatus.REJECTED}
