"""A service's refusal stays in the audit log even though the refusal rolls its transaction back.

The two tiny services below are real decorated functions doing what our services do (work inside
``transaction.atomic()``, then refuse); the tests with ``transaction=True`` run on the real connection without the
test's own wrapping transaction, so a rollback there is the rollback production sees. (They use serialized
rollback, like ``decrees/tests/test_concurrency.py``, and sort before every transactional test that does not:
one of those recreates the content types and serialized rollback can no longer restore them.)
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.audit import AccessDenied, audit_record, denials_audited, deny, service_step_name
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog, Office


@denials_audited
def refusing_service(*, actor, office) -> None:
    with transaction.atomic():
        audit_record(action=AuditAction.UPDATED, actor=actor, data={"would": "vanish"})
        deny(actor=actor, obj=office, message="Tidak boleh.")


@denials_audited
def outer_service(*, actor, office) -> None:
    with transaction.atomic():
        refusing_service(actor=actor, office=office)


def _denials():
    return list(AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_denial_inside_a_rolled_back_transaction_is_committed():
    actor = UserFactory(role=Role.VERIFIER, office=Office.objects.get(code="32.16"))
    office = Office.objects.get(code="32")
    with pytest.raises(PermissionDenied, match="Tidak boleh"):
        refusing_service(actor=actor, office=office)
    rows = _denials()
    assert len(rows) == 1
    row = rows[0]
    assert row.actor == actor and row.actor_label == actor.email
    assert row.data == {"step": "core.tests.test_denials.refusing_service"}
    assert (row.object_type, row.object_id) == ("core.office", str(office.pk))
    # The rest of the refused work is gone with the rollback.
    assert not AuditLog.objects.filter(action=AuditAction.UPDATED).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_denial_deep_in_nested_services_is_committed_once_naming_the_outer_step():
    actor = UserFactory(role=Role.COMPANY)
    with pytest.raises(AccessDenied):
        outer_service(actor=actor, office=Office.objects.get(code="32"))
    rows = _denials()
    assert len(rows) == 1
    assert rows[0].data == {"step": "core.tests.test_denials.outer_service"}


@pytest.mark.django_db
def test_a_denial_outside_any_service_transaction_is_written_once(office):
    actor = UserFactory(role=Role.COMPANY)
    with pytest.raises(AccessDenied):
        deny(actor=actor, obj=office, step="core.check")
    assert [r.data for r in _denials()] == [{"step": "core.check"}]


@pytest.mark.django_db
def test_the_denial_survives_the_services_savepoint_inside_an_outer_transaction(office):
    """The test's own transaction plays the caller's: the service's savepoint rolls back, the row stays."""
    actor = UserFactory(role=Role.HEAD, office=office)
    with pytest.raises(AccessDenied):
        refusing_service(actor=actor, office=office)
    assert len(_denials()) == 1


def test_a_step_is_named_after_the_app_whether_its_services_are_a_module_or_a_package():
    assert service_step_name("disnaker.placement.services", "bkk_verify") == "placement.bkk_verify"
    assert service_step_name("disnaker.placement.services.bkk", "bkk_verify") == "placement.bkk_verify"
    assert service_step_name("disnaker.pkwt.services.signing", "signing_run") == "pkwt.signing_run"
    assert service_step_name("disnaker.core.tests.test_denials", "outer_service") == (
        "core.tests.test_denials.outer_service"
    )
