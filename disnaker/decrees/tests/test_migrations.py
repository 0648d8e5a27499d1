"""The number pattern columns become rows (0003) and are dropped (0004), and unapplying puts them back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from disnaker.core.models import Office

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("decrees", "0002_decreesettings_number_pattern_bkk_and_more")]
AFTER = [("decrees", "0004_drop_number_pattern_columns_and_neutral_subject")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_patterns_move_from_columns_to_rows_and_back():
    office = Office.objects.first()
    try:
        old = _migrate(BEFORE)
        settings_id = (
            old.get_model("decrees", "DecreeSettings")
            .objects.create(
                office_id=office.pk,
                letterhead_office="Dinas",
                place="Cikarang",
                signer_position="Kepala",
                number_pattern_pkwt="565/{seq}/PKWT/{year}",
            )  # fmt: skip
            .pk
        )
        new = _migrate(AFTER)
        rows = dict(
            new.get_model("decrees", "DecreeNumberPattern")
            .objects.filter(settings_id=settings_id)
            .values_list("kind", "pattern")
        )
        assert rows["pkwt_registration"] == "565/{seq}/PKWT/{year}"
        assert rows["bkk_registration"] == "500.15/{seq}/BKK/Disnaker/{roman_month}/{year}" and len(rows) == 5
        new.get_model("decrees", "DecreeNumberPattern").objects.filter(
            settings_id=settings_id, kind="pak_appointment"
        ).update(pattern="821/{seq}/PAK/{year}")

        back = _migrate(BEFORE).get_model("decrees", "DecreeSettings").objects.get(pk=settings_id)
        assert (back.number_pattern_pkwt, back.number_pattern_pak) == (
            "565/{seq}/PKWT/{year}",
            "821/{seq}/PAK/{year}",
        )
    finally:
        # Back to the app's latest migration (not AFTER: later migrations exist, and the tests run next in
        # this process need their columns).
        _migrate(
            [node for node in MigrationExecutor(connection).loader.graph.leaf_nodes() if node[0] == "decrees"]
        )
