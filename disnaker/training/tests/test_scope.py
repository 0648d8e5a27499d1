"""Which trainings each office user sees (``selectors.trainings_for``), pinned when the selector moved onto
``core.selectors.office_scope``: a province office sees its own trainings and those under it, whatever the
role of its viewer (its head's ``office_reach`` is none)."""

from __future__ import annotations

import pytest

from disnaker.training import selectors, services

from .conftest import training_data


@pytest.mark.django_db
def test_who_sees_which_training(vera, hana, oscar, prita, province_head, mira):
    regency = services.training_create(actor=vera, data=training_data())
    province = services.training_create(actor=prita, data=training_data(organiser_level="province"))

    def seen(user) -> set:
        return set(selectors.trainings_for(user=user))

    assert seen(vera) == seen(hana) == {regency}
    assert seen(oscar) == set()
    assert seen(prita) == seen(province_head) == seen(mira) == {regency, province}
