import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, CompanyFactory, UserFactory
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.notifications.models import OutboxMessage

LOGIN = reverse("accounts:login")


def login(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_the_home_page_is_the_seeds_sign_in_screen(client, db):
    html = client.get("/").content.decode()
    for text in [
        "Email",
        "Kata sandi",
        "Masuk",
        "Lacak Permohonan",
        "Lupa Kata Sandi?",
        "Belum Punya Akun PKWT?",
        "Ajukan Permohonan Disini",
    ]:
        assert text in html, text


def test_the_sign_in_screen_has_a_captcha_by_default(client, settings, db):
    settings.CAPTCHA_BACKEND = "image"
    html = client.get("/").content.decode()
    assert 'for="id_captcha_1"' in html and "/captcha/image/" in html


def test_a_wrong_captcha_does_not_reveal_whether_the_password_was_right(client, settings, alice):
    settings.CAPTCHA_BACKEND = "image"
    right = login(client, alice.email, PASSWORD, captcha_0="x", captcha_1="nope")
    wrong = login(client, alice.email, "salah", captcha_0="x", captcha_1="nope")
    assert right.context["form"].errors == wrong.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_by_email_is_case_insensitive_and_audited(client, alice):
    response = login(client, alice.email.upper(), PASSWORD)
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    assert AuditLog.objects.filter(action=AuditAction.LOGIN, actor=alice).exists()


def test_a_failed_login_is_audited_without_the_password(client, alice):
    response = login(client, alice.email, "Salah-Sekali-999")
    assert "Email atau kata sandi salah" in response.content.decode()
    entry = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor_label == alice.email
    assert "Salah-Sekali-999" not in str(entry.data)


def test_five_wrong_passwords_lock_out_with_a_message_that_says_five_then_cool_off(client, alice, settings):
    # The README and the message say LOGIN_FAILURE_LIMIT (5): the fifth wrong password is the one that locks.
    assert settings.AXES_FAILURE_LIMIT == 5
    for left in (4, 3, 2, 1):
        response = login(client, alice.email, "salah")
        assert response.status_code == 200
        expected = (
            "Email atau kata sandi salah. Periksa kembali lalu coba lagi. "
            f"Setelah 5 kali kata sandi salah, email ini dikunci 15 menit (sisa {left} kali)."
        )
        assert expected in response.content.decode()
    response = login(client, alice.email, "salah")  # the fifth
    assert response.status_code == 429
    assert "Kata sandi salah 5 kali untuk email ini" in response.content.decode()
    # Even the right password is held back during the cool-off...
    assert login(client, alice.email, PASSWORD).status_code == 429
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1
    # ...and works again once it has passed: there is no permanent lockout.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert login(client, alice.email, PASSWORD).status_code == 302


def without_csrf(content: bytes) -> str:
    return re.sub(r'(X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+', r"\1", content.decode())


@pytest.fixture
def fresh_company_user(db):
    return UserFactory(
        email="baru@pabrik.co.id",
        role=Role.COMPANY,
        company=CompanyFactory(),
        must_change_password=True,
        password_expires_at=timezone.now() + timedelta(days=7),
    )


def test_first_login_can_only_change_the_password(client, fresh_company_user):
    assert login(client, fresh_company_user.email, PASSWORD).status_code == 302
    for url in [reverse("accounts:dashboard"), reverse("pkwt:list"), "/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("accounts:password_change"), url
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Kontrak-Baru-2026!",
            "new_password2": "Kontrak-Baru-2026!",
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    fresh_company_user.refresh_from_db()
    assert not fresh_company_user.must_change_password and fresh_company_user.password_expires_at is None
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Permohonan" in dashboard
    assert AuditLog.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=fresh_company_user).exists()


def test_an_expired_initial_password_is_refused_with_advice(client, fresh_company_user):
    fresh_company_user.password_expires_at = timezone.now() - timedelta(minutes=1)
    fresh_company_user.save()
    response = login(client, fresh_company_user.email, PASSWORD)
    assert response.status_code == 200
    assert "Kata sandi awal Anda sudah kedaluwarsa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_replies_the_same_whether_or_not_the_email_exists(
    client, alice, django_capture_on_commit_callbacks
):
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": alice.email}, follow=True)
        unknown = client.post(url, {"email": "tidakada@mana.com"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(known.content) == without_csrf(unknown.content)
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [alice.email]


def test_a_reset_link_works_once(client, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": alice.email})
    # The e-mail carries the link; the outbox's copy hides it once sent.
    body = mail.outbox[-1].body
    link = re.search(r"https?://[^/\s]+(/atur-ulang/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new = {"new_password1": "Reset-Kuat-2026!", "new_password2": "Reset-Kuat-2026!"}
    assert client.post(set_url, new).status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Reset-Kuat-2026!")
    # The same link again: refused.
    again = client.get(link, follow=True)
    assert "Tautan tidak berlaku" in again.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.PASSWORD_RESET_DONE, actor=alice).exists()


def test_reset_clears_an_expired_initial_password(client, fresh_company_user):
    fresh_company_user.password_expires_at = timezone.now() - timedelta(days=1)
    fresh_company_user.save()
    uid = urlsafe_base64_encode(force_bytes(fresh_company_user.pk))
    token = default_token_generator.make_token(fresh_company_user)
    page = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Reset-Kuat-2026!", "new_password2": "Reset-Kuat-2026!"})
    fresh_company_user.refresh_from_db()
    assert not fresh_company_user.must_change_password
    assert login(client, fresh_company_user.email, "Reset-Kuat-2026!").status_code == 302
