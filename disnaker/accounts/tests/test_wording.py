"""One word on every page (issue 16 §8): "Kata sandi", never "Password" nor Django's bare "sandi"; "Masuk",
never "Sign in"."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from disnaker.accounts.forms import PasswordChangeForm
from disnaker.accounts.tests.factories import PASSWORD

BARE_SANDI = re.compile(r"(?<!kata )\bsandi\b", re.IGNORECASE)


def _words(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)  # the text, not attribute names like name="password"


def test_the_sign_in_page_says_kata_sandi_and_masuk(client, db):
    text = _words(client.get(reverse("accounts:login")).content.decode())
    assert "Kata sandi" in text and "Masuk" in text
    assert "Password" not in text and "Sign in" not in text


def test_the_change_page_and_its_checks_say_kata_sandi(client, alice):
    client.force_login(alice)
    text = _words(client.get(reverse("accounts:password_change")).content.decode())
    assert "Ubah Kata Sandi" in text and "Kata sandi saat ini" in text and "Kata sandi baru" in text
    assert "Password" not in text and not BARE_SANDI.search(text), BARE_SANDI.findall(text)


def test_weak_passwords_are_refused_in_the_same_words(alice):
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("12345678", alice)
    messages = refused.value.messages
    assert "Kata sandi terlalu pendek: paling sedikit 10 karakter." in messages
    assert "Kata sandi tidak boleh hanya angka. Tambahkan huruf." in messages
    assert "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain." in messages
    with pytest.raises(ValidationError) as similar:
        password_validation.validate_password(alice.email, alice)
    assert any(m.startswith("Kata sandi terlalu mirip dengan") for m in similar.value.messages)


def test_a_wrong_current_password_and_a_mismatch_are_told_in_indonesian(alice):
    form = PasswordChangeForm(
        alice, {"old_password": "salah", "new_password1": "Baru-Sekali-2026", "new_password2": "Lain-2026-xx"}
    )
    assert not form.is_valid()
    assert form.errors["old_password"] == ["Kata sandi saat ini salah. Ketik sekali lagi."]
    assert form.errors["new_password2"] == ["Kedua kata sandi tidak sama. Ketik ulang kata sandi yang sama."]
    assert PasswordChangeForm(
        alice,
        {"old_password": PASSWORD, "new_password1": "Baru-Sekali-2026", "new_password2": "Baru-Sekali-2026"},
    ).is_valid()


def test_a_weak_new_password_is_told_under_the_box_it_was_typed_in(alice):
    form = PasswordChangeForm(
        alice, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    assert not form.is_valid()
    assert "new_password2" not in form.errors
    assert "Kata sandi terlalu pendek: paling sedikit 10 karakter." in form.errors["new_password1"]
