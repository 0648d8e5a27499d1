"""Every persona GETs every URL of the project and gets the answer in permission_matrix.py.

The world is built once per test: one object of each kind, all owned by Kabupaten Bekasi (vera, hana),
alice's company or bima's BKK, so object URLs carry real ids and tokens; bob (another company) and oscar
(Kota Bekasi) show what a cross-tenant attempt gets. ``test_every_url_is_in_the_matrix`` fails when a URL
name of ``get_resolver()`` has no row, so a new URL must be classified."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .permission_matrix import ADMIN_EXTRA, ADMIN_MODELS, ADMIN_VIEWS, ARGS, MATRIX, PERSONAS, A

pytestmark = pytest.mark.django_db


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern as ``namespace:name``; unnamed patterns as ``?<route>``."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"?{namespace}{pattern.pattern}")
    return names


def admin_rows() -> dict[str, tuple]:
    """The admin's URL names, from ADMIN_MODELS (every registered model must be listed there)."""
    rows = dict(ADMIN_EXTRA)
    for label, views in ADMIN_MODELS.items():
        for view, expected in zip(ADMIN_VIEWS, views, strict=True):
            rows[f"admin:{label}_{view}"] = (A,) * (len(PERSONAS) - 1) + (expected,)
    return rows


def test_every_url_is_in_the_matrix():
    names = url_names()
    # Django's admin adds two unnamed redirects per model and a catch-all; nothing else may be unnamed.
    unnamed = {n for n in names if n.startswith("?") and not n.startswith("?admin:")}
    assert unnamed == set(), f"name these URL patterns: {sorted(unnamed)}"
    classified = set(MATRIX) | set(admin_rows())
    missing = sorted(n for n in names if not n.startswith("?") and n not in classified)
    assert missing == [], f"add these URL names to disnaker/core/tests/permission_matrix.py: {missing}"
    stale = sorted(classified - names)
    assert stale == [], f"these rows name no URL any more: {stale}"
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert set(ADMIN_MODELS) == registered


@pytest.fixture
def world(request, alice, bob, vera, hana, oscar, prita, mira, adam, bkk, bima, pak, putri, office):
    """One object of each kind, owned by Kabupaten Bekasi / alice's company / bima's BKK."""
    from captcha.models import CaptchaStore

    from disnaker.accounts import services as account_services
    from disnaker.accounts.models import User
    from disnaker.accounts.tests.factories import AccountRequestFactory
    from disnaker.decrees.constants import DecreeKind
    from disnaker.decrees.services import decree_valid_for
    from disnaker.decrees.tests.helpers import registration_with_workers
    from disnaker.decrees.tests.unsigned import unsigned_decrees
    from disnaker.guidance.tests.helpers import pdf_file, record_activity, submit_report
    from disnaker.pkwt import services as pkwt_services
    from disnaker.pkwt.tests.helpers import age_excepted_contract, submitted_sample
    from disnaker.placement import services as placement_services
    from disnaker.placement.tests.helpers import bkk_data, candidate_data, evidence_for, submitted_proposal
    from disnaker.training import services as training_services
    from disnaker.training.constants import Attendance
    from disnaker.training.tests.conftest import training_data

    w = {"alice": alice, "putri": putri, "pak": pak, "bkk": bkk, "office": office}
    w["account_request"] = AccountRequestFactory(office=office)
    w["api_token"], _secret = account_services.api_token_create(
        company=alice.company, actor=alice, name="Uji"
    )
    w["uid"] = urlsafe_base64_encode(force_bytes(alice.pk))
    w["reset_token"] = lambda: default_token_generator.make_token(User.objects.get(pk=alice.pk))
    w["captcha"] = CaptchaStore.generate_key()
    # PKWT: a submitted registration (with its import and contracts) and a signed one.
    w["registration"] = submitted_sample(alice)
    w["import"] = w["registration"].current_import
    w["contract"] = w["registration"].contracts.first()
    w["child"] = age_excepted_contract(alice, vera)  # a worker under 18, excepted by vera
    with unsigned_decrees():
        signed = registration_with_workers(alice, office, 2, seed=1)  # verified
        pkwt_services.registration_approve(registration=signed, actor=hana)
    w["signed"] = signed
    # BKK and PAK.
    revision = placement_services.bkk_apply(data=bkk_data())
    placement_services.bkk_request_revision(bkk=revision, actor=vera, note="Lengkapi dokumen.")
    w["revision"] = revision
    w["bkk_decree"] = decree_valid_for(bkk, DecreeKind.BKK_REGISTRATION)
    w["proposal"] = submitted_proposal(bima)
    draft = placement_services.proposal_open(actor=bima)
    w["candidate"] = placement_services.candidate_save(
        proposal=draft, actor=bima, data=candidate_data(), evidence=evidence_for(draft.office)
    )
    w["draft"] = draft
    w["invitation"] = placement_services.invitation_token(putri)
    with unsigned_decrees():
        w["report"] = placement_services.province_report_send(
            office=pak.office, actor=hana, officer_ids=[pak.pk], note="Triwulan I"
        )
    # Guidance.
    w["activity"] = record_activity(vera, bkk, attachments=[pdf_file()])
    w["attachment"] = w["activity"].attachments.get()
    w["placement_report"] = submit_report(bima, year=timezone.localdate().year - 1, month=1)
    # Training: putri attended; hana issued her certificate.
    training = training_services.training_create(actor=vera, data=training_data())
    participant = training_services.training_invite(training=training, actor=vera, officers=[pak])[0]
    training_services.attendance_record(
        training=training, actor=vera, marks={participant.pk: Attendance.PRESENT}
    )
    with unsigned_decrees():
        training_services.certificates_issue(training=training, actor=hana)
    w["training"], w["participant"] = training, participant
    w["personas"] = {
        name: None if name == "anonymous" else request.getfixturevalue(name) for name in PERSONAS
    }
    w["admin_objects"] = _admin_objects()
    w["admin_content_type"] = ContentType.objects.get_for_model(bkk).pk
    return w


def _admin_objects() -> dict[str, str]:
    """The pk of one object per admin model ("0" for a model with no rows: the admin then redirects)."""
    found = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        found[f"{model._meta.app_label}_{model._meta.model_name}"] = str(obj.pk) if obj else "0"
    return found


def outcome(response) -> str | int:
    """The status, or where a redirect goes: ``login`` (the portal's sign-in), ``admin-login``, else 302."""
    if response.status_code == 302:
        if response.url.startswith(reverse("accounts:login") + "?"):
            return "login"
        if response.url.startswith(reverse("admin:login")):
            return "admin-login"
    return response.status_code


def path_for(name: str, w: dict) -> str:
    label, _sep, view = name.removeprefix("admin:").rpartition("_")
    if name.startswith("admin:") and label in ADMIN_MODELS and view in ADMIN_VIEWS:
        return reverse(
            name, args=[w["admin_objects"][label]] if view in {"history", "delete", "change"} else []
        )
    args = ARGS.get(name)
    return reverse(name, args=args(w) if args else [])


def test_every_persona_gets_the_matrixs_answer_on_every_url(client, world):
    expected_rows = {**MATRIX, **admin_rows()}
    wrong = []
    for index, persona in enumerate(PERSONAS):
        user = world["personas"][persona]
        for name, row in expected_rows.items():
            cache.clear()  # rate-limit counters
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(path_for(name, world))
            got = outcome(response)
            if got != row[index]:
                wrong.append(f"{name:48} {persona:10} expected {row[index]!s:12} got {got}")
    assert wrong == [], "\n" + "\n".join(wrong)
