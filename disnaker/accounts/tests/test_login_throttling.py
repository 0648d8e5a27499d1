"""Login throttling: the (e-mail, address) lock, the per-account lock, how a reset lifts them, the admin login."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts.tests.factories import PASSWORD
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


def login(client, email, password, ip="10.0.0.1", url=LOGIN, **extra):
    return client.post(url, {"username": email, "password": password, **extra}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def case_variants(email: str):
    """``alice@makmur.co.id`` → ``Alice@…``, ``aLice@…``, … (one upper-case letter each), and padded."""
    letters = [i for i, c in enumerate(email) if c.isalpha()]
    for i in letters:
        yield email[:i] + email[i].upper() + email[i + 1 :]
    yield f"  {email.upper()}  "


# --- The (e-mail, address) lock -----------------------------------------------------------------------------
def test_a_case_variant_of_a_locked_email_is_locked_too(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, alice.email, "salah")
    for variant in list(case_variants(alice.email))[:6]:
        response = login(client, variant, PASSWORD)
        assert response.status_code == 429, variant
        assert not signed_in(client)


def test_case_variants_share_one_failure_count(client, alice, settings):
    variants = list(case_variants(alice.email))
    for variant in variants[: settings.AXES_FAILURE_LIMIT - 1]:
        assert login(client, variant, "salah").status_code == 200
    # The fifth wrong password, in yet another spelling, locks the e-mail.
    assert login(client, variants[-1], "salah").status_code == 429
    assert login(client, alice.email, PASSWORD).status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [alice.email]


def test_the_fifth_wrong_password_locks_and_the_message_says_so(client, alice, settings):
    assert settings.AXES_FAILURE_LIMIT == 5 and timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    for attempt in range(1, 5):
        response = login(client, alice.email, "salah")
        assert response.status_code == 200, attempt
        html = response.content.decode()
        assert "Email atau kata sandi salah" in html
        assert f"sisa {5 - attempt} kali" in html
    response = login(client, alice.email, "salah")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Kata sandi salah 5 kali untuk email ini" in html
    assert "coba lagi setelah 15 menit" in html
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_LOCKED, actor_label=alice.email).count() == 1


def test_attempts_during_the_lockout_do_not_extend_it(client, alice, settings):
    for _ in range(5):
        login(client, alice.email, "salah")
    locked_at = AccessAttempt.objects.get().attempt_time
    # Ten minutes later the user tries again, with the right password and with wrong ones.
    AccessAttempt.objects.update(attempt_time=locked_at - timedelta(minutes=10))
    assert login(client, alice.email, PASSWORD).status_code == 429
    response = login(client, alice.email, "salah")
    assert response.status_code == 429
    attempt = AccessAttempt.objects.get()
    assert attempt.attempt_time == locked_at - timedelta(minutes=10)
    assert attempt.failures_since_start == 5
    assert "coba lagi setelah 5 menit" in response.content.decode()
    # The lock started once; the attempts during it are no new lock.
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1
    # Fifteen minutes after the fifth failure the right password works.
    AccessAttempt.objects.update(attempt_time=locked_at - timedelta(minutes=15, seconds=1))
    assert login(client, alice.email, PASSWORD).status_code == 302


def test_another_address_is_not_held_by_the_pair_lock(client, alice):
    for _ in range(5):
        login(client, alice.email, "salah", ip="10.0.0.1")
    assert login(client, alice.email, PASSWORD, ip="10.0.0.2").status_code == 302


# --- The per-account lock --------------------------------------------------------------------------------------
def test_many_addresses_cannot_keep_guessing_one_account(client, alice, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT, settings.LOGIN_ACCOUNT_COOLOFF_MINUTES = 20, 60  # the defaults
    # Four guesses from each of five addresses: no pair is locked, but the account has had 20 wrong passwords.
    for n in range(19):
        ip = f"203.0.113.{n // 4 + 1}"
        assert login(client, alice.email, "salah", ip=ip).status_code == 200, n
    response = login(client, alice.email, "salah", ip="203.0.113.5")
    assert response.status_code == 429
    html = response.content.decode()
    assert "20 kali kata sandi salah dalam 60 menit" in html
    minutes = int(re.search(r"coba lagi setelah (\d+) menit", html).group(1))
    assert 1 <= minutes <= 60
    # A fresh address with the right password is held back too, and so is every case variant.
    for ip, email in [("198.51.100.7", alice.email), ("198.51.100.8", alice.email.upper())]:
        response = login(client, email, PASSWORD, ip=ip)
        assert response.status_code == 429 and not signed_in(client)
    entry = AuditLog.objects.get(action=AuditAction.LOGIN_LOCKED)
    assert entry.actor_label == alice.email and entry.data["lock"] == "account"


def test_guesses_during_the_account_lock_are_not_counted(client, alice, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    for n in range(3):
        login(client, alice.email, "salah", ip=f"203.0.113.{n}")
    failed = AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).count()
    for n in range(10):
        assert login(client, alice.email, "salah", ip=f"198.51.100.{n}").status_code == 429
    # No new axes record: an address that was never locked has no failures on file.
    assert not AccessAttempt.objects.filter(ip_address__startswith="198.51.100.").exists()
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).count() == failed + 10
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1


def test_the_account_lock_ends_with_its_window(client, alice, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_COOLOFF_MINUTES = 60
    for n in range(3):
        login(client, alice.email, "salah", ip=f"203.0.113.{n}")
    assert login(client, alice.email, PASSWORD, ip="198.51.100.1").status_code == 429
    # The counter is a fixed window in the cache: a shorter window set now is a window that has ended.
    settings.LOGIN_ACCOUNT_COOLOFF_MINUTES = 59
    assert login(client, alice.email, PASSWORD, ip="198.51.100.1").status_code == 302


# --- A completed reset lifts both locks ------------------------------------------------------------------------
def reset_password(client, email, django_capture_on_commit_callbacks, new="Reset-Kuat-2026!"):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": email})
    # The delivered e-mail: the outbox copy hides the link once it is sent.
    body = next(message.body for message in reversed(mail.outbox) if email in message.to)
    link = re.search(r"https?://[^/\s]+(/atur-ulang/\S+/)", body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    return new


def test_a_completed_reset_lifts_the_pair_lock(client, alice, django_capture_on_commit_callbacks):
    for _ in range(5):
        login(client, alice.email, "salah")
    assert login(client, alice.email, PASSWORD).status_code == 429
    new = reset_password(client, alice.email, django_capture_on_commit_callbacks)
    assert login(client, alice.email, new).status_code == 302
    entry = AuditLog.objects.get(action=AuditAction.LOGIN_UNLOCKED)
    assert entry.actor == alice


def test_a_completed_reset_lifts_the_account_lock(
    client, alice, settings, django_capture_on_commit_callbacks
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 4
    for n in range(4):
        login(client, alice.email, "salah", ip=f"203.0.113.{n}")
    assert login(client, alice.email, PASSWORD, ip="198.51.100.1").status_code == 429
    new = reset_password(client, alice.email, django_capture_on_commit_callbacks)
    assert login(client, alice.email, new, ip="198.51.100.1").status_code == 302
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_UNLOCKED, actor=alice).exists()


def test_a_reset_without_a_lock_writes_no_unlock_entry(client, alice, django_capture_on_commit_callbacks):
    reset_password(client, alice.email, django_capture_on_commit_callbacks)
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN_UNLOCKED).exists()


def test_no_lock_is_permanent(client, alice):
    for _ in range(5):
        login(client, alice.email, "salah")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(client, alice.email, PASSWORD).status_code == 302


# --- /admin/login/ -------------------------------------------------------------------------------------------
def test_the_admin_login_has_the_captcha(client, settings, db):
    settings.CAPTCHA_BACKEND = "image"
    html = client.get(ADMIN_LOGIN).content.decode()
    assert 'for="id_captcha_1"' in html and "/captcha/image/" in html
    assert "Kode keamanan" in html


def test_the_admin_login_refuses_a_wrong_captcha(client, settings, adam):
    settings.CAPTCHA_BACKEND = "image"
    response = login(client, adam.email, PASSWORD, url=ADMIN_LOGIN, captcha_0="x", captcha_1="nope")
    assert response.status_code == 200 and not signed_in(client)
    assert "Kode keamanan salah" in response.content.decode()


def test_the_admin_login_is_throttled_across_case_variants(client, adam):
    variants = list(case_variants(adam.email))
    for variant in variants[:4]:
        response = login(client, variant, "salah", url=ADMIN_LOGIN)
        assert response.status_code == 200
        assert "Email atau kata sandi salah" in response.content.decode()
    response = login(client, variants[4], "salah", url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "Kata sandi salah 5 kali untuk email ini" in response.content.decode()
    for variant in variants[5:9]:
        assert login(client, variant, PASSWORD, url=ADMIN_LOGIN).status_code == 429, variant
        assert not signed_in(client)


def test_the_public_and_admin_logins_share_one_count(client, adam):
    for _ in range(3):
        login(client, adam.email, "salah")
    for _ in range(2):
        last = login(client, adam.email.upper(), "salah", url=ADMIN_LOGIN)
    assert last.status_code == 429
    assert login(client, adam.email, PASSWORD).status_code == 429


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_an_unknown_email_is_throttled_like_a_known_one(client, db, url):
    for _ in range(4):
        assert login(client, "Tidak.Ada@Mana.com", "salah", url=url).status_code == 200
    assert login(client, "tidak.ada@mana.com", "salah", url=url).status_code == 429
