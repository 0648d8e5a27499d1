"""*Cek Kontrak Saya*: a worker sees their own registered PKWT and nothing else; the same answer for an
unknown NIK and a wrong birth date; limits per IP and per NIK; every look-up audited without the NIK."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.pkwt import services
from disnaker.pkwt.models import PkwtContract
from disnaker.pkwt.tests.helpers import submitted_sample

URL = reverse("pkwt:worker_check")


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.CAPTCHA_BACKEND = "off"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registration(alice):
    return submitted_sample(alice, workers=3)


def _ask(client, contract, *, birth=None, nik=None):
    birth = birth or contract.birth_date
    return client.post(URL, {"nik": nik or contract.nik, "birth_date": birth.strftime("%d/%m/%Y")})


def test_form_is_public_and_asks_nik_birth_date(client, db):
    page = client.get(URL).content.decode()
    assert 'name="nik"' in page and 'name="birth_date"' in page and "Cek Kontrak Saya" in page


def test_worker_sees_own_contract_only_and_no_wage(client, registration):
    mine, other, _third = PkwtContract.objects.filter(registration=registration).order_by("row")
    page = _ask(client, mine).content.decode()
    assert "PT Alice Makmur" in page
    assert mine.start_date.strftime("%d/%m/%Y") in page and mine.end_date.strftime("%d/%m/%Y") in page
    assert "Diajukan, menunggu verifikasi" in page
    assert mine.name not in page and other.name not in page and mine.nik not in page
    assert f"{mine.wage:,}".replace(",", ".") not in page and str(mine.wage) not in page


def test_decree_number_and_verify_link_once_signed(client, registration, vera, hana):
    services.registration_verify(registration=registration, actor=vera)
    decree = services.registration_approve(registration=registration, actor=hana)
    contract = registration.contracts.first()
    page = _ask(client, contract).content.decode()
    assert decree.number in page
    assert reverse("decrees:verify", args=[decree.token]) in page
    assert "SK terbit" in page


def test_same_answer_for_unknown_nik_and_wrong_birth_date(client, registration):
    contract = registration.contracts.first()
    wrong_birth = _ask(client, contract, birth=contract.birth_date.replace(year=contract.birth_date.year - 1))
    unknown = _ask(client, contract, nik="3216015507950099")
    assert wrong_birth.status_code == unknown.status_code == 200

    def answer(response):
        page = response.content.decode()
        start = page.index('id="hasil"')
        return page[start : page.index("</section>", start)]

    assert answer(wrong_birth) == answer(unknown)
    assert "PT Alice Makmur" not in answer(wrong_birth)


def test_every_lookup_audited_without_the_nik(client, registration):
    contract = registration.contracts.first()
    _ask(client, contract)
    _ask(client, contract, nik="3216015507950099")
    entries = list(AuditLog.objects.filter(action=AuditAction.WORKER_CHECK).order_by("id"))
    assert [entry.data["shown"] for entry in entries] == [1, 0]
    for entry in entries:
        assert contract.nik not in str(entry.data) and "3216015507950099" not in str(entry.data)
        assert entry.ip_address
    assert entries[0].data["nik_digest"] != entries[1].data["nik_digest"]


def test_rate_limited_per_nik_across_ips(client, registration, settings):
    settings.WORKER_CHECK_RATE_LIMIT_PER_NIK_HOUR = 2
    contract = registration.contracts.first()
    answers = [
        client.post(
            URL,
            {"nik": contract.nik, "birth_date": "01/01/1990"},
            REMOTE_ADDR=f"10.0.0.{i}",
        ).status_code
        for i in range(1, 4)
    ]
    assert answers == [200, 200, 429]
    # Even the right birth date is refused now, and the refusal shows no contract.
    refused = _ask(client, contract)
    assert refused.status_code == 429 and "PT Alice Makmur" not in refused.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.WORKER_CHECK, data__limited=True).count() == 2


def test_rate_limited_per_ip(client, db, settings):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 2
    codes = [
        client.post(URL, {"nik": f"321601550795000{i}", "birth_date": "01/01/1995"}).status_code
        for i in range(1, 4)
    ]
    assert codes == [200, 200, 429]
    assert AuditLog.objects.filter(action=AuditAction.RATE_LIMITED, data__scope="worker-check").exists()


def test_bad_input_errors_next_to_fields(client, db):
    page = client.post(URL, {"nik": "12ab", "birth_date": "31/02/1990"}).content.decode()
    assert 'id="id_nik_error"' in page and 'id="id_birth_date_error"' in page
    assert not AuditLog.objects.filter(action=AuditAction.WORKER_CHECK).exists()
