"""Personas used across the suite.

alice is a company's user, bob another company's; vera verifies and hana heads the Kabupaten Bekasi
office; oscar verifies at another office (Kota Bekasi); adam is the deployment's admin.
"""

from __future__ import annotations

import pytest
from django.test import Client

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import (
    AccountRequestFactory,
    CompanyFactory,
    UserFactory,
    bekasi_office,
    other_office,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests last, after pytest-django's own order (which puts the tests without a database after
    the transactional ones): Playwright keeps an event loop running in the process once it has started, and
    a later ``asyncio.run`` (pyHanko's validation) would then fail. Stable: the rest keep their order."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def simulator(tmp_path_factory):
    """The BSrE esign-client simulator (``decrees.bsre.simulator``) on loopback, one per test process."""
    from disnaker.decrees.bsre.simulator import BsreSimulator

    server = BsreSimulator(tmp_path_factory.mktemp("bsre-simulator")).start()
    yield server
    server.stop()


@pytest.fixture
def sim(simulator):
    """The simulator with no fault set, before and after the test."""
    simulator.faults.reset()
    yield simulator
    simulator.faults.reset()


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
    # Argon2 takes ~0.5 s a hash on purpose; the suite makes hundreds of users. Production keeps Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    """The admin, with a confirmed TOTP device: admins must use two-factor login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(email="adam@disnaker.go.id", role=Role.ADMIN, is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)
    return user


class _Client(Client):
    """Django's test client; ``force_login`` signs in completely, i.e. also passes the second step for a user
    with a confirmed TOTP device. Tests of other pages act as a signed-in user; the two-factor steps themselves
    are tested through their pages (disnaker/accounts/tests/test_two_factor.py), where ``post`` logs in."""

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return _Client()


@pytest.fixture
def account_request(office):
    return AccountRequestFactory(office=office)


# --- BKK and PAK personas ------------------------------------------------------------------------------------
# prita is the admin of the Jawa Barat province office (above both kab/kota offices); mira the ministry's
# read-only viewer; bima operates a registered BKK in Kabupaten Bekasi, where putri is an appointed PAK.


@pytest.fixture
def province_office(db):
    from disnaker.core.models import Office

    return Office.objects.get(code="32")


@pytest.fixture
def prita(province_office):
    return UserFactory(email="prita@disnakerjabar.go.id", role=Role.PROVINCE_ADMIN, office=province_office,
                       full_name="Prita Provinsi")  # fmt: skip


@pytest.fixture
def mira(db):
    from disnaker.core.models import Office

    return UserFactory(email="mira@kemnaker.go.id", role=Role.MINISTRY_VIEWER,
                       office=Office.objects.get(code="kemnaker"), full_name="Mira Kementerian")  # fmt: skip


def _decrees_for_fixtures(request):
    """Fixtures that only need their decrees to exist get a placeholder PDF (disnaker/decrees/tests/unsigned.py);
    a test marked ``signed_decrees`` gets them rendered and signed."""
    import contextlib

    from disnaker.decrees.tests.unsigned import unsigned_decrees

    if request.node.get_closest_marker("signed_decrees"):
        return contextlib.nullcontext()
    return unsigned_decrees()


@pytest.fixture
def bkk(request, vera, hana):
    from disnaker.placement.tests.helpers import registered_bkk

    with _decrees_for_fixtures(request):
        return registered_bkk(vera, hana, email="bima@smkn1.sch.id", contact_name="Bima Operator")


@pytest.fixture
def bima(bkk):
    """The registered BKK's operator (account made at registration; password set for tests)."""
    user = bkk.operator
    user.set_password("demo12345")
    user.must_change_password = False
    user.save()
    return user


@pytest.fixture
def pak(request, bima, vera, hana):
    """An appointed PAK of bima's BKK, with the invitation sent but not yet accepted."""
    from disnaker.placement.tests.helpers import appointed_officers

    with _decrees_for_fixtures(request):
        return appointed_officers(bima, vera, hana, count=1)[0]


@pytest.fixture
def putri(pak):
    """The PAK's account, registered (password set) with a complete profile awaiting verification."""
    from disnaker.placement.tests.helpers import registered_profile

    return registered_profile(pak).user
