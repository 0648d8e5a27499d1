"""Personas used across the suite.

alice is a company's user, bob another company's; vera verifies and hana heads the Kabupaten Bekasi
office; oscar verifies at another office (Kota Bekasi); adam is the deployment's admin.
"""

from __future__ import annotations

import pytest

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import (
    AccountRequestFactory,
    CompanyFactory,
    UserFactory,
    bekasi_office,
    other_office,
)


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    """One development signing certificate for the whole run (an RSA key takes a moment to generate)."""
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, signing_dir):
    from django.core.cache import cache

    settings.DECREE_SIGNING_DIR = signing_dir
    settings.DECREE_PKCS12_PATH = ""
    settings.DECREE_ALLOW_DEV_CERTIFICATE = True
    cache.clear()  # rate-limit counters
    settings.CAPTCHA_BACKEND = "off"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    settings.AXES_ENABLED = True


@pytest.fixture
def office(db):
    return bekasi_office()


@pytest.fixture
def office2(db):
    return other_office()


@pytest.fixture
def alice(db):
    return UserFactory(
        email="alice@makmur.co.id", role=Role.COMPANY, company=CompanyFactory(name="PT Alice Makmur")
    )


@pytest.fixture
def bob(db):
    return UserFactory(
        email="bob@sentosa.co.id", role=Role.COMPANY, company=CompanyFactory(name="PT Bob Sentosa")
    )


@pytest.fixture
def vera(office):
    return UserFactory(
        email="vera@disnaker.go.id", role=Role.VERIFIER, office=office, full_name="Vera Verifikator"
    )


@pytest.fixture
def hana(office):
    return UserFactory(email="hana@disnaker.go.id", role=Role.HEAD, office=office, full_name="Hana Kepala")


@pytest.fixture
def oscar(office2):
    return UserFactory(email="oscar@disnakerkota.go.id", role=Role.VERIFIER, office=office2)


@pytest.fixture
def adam(db):
    return UserFactory(email="adam@disnaker.go.id", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def account_request(office):
    return AccountRequestFactory(office=office)
