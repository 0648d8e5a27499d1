"""Two heads signing the same batch at once, on PostgreSQL (row locks; SQLite serialises writers, so this
would prove nothing there), through the BSrE simulator: each item signed once, with one number."""

from __future__ import annotations

import pytest
from django.db import connection

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.decrees import batch
from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE
from disnaker.decrees.models import Decree
from disnaker.decrees.tests.test_batch import (
    PKWT,
    _keys,
    _last_number,
    _registrations,
    bsre_office,
)
from disnaker.decrees.tests.test_concurrency import _run_in_threads

__all__ = ["bsre_office"]  # the fixture this module uses (sim and simulator: the root conftest)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_heads_signing_the_same_batch_sign_each_item_once(alice, hana, bsre_office, sim):
    other = User.objects.create_user(email="kepala2@disnaker.local", password="demo12345", full_name="Kepala Dua",
                                     role=Role.HEAD, office=bsre_office)  # fmt: skip
    registrations = _registrations(alice, bsre_office, 6)
    keys = _keys(registrations)
    results, errors = _run_in_threads(
        [
            lambda head=head: batch.batch_sign(actor=head, keys=keys, passphrase=DEMO_PASSPHRASE)
            for head in (hana, other)
        ]  # fmt: skip
    )
    assert errors == []
    # Between them every item was signed exactly once; the other head saw it signed (or gone).
    signed = [o.key for result in results for o in result.items if o.state == batch.ItemState.SIGNED]
    assert sorted(signed) == sorted(keys)
    assert all(o.state in ("signed", "already", "gone") for result in results for o in result.items)
    decrees = Decree.objects.filter(kind=PKWT)
    assert decrees.count() == 6 and sorted(decrees.values_list("sequence", flat=True)) == list(range(1, 7))
    assert len(set(decrees.values_list("object_id", flat=True))) == 6
    assert _last_number(bsre_office) == 6
