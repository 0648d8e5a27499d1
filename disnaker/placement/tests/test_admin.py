"""The admin edits the PAK requirement checklist; BKK and PAK records are read-only there."""

import pytest
from django.urls import reverse

from disnaker.placement.models import PakRequirement

pytestmark = pytest.mark.django_db


def test_the_checklist_is_editable_and_the_records_read_only(client, adam, pak):
    client.force_login(adam)
    response = client.post(
        reverse("admin:placement_pakrequirement_add"),
        {
            "text": "Sehat jasmani dan rohani",
            "evidence_hint": "Surat keterangan sehat",
            "order": 9,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert PakRequirement.objects.filter(text="Sehat jasmani dan rohani", office__isnull=True).exists()
    for name in ("bkk", "pakproposal", "placementofficer", "pakprofile", "provincereport"):
        assert client.get(reverse(f"admin:placement_{name}_changelist")).status_code == 200, name
        assert client.get(reverse(f"admin:placement_{name}_add")).status_code == 403, name
    page = client.get(reverse("admin:placement_placementofficer_change", args=[pak.pk])).content.decode()
    assert pak.nik not in page
    assert client.get(reverse("admin:training_training_changelist")).status_code == 200
