"""``make run`` seeds one account per role; the BKK operator and the PAK come from the real workflow."""

import io

import pytest
from django.core.management import CommandError, call_command

from disnaker.accounts.models import User
from disnaker.placement.constants import BkkStatus, ProfileStatus
from disnaker.placement.models import Bkk, PakProfile

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_every_role_and_the_bkk_flow_and_is_idempotent(settings):
    settings.DEBUG = True  # development only (see the next test)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())
    for role in ("company", "bkk_operator", "placement_officer", "verifier", "head", "province_admin",
                 "ministry_viewer", "admin"):  # fmt: skip
        user = User.objects.get(email=f"{role}@demo.local")
        assert user.check_password(settings.DEMO_PASSWORD) and not user.must_change_password, role
        assert f"{role}@demo.local" in out.getvalue()
    bkk = Bkk.objects.get()
    assert bkk.status == BkkStatus.REGISTERED and bkk.operator.email == "bkk_operator@demo.local"
    statuses = dict(PakProfile.objects.values_list("user__email", "status"))
    assert statuses == {
        "placement_officer@demo.local": ProfileStatus.PROFILE_INCOMPLETE,
        "siti.nurhaliza@demo.local": ProfileStatus.AWAITING_VERIFICATION,
    }


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="hanya untuk pengembangan"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(email__endswith="@demo.local").exists()


def test_seed_demo_in_the_e_pengantarkerja_channel_records_the_status_it_shows(settings):
    """``make run``'s default channel (issue 13 §1): no profile is filled in the portal; the office has
    recorded the second PAK as waiting for the province's verification at e-pengantarkerja."""
    settings.DEBUG = True
    settings.PAK_REGISTRATION_CHANNEL = "e-pengantarkerja"
    call_command("seed_demo", stdout=io.StringIO())
    profiles = {p.user.email: p for p in PakProfile.objects.select_related("user", "checked_by")}
    siti = profiles["siti.nurhaliza@demo.local"]
    assert (
        siti.status == ProfileStatus.AWAITING_VERIFICATION and siti.checked_by.email == "verifier@demo.local"
    )
    assert not siti.photo and not siti.address and not siti.work_history  # nothing e-pengantarkerja holds
    assert profiles["placement_officer@demo.local"].checked_at is None
