"""Issue 13 §4: whether an SMA/MA may form a BKK is a setting (BKK_ALLOW_GENERAL_SECONDARY, README)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from disnaker.placement import services
from disnaker.placement.constants import BkkStatus, InstitutionType

from .helpers import bkk_data

pytestmark = pytest.mark.django_db


@override_settings(BKK_ALLOW_GENERAL_SECONDARY=False)
def test_sma_is_refused_by_default(office):
    assert InstitutionType.SMA not in services.institution_types_allowed()
    with pytest.raises(ValidationError, match="SMK, perguruan tinggi, dan LPK"):
        services.bkk_apply(data=bkk_data(institution_type=InstitutionType.SMA))


@override_settings(BKK_ALLOW_GENERAL_SECONDARY=True)
def test_sma_is_accepted_where_the_setting_allows_it(office):
    bkk = services.bkk_apply(data=bkk_data(institution_type=InstitutionType.SMA, institution_code="20221111"))
    assert bkk.status == BkkStatus.SUBMITTED and bkk.institution_type == InstitutionType.SMA
    with pytest.raises(ValidationError, match="NPSN harus 8 digit"):
        services.validate_npsn(InstitutionType.SMA, "123")


@pytest.mark.parametrize("allowed", [False, True])
def test_the_application_form_offers_sma_only_when_allowed(allowed):
    from disnaker.placement.forms.bkk import BkkApplicationForm

    with override_settings(BKK_ALLOW_GENERAL_SECONDARY=allowed):
        values = [v for v, _label in BkkApplicationForm().fields["institution_type"].choices]
    assert (InstitutionType.SMA in values) is allowed


@pytest.mark.parametrize("allowed", [False, True])
def test_the_public_application_page_refuses_or_accepts_an_sma(client, office, allowed):
    from django.urls import reverse

    from disnaker.placement.models import Bkk

    from .test_bkk_views import apply_post

    post = apply_post(office.region, institution_type="sma", institution_name="SMA Negeri 1 Cikarang",
                      name="BKK SMA Negeri 1 Cikarang")  # fmt: skip
    with override_settings(BKK_ALLOW_GENERAL_SECONDARY=allowed):
        response = client.post(reverse("placement:bkk_apply"), post)
    if allowed:
        assert response.status_code == 302 and response.url == reverse("placement:bkk_apply_sent")
        assert Bkk.objects.get().institution_type == InstitutionType.SMA
    else:
        assert response.status_code == 400
        html = response.content.decode()
        error = html[html.index('id="id_institution_type_error"') :][:400]
        assert "hanya menerima BKK dari SMK, perguruan tinggi, dan LPK" in error, error
        assert not Bkk.objects.exists()
