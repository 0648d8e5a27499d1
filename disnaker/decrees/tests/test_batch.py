"""Batch signing from the head's queue (``decrees.batch``) against the real BSrE simulator on a loopback port:
each item its own transaction, numbers in the queue's order, a refusal part-way keeps what was signed."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from disnaker.decrees import batch
from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE
from disnaker.decrees.constants import DecreeKind, SignerBackend
from disnaker.decrees.models import Decree, DecreeCounter
from disnaker.decrees.services import decree_settings_for
from disnaker.decrees.tests.helpers import registration_with_workers
from disnaker.pkwt.models import PkwtRegistration
from disnaker.placement import services as placement_services
from disnaker.placement.models import Bkk
from disnaker.placement.tests.helpers import bkk_data

SIGNER = "3216010101800001"  # ISSUE in the simulator's demo table
PKWT = DecreeKind.PKWT_REGISTRATION


@pytest.fixture
def bsre_office(office, sim, settings):
    settings.BSRE_BASE_URL = sim.url
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "esign", "esign-simulator"
    settings.BSRE_TIMEOUT_SECONDS = 5
    decree_settings = decree_settings_for(office)
    decree_settings.signer_backend = SignerBackend.BSRE
    decree_settings.bsre_nik = SIGNER
    decree_settings.full_clean()
    decree_settings.save()
    return office


def _registrations(alice, office, count):
    return [registration_with_workers(alice, office, 1, seed=i) for i in range(count)]


def _keys(registrations):
    return [f"{PKWT}:{r.pk}" for r in registrations]


def _last_number(office) -> int:
    counter = DecreeCounter.objects.filter(office=office, kind=PKWT).first()
    return counter.last_number if counter else 0


def _sequence_of(registration):
    return Decree.objects.get(object_id=registration.pk, kind=PKWT).sequence


def test_queue_lists_every_kind_waiting_for_the_head(alice, vera, hana, office):
    registration = registration_with_workers(alice, office, 2)
    bkk = placement_services.bkk_apply(data=bkk_data(email="bkk-antrean@smk.sch.id"))
    placement_services.bkk_verify(bkk=bkk, actor=vera)
    queue = batch.signing_queue(hana)
    keys = [item.key for item in queue]
    assert f"{PKWT}:{registration.pk}" in keys and f"{DecreeKind.BKK_REGISTRATION}:{bkk.pk}" in keys
    assert batch.signing_queue(vera) == []  # only the head has a signing queue


def test_batch_of_20_refused_at_item_11_keeps_ten_and_retry_signs_the_rest(
    alice, hana, bsre_office, sim, tmp_path
):
    registrations = _registrations(alice, bsre_office, 20)
    queue_keys = [item.key for item in batch.signing_queue(hana)]
    assert queue_keys == _keys(registrations)  # oldest first: the numbering order
    sim.faults.refuse_after_calls = 10
    result = batch.batch_sign(
        actor=hana, keys=list(reversed(_keys(registrations))), passphrase=DEMO_PASSPHRASE
    )
    assert result.signed == 10 and result.count(batch.ItemState.FAILED) == 1
    assert result.count(batch.ItemState.SKIPPED) == 9
    assert "permintaan ke-11" in result.error and "permintaan ke-11" in result.items[10].message
    # The first ten (in the queue's order, not the order sent) are signed and numbered 1..10.
    assert [_sequence_of(r) for r in registrations[:10]] == list(range(1, 11))
    assert [o.number for o in result.items[:10]] == [
        Decree.objects.get(object_id=r.pk, kind=PKWT).number for r in registrations[:10]
    ]
    assert set(PkwtRegistration.objects.filter(pk__in=[r.pk for r in registrations[:10]])
               .values_list("status", flat=True)) == {"approved"}  # fmt: skip
    # The other ten: unsigned, no number used, still in the queue.
    assert Decree.objects.filter(kind=PKWT).count() == 10 and _last_number(bsre_office) == 10
    assert [item.key for item in batch.signing_queue(hana)] == _keys(registrations[10:])
    # Retry once BSrE signs again: numbers 11..20, in the same order.
    sim.faults.reset()
    retry = batch.batch_sign(actor=hana, keys=_keys(registrations[10:]), passphrase=DEMO_PASSPHRASE)
    assert retry.signed == 10 and not retry.error
    assert [_sequence_of(r) for r in registrations] == list(range(1, 21))
    assert _last_number(bsre_office) == 20 and batch.signing_queue(hana) == []
    # Really signed by the simulator's CA.
    pdf = Decree.objects.get(object_id=registrations[15].pk, kind=PKWT).pdf.read()
    (embedded,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    status = validate_pdf_signature(embedded, sim.ca.validation_context())
    assert status.bottom_line and status.signing_cert.subject.native["serial_number"] == SIGNER


def test_wrong_passphrase_numbers_nothing(alice, hana, bsre_office, sim):
    registrations = _registrations(alice, bsre_office, 3)
    result = batch.batch_sign(actor=hana, keys=_keys(registrations), passphrase="bukan-passphrase")
    assert result.signed == 0 and result.error_code == "bsre_2031"
    assert result.error.startswith("Passphrase anda salah")
    assert [o.state for o in result.items] == ["failed", "skipped", "skipped"]
    assert Decree.objects.count() == 0 and _last_number(bsre_office) == 0
    assert sim.calls.get("/api/v2/sign/pdf", 0) >= 1  # BSrE was asked, and refused


def test_missing_passphrase_tries_nothing(alice, hana, bsre_office, sim):
    registrations = _registrations(alice, bsre_office, 2)
    calls = sim.calls.get("/api/v2/sign/pdf", 0)
    result = batch.batch_sign(actor=hana, keys=_keys(registrations), passphrase="")
    assert result.error_code == "bsre_passphrase_missing" and result.signed == 0
    assert sim.calls.get("/api/v2/sign/pdf", 0) == calls and _last_number(bsre_office) == 0


def test_timeout_part_way_keeps_the_signed_and_uses_no_number(alice, hana, bsre_office, sim, settings):
    registrations = _registrations(alice, bsre_office, 3)
    settings.BSRE_TIMEOUT_SECONDS = 1
    sim.faults.delay_seconds = 3
    sim.faults.only_path = "/api/v2/sign/pdf"
    result = batch.batch_sign(actor=hana, keys=_keys(registrations), passphrase=DEMO_PASSPHRASE)
    assert result.error_code == "bsre_unavailable" and "tidak ada nomor yang terpakai" in result.error
    assert result.signed == 0 and Decree.objects.count() == 0 and _last_number(bsre_office) == 0
    sim.faults.reset()
    settings.BSRE_TIMEOUT_SECONDS = 10
    again = batch.batch_sign(actor=hana, keys=_keys(registrations), passphrase=DEMO_PASSPHRASE)
    assert again.signed == 3 and [_sequence_of(r) for r in registrations] == [1, 2, 3]


def test_an_item_already_signed_keeps_its_number(alice, hana, bsre_office, sim):
    registrations = _registrations(alice, bsre_office, 2)
    first = batch.batch_sign(actor=hana, keys=_keys(registrations[:1]), passphrase=DEMO_PASSPHRASE)
    assert first.signed == 1
    # The head's page still showed it: it is no longer waiting, and nothing new is numbered for it.
    second = batch.batch_sign(actor=hana, keys=_keys(registrations), passphrase=DEMO_PASSPHRASE)
    assert [o.state for o in second.items] == ["signed", "gone"]
    assert _last_number(bsre_office) == 2


def test_a_large_batch_runs_in_the_background_and_the_passphrase_is_gone_after(
    alice, hana, bsre_office, sim, settings, client, django_capture_on_commit_callbacks
):
    settings.DECREE_BATCH_SYNC_MAX = 2
    registrations = _registrations(alice, bsre_office, 4)
    stored = []
    real_store = batch._store

    def spy(batch_id, actor_id, state, result):
        stored.append((state, result.done, result.total, cache.get(batch._secret_key(batch_id))))
        real_store(batch_id, actor_id, state, result)

    batch._store = spy
    try:
        client.force_login(hana)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("decrees:signing_queue"),
                {"items": _keys(registrations), "passphrase": DEMO_PASSPHRASE},
            )
    finally:
        batch._store = real_store
    # Queued (the sealed passphrase waits in the cache, encrypted), then one progress step per item.
    assert response.status_code == 302
    batch_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert stored[0][0] == "queued" and stored[0][3] is not None
    assert DEMO_PASSPHRASE.encode() not in stored[0][3]
    assert [(s, d, t) for s, d, t, _secret in stored[1:]] == [
        ("running", 1, 4), ("running", 2, 4), ("running", 3, 4), ("running", 4, 4), ("done", 4, 4),
    ]  # fmt: skip
    assert all(secret is None for *_rest, secret in stored[1:])  # read once by the task, deleted
    assert cache.get(batch._secret_key(batch_id)) is None
    page = client.get(response["Location"])
    assert "4 dari 4 ditandatangani" in page.content.decode()
    # What htmx polls: once done, the outcome without a further poll.
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'id="batch-result"' in partial and "hx-get" not in partial
    # While it runs: a determinate bar and the count.
    state = cache.get(batch.state_key(batch_id))
    state["state"], state["result"]["items"][3]["state"] = "running", batch.ItemState.WAITING
    cache.set(batch.state_key(batch_id), state)
    running = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'value="3" max="4"' in running and "3 dari 4 ditandatangani" in running and "hx-get" in running
    assert [_sequence_of(r) for r in registrations] == [1, 2, 3, 4]
    # Another head (or anyone else) cannot read this batch.
    assert batch.batch_state(batch_id, alice) is None


def test_the_queue_page_asks_for_the_passphrase_and_shows_the_refusal(alice, hana, bsre_office, sim, client):
    registrations = _registrations(alice, bsre_office, 2)
    client.force_login(hana)
    page = client.get(reverse("decrees:signing_queue")).content.decode()
    assert 'type="password"' in page and 'autocomplete="off"' in page and "Tandatangani yang dipilih" in page
    assert page.index(registrations[0].company.name) >= 0
    refused = client.post(
        reverse("decrees:signing_queue"), {"items": _keys(registrations), "passphrase": "salah"}
    )
    body = refused.content.decode()
    assert (
        refused.status_code == 200 and "Passphrase anda salah" in body and 'id="id_passphrase_error"' in body
    )
    assert "salah" not in body.split('name="passphrase"')[1].split(">")[0]  # not rendered back
    assert Decree.objects.count() == 0
    missing = client.post(reverse("decrees:signing_queue"), {"passphrase": DEMO_PASSPHRASE})
    assert missing.status_code == 400 and "Pilih minimal satu item" in missing.content.decode()


def test_only_the_head_opens_the_queue(vera, client):
    client.force_login(vera)
    assert client.get(reverse("decrees:signing_queue")).status_code == 403


def test_a_bkk_and_a_pkwt_in_one_batch_each_get_their_own_counter(alice, vera, hana, bsre_office, sim):
    registration = registration_with_workers(alice, bsre_office, 1)
    bkk = placement_services.bkk_apply(data=bkk_data(email="bkk-batch@smk.sch.id"))
    placement_services.bkk_verify(bkk=bkk, actor=vera)
    keys = [f"{PKWT}:{registration.pk}", f"{DecreeKind.BKK_REGISTRATION}:{bkk.pk}"]
    result = batch.batch_sign(actor=hana, keys=keys, passphrase=DEMO_PASSPHRASE)
    assert result.signed == 2, result
    assert Bkk.objects.get(pk=bkk.pk).status == "registered"
    assert Decree.objects.get(kind=DecreeKind.BKK_REGISTRATION).sequence == 1
    assert Decree.objects.get(kind=PKWT).sequence == 1


def test_a_pak_proposal_is_appointed_from_the_queue(bima, vera, hana, office):
    from disnaker.placement.models import PakProposal
    from disnaker.placement.tests.helpers import submitted_proposal

    proposal = submitted_proposal(bima, count=2)
    placement_services.proposal_verify(proposal=proposal, actor=vera)
    key = f"{DecreeKind.PAK_APPOINTMENT}:{proposal.pk}"
    (item,) = [item for item in batch.signing_queue(hana) if item.key == key]
    assert "2 calon PAK" in item.detail
    result = batch.batch_sign(actor=hana, keys=[key])  # this office signs with its PKCS#12: no passphrase
    assert result.signed == 1 and not result.error
    assert PakProposal.objects.get(pk=proposal.pk).status == "appointed"
    assert (
        Decree.objects.get(kind=DecreeKind.PAK_APPOINTMENT, object_id=proposal.pk).number
        == result.items[0].number
    )
