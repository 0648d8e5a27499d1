"""Worker NIKs on the PKWT pages go through the shared mask and reveal (``includes/nik.html``,
``core.pages.personal_data_reveal``): masked in every list, revealed one at a time to the office, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog

from .helpers import submitted_sample

pytestmark = pytest.mark.django_db


def test_the_office_sees_masked_niks_and_reveals_one_audited(client, alice, vera):
    registration = submitted_sample(alice)
    contract = registration.contracts.order_by("row").first()
    reveal = reverse("pkwt:office_reveal_nik", args=[registration.pk, contract.pk])
    client.force_login(vera)
    review = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    assert contract.nik not in review and contract.nik[:6] + "******" + contract.nik[-4:] in review
    assert f'hx-post="{reveal}"' in review
    response = client.post(reveal)
    assert response.content.decode() == f'<span class="font-monospace">{contract.nik}</span>'
    assert "no-store" in response["Cache-Control"]
    row = AuditLog.objects.get(action=AuditAction.PERSONAL_DATA_VIEWED, actor=vera)
    assert row.data == {"contract": contract.pk, "field": "nik"}
    assert (row.object_type, row.object_id) == ("pkwt.pkwtregistration", str(registration.pk))


def test_the_company_sees_its_workers_masked_without_a_reveal(client, alice):
    registration = submitted_sample(alice)
    contract = registration.contracts.order_by("row").first()
    client.force_login(alice)
    page = client.get(reverse("pkwt:detail", args=[registration.pk])).content.decode()
    assert contract.nik not in page and contract.nik[:6] + "******" + contract.nik[-4:] in page
    assert "Lihat NIK" not in page
