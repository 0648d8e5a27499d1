"""Two-factor login (TOTP, django-otp): who must use it, enrolment, the second step, /admin/, lost phones."""

import base64
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, UserFactory
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")
VERIFY = reverse("accounts:otp_verify")
ENROL = reverse("accounts:otp_enrol")
DASHBOARD = reverse("accounts:dashboard")


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now for ``device`` (RFC 6238, computed independently of the view)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def password_login(client, user, url=LOGIN, **extra):
    response = client.post(url, {"username": user.email, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture
def admin_user(db):
    """An admin who has not yet enrolled a phone."""
    return UserFactory(email="ani@disnaker.go.id", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def enrolled_admin(admin_user):
    TOTPDevice.objects.create(user=admin_user, name="Aplikasi autentikator", confirmed=True)
    return admin_user


# --- Who must use it ------------------------------------------------------------------------------------------
def test_an_admin_without_a_phone_must_enrol_before_anything_else(client, admin_user):
    password_login(client, admin_user)
    for url in [DASHBOARD, "/admin/", reverse("accounts:password_change"), reverse("pkwt:list")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{ENROL}?next={url.replace('/', '%2F')}", url
    assert client.get(ENROL).status_code == 200


def test_an_enrolled_admin_gets_the_second_step_and_then_the_page_he_asked_for(client, enrolled_admin):
    password_login(client, enrolled_admin)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    next_url = parse_qs(urlparse(response.url).query)["next"][0]
    assert next_url == "/admin/accounts/user/"
    page = client.get(response.url).content.decode()
    assert 'for="id_token"' in page and "Kode verifikasi" in page and 'autocomplete="one-time-code"' in page
    device = TOTPDevice.objects.get(user=enrolled_admin)
    response = client.post(VERIFY, {"token": code_for(device), "next": next_url})
    assert response.status_code == 302 and response.url == "/admin/accounts/user/"
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get(DASHBOARD).status_code == 200


def test_the_admin_login_leads_to_the_second_step_too(client, enrolled_admin):
    response = password_login(client, enrolled_admin, url=ADMIN_LOGIN, next="/admin/")
    assert response.url == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_non_staff_password_at_the_admin_login_is_answered_like_a_wrong_one(client, vera):
    right = client.post(ADMIN_LOGIN, {"username": vera.email, "password": PASSWORD})
    wrong = client.post(ADMIN_LOGIN, {"username": vera.email, "password": "salah"})
    assert right.status_code == wrong.status_code == 200
    assert "Email atau kata sandi salah" in right.content.decode()
    assert right.context["form"].errors["__all__"][0].startswith("Email atau kata sandi salah")
    assert "_auth_user_id" not in client.session


def test_the_admin_site_itself_refuses_an_unverified_session(adam):
    request = RequestFactory().get("/admin/")
    request.user = adam
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


@pytest.mark.parametrize("persona", ["vera", "hana"])
def test_an_office_may_require_it_for_its_verifiers_and_heads(request, client, persona, oscar):
    user = request.getfixturevalue(persona)
    password_login(client, user)
    assert client.get(DASHBOARD).status_code == 200  # not required by default
    client.logout()
    user.office.two_factor_required = True
    user.office.save()
    password_login(client, user)
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith(ENROL)
    # Another office's verifier is not affected.
    client.logout()
    password_login(client, oscar)
    assert client.get(DASHBOARD).status_code == 200


def test_a_company_is_never_asked(client, alice):
    alice.company.office.two_factor_required = True
    alice.company.office.save()
    password_login(client, alice)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(ENROL).url == reverse("accounts:two_factor")


# --- Enrolment ----------------------------------------------------------------------------------------------------
def test_enrolment_shows_a_qr_code_and_the_secret_and_a_first_code_confirms_it(client, admin_user):
    password_login(client, admin_user)
    response = client.get(f"{ENROL}?next=/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    shown = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert shown.replace(" ", "") == secret
    # The picture is a QR code of the otpauth:// URL an authenticator app reads.
    data_uri = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data_uri))))
    url = decoded[0].text
    assert url.startswith("otpauth://totp/Layanan%20Disnaker%3Aani%40disnaker.go.id?")
    assert parse_qs(urlparse(url).query)["secret"] == [secret]
    # Reloading the page keeps the same secret (it may already have been scanned).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1

    response = client.post(ENROL, {"token": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    entry = AuditLog.objects.get(action=AuditAction.OTP_DEVICE_CONFIRMED)
    assert entry.actor == admin_user
    assert secret not in str(entry.data) and device.key not in str(entry.data)


def test_a_wrong_first_code_does_not_confirm_the_device(client, admin_user):
    password_login(client, admin_user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(ENROL, {"token": wrong_code(device)})
    assert response.status_code == 400
    assert "Kode verifikasi salah" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(DASHBOARD).status_code == 302


def test_the_code_must_be_six_digits(client, enrolled_admin):
    password_login(client, enrolled_admin)
    for token in ["", "12345", "abcdef", "1234567"]:
        response = client.post(VERIFY, {"token": token})
        assert response.status_code == 400, token
    assert not AuditLog.objects.filter(action=AuditAction.OTP_FAILED).exists()


# --- Wrong codes ----------------------------------------------------------------------------------------------------
def test_wrong_codes_are_counted_audited_and_lock_the_second_step(client, enrolled_admin, settings):
    assert settings.LOGIN_OTP_FAILURE_LIMIT == 5
    password_login(client, enrolled_admin)
    device = TOTPDevice.objects.get(user=enrolled_admin)
    for left in (4, 3, 2, 1):
        response = client.post(VERIFY, {"token": wrong_code(device)})
        assert response.status_code == 400
        assert f"Kode verifikasi salah. Ketik kode terbaru dari aplikasi (sisa {left} kali)." in (
            response.content.decode()
        )
    response = client.post(VERIFY, {"token": wrong_code(device)})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Kode verifikasi salah 5 kali" in html
    minutes = int(re.search(r"coba lagi setelah (\d+) menit", html).group(1))
    assert 1 <= minutes <= settings.LOGIN_OTP_COOLOFF_MINUTES
    # During the lock even the right code is not checked.
    assert client.post(VERIFY, {"token": code_for(device)}).status_code == 429
    assert client.get(DASHBOARD).status_code == 302
    assert AuditLog.objects.filter(action=AuditAction.OTP_FAILED, actor=enrolled_admin).count() == 5
    lock = AuditLog.objects.get(action=AuditAction.LOGIN_LOCKED)
    assert lock.actor == enrolled_admin and lock.data == {"lock": "otp"}


def test_the_lock_on_codes_follows_the_user_into_a_new_session(client, enrolled_admin, settings):
    settings.LOGIN_OTP_FAILURE_LIMIT = 2
    password_login(client, enrolled_admin)
    device = TOTPDevice.objects.get(user=enrolled_admin)
    for _ in range(2):
        client.post(VERIFY, {"token": wrong_code(device)})
    client.logout()
    password_login(client, enrolled_admin)
    assert client.post(VERIFY, {"token": code_for(device)}).status_code == 429


def test_the_lock_on_codes_ends_with_its_window(client, enrolled_admin, settings):
    settings.LOGIN_OTP_FAILURE_LIMIT = 2
    password_login(client, enrolled_admin)
    device = TOTPDevice.objects.get(user=enrolled_admin)
    for _ in range(2):
        client.post(VERIFY, {"token": wrong_code(device)})
    assert client.post(VERIFY, {"token": code_for(device)}).status_code == 429
    # The counter is a fixed window in the cache: a shorter window set now is a window that has ended.
    settings.LOGIN_OTP_COOLOFF_MINUTES = 14
    assert client.post(VERIFY, {"token": code_for(device)}).status_code == 302


def test_a_code_cannot_be_used_twice(client, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    password_login(client, enrolled_admin)
    code = code_for(device)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    client.logout()
    password_login(client, enrolled_admin)
    assert client.post(VERIFY, {"token": code}).status_code == 400


def test_the_second_step_redirects_only_to_our_own_pages(client, enrolled_admin):
    password_login(client, enrolled_admin)
    device = TOTPDevice.objects.get(user=enrolled_admin)
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://jahat.example/"})
    assert response.status_code == 302 and response.url == DASHBOARD


# --- With an initial password, and lost phones ---------------------------------------------------------------
def test_the_second_step_comes_before_changing_an_initial_password(client, db):
    user = UserFactory(email="baru@disnaker.go.id", role=Role.ADMIN, is_staff=True, must_change_password=True)
    password_login(client, user)
    assert client.get(DASHBOARD).url.startswith(ENROL)
    assert client.get(ENROL).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert client.post(ENROL, {"token": code_for(device)}).status_code == 302
    assert client.get(DASHBOARD).url == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_an_admin_removes_a_lost_phone_and_the_user_enrols_again(client, adam, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    client.force_login(adam)  # adam has passed his own second step
    user_page = client.get(reverse("admin:accounts_user_change", args=[enrolled_admin.pk])).content.decode()
    delete_url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert delete_url in user_page and "Hapus perangkat (ponsel hilang)" in user_page
    confirm = client.get(delete_url)
    assert confirm.status_code == 200  # the admin's confirmation page
    assert device.key not in confirm.content.decode()
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    entry = AuditLog.objects.get(action=AuditAction.OTP_DEVICE_REMOVED)
    assert entry.actor == adam and entry.object_id == str(enrolled_admin.pk)
    # The owner's next sign-in asks for a new phone.
    other = type(client)()
    password_login(other, enrolled_admin)
    assert other.get(DASHBOARD).url.startswith(ENROL)


def test_an_admin_cannot_add_or_edit_someone_elses_device(client, adam, enrolled_admin):
    client.force_login(adam)
    device = TOTPDevice.objects.get(user=enrolled_admin)
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    change = client.post(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]), {"name": "x"})
    assert change.status_code == 403
    device.refresh_from_db()
    assert device.name == "Aplikasi autentikator"


def test_only_an_admin_removes_devices(enrolled_admin, vera):
    from django.core.exceptions import PermissionDenied

    from disnaker.accounts.services import otp_devices_remove

    with pytest.raises(PermissionDenied):
        otp_devices_remove(user=enrolled_admin, actor=vera)
    assert TOTPDevice.objects.filter(user=enrolled_admin).exists()


# --- Seeing one's status ----------------------------------------------------------------------------------------
def test_staff_see_their_two_factor_status(client, adam, vera):
    client.force_login(adam)
    html = client.get(reverse("accounts:two_factor")).content.decode()
    assert re.search(r'id="two-factor-required"><span[^>]*>Wajib<', html)
    assert re.search(r'id="two-factor-status"><span[^>]*>Aktif<', html)
    client.force_login(vera)
    html = client.get(reverse("accounts:two_factor")).content.decode()
    assert re.search(r'id="two-factor-required"><span[^>]*>Tidak diwajibkan<', html)
    assert "belum mewajibkan verifikasi dua langkah" in html
    assert reverse("accounts:two_factor") in client.get(DASHBOARD).content.decode()
