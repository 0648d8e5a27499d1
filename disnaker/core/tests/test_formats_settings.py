import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from config.settings import captcha_backend
from disnaker.core.formats import format_rupiah, normalize_npwp, normalize_phone


@pytest.mark.parametrize("raw", ["081234567890", "+62 812-3456-7890", "6281234567890", "(0812) 3456.7890"])
def test_phone_numbers_are_stored_as_628(raw):
    assert normalize_phone(raw) == "6281234567890"


@pytest.mark.parametrize("raw", ["", "12345", "0212345678", "+1 555 0100", "08abc"])
def test_bad_phone_numbers_are_refused_in_indonesian(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert "Nomor WhatsApp tidak valid" in exc.value.messages[0]


def test_npwp_15_and_16_digits():
    assert normalize_npwp("01.300.066.6-091.000") == "013000666091000"
    assert normalize_npwp("0013000666091000") == "0013000666091000"
    with pytest.raises(ValidationError):
        normalize_npwp("01.300.066.6-091.001x")
    with pytest.raises(ValidationError):
        normalize_npwp("1234")


@given(st.integers(min_value=0, max_value=10**12))
def test_rupiah_uses_dots_for_thousands(amount):
    text = format_rupiah(amount)
    assert text.startswith("Rp ")
    assert int(text[3:].replace(".", "")) == amount


def test_rupiah_example():
    assert format_rupiah(5558515) == "Rp 5.558.515"


def test_captcha_off_is_refused_without_debug():
    with pytest.raises(ImproperlyConfigured):
        captcha_backend("off", debug=False, recaptcha_configured=False)
    assert captcha_backend("off", debug=True, recaptcha_configured=False) == "off"


def test_captcha_defaults_to_self_hosted_image_and_recaptcha_when_keys_exist():
    assert captcha_backend("", debug=False, recaptcha_configured=False) == "image"
    assert captcha_backend("", debug=False, recaptcha_configured=True) == "recaptcha"
    with pytest.raises(ImproperlyConfigured):
        captcha_backend("recaptcha", debug=False, recaptcha_configured=False)
    with pytest.raises(ImproperlyConfigured):
        captcha_backend("hcaptcha", debug=True, recaptcha_configured=False)


def test_password_hashing_is_argon2():
    from config import settings as configured  # the suite itself hashes with MD5 for speed (root conftest)

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_recaptcha_backend_puts_googles_checkbox_on_public_forms(settings):
    from django_recaptcha.fields import ReCaptchaField

    from disnaker.accounts.forms import TrackForm

    settings.CAPTCHA_BACKEND = "recaptcha"
    assert isinstance(TrackForm().fields["captcha"], ReCaptchaField)
    settings.CAPTCHA_BACKEND = "off"
    assert "captcha" not in TrackForm().fields
