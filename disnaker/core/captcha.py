"""Captcha on the public forms.

``image`` (the embedded default) is django-simple-captcha: the challenge lives in our database and the
picture is drawn by our server, so no third party is called. ``recaptcha`` is Google reCAPTCHA v2, as on
the seed's screens, used when its keys are configured. ``off`` is for automated tests on a DEBUG server.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .formats import random_unambiguous


def unambiguous_challenge() -> tuple[str, str]:
    """A challenge without characters people misread in a distorted picture."""
    text = random_unambiguous(settings.CAPTCHA_LENGTH)
    return text, text


def captcha_field() -> forms.Field | None:
    backend = settings.CAPTCHA_BACKEND
    if backend == "image":
        from captcha.fields import CaptchaField, CaptchaTextInput

        return CaptchaField(
            label=_("Kode keamanan"),
            help_text=_("Ketik huruf dan angka pada gambar (tidak membedakan huruf besar/kecil)."),
            widget=CaptchaTextInput(
                attrs={"autocomplete": "off", "class": "form-control", "autocapitalize": "characters"}
            ),
            error_messages={
                "invalid": _("Kode keamanan salah atau sudah kedaluwarsa. Ketik kode pada gambar yang baru.")
            },
        )
    if backend == "recaptcha":
        from django_recaptcha.fields import ReCaptchaField
        from django_recaptcha.widgets import ReCaptchaV2Checkbox

        return ReCaptchaField(
            label=_("Verifikasi"),
            widget=ReCaptchaV2Checkbox(api_params={"hl": "id"}),
            error_messages={"required": _("Centang kotak 'I'm not a robot' terlebih dahulu.")},
        )
    return None


class CaptchaFormMixin:
    """Adds the configured captcha as the form's last field, named ``captcha``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = captcha_field()
        if field is not None:
            self.fields["captcha"] = field
