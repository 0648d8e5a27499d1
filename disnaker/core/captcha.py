"""Captcha on the public forms.

``image`` (the embedded default) is django-simple-captcha: the challenge lives in our database and the
picture is drawn by our server, so no third party is called. ``recaptcha`` is Google reCAPTCHA v2, as on
the seed's screens, used when its keys are configured. ``off`` is for automated tests on a DEBUG server.
"""

from __future__ import annotations

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .formats import random_unambiguous

#: The picture of a challenge; our widget's template is only used instead when the client is over budget.
LIMITED_TEMPLATE = "core/captcha_limited.html"


def unambiguous_challenge() -> tuple[str, str]:
    """A challenge without characters people misread in a distorted picture."""
    text = random_unambiguous(settings.CAPTCHA_LENGTH)
    return text, text


class BudgetedCaptchaTextInput(CaptchaTextInput):
    """django-simple-captcha's widget stores a new challenge (a database row) every time it is drawn, so
    every view of a page with a captcha adds a row. Given the visitor's request it counts those rows
    against ``CAPTCHA_RATE_LIMIT_PER_IP_HOUR``; over it, no row is made and the widget says when to reload
    the page instead of showing a picture."""

    request = None
    limited_message = ""

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        from .throttle import captcha_allowed, record_rate_limited, retry_after, wait_message

        if self.request is None or captcha_allowed(self.request):
            self.template_name = CaptchaTextInput.template_name
            return super().fetch_captcha_store(name, value, attrs, generator)
        record_rate_limited(self.request, scope="captcha")
        self.template_name = LIMITED_TEMPLATE
        self.limited_message = wait_message(
            retry_after(), what=_("Terlalu banyak kode keamanan diminta dari alamat internet Anda.")
        )
        self._key = ""
        self._value = ["", ""]
        self.id_ = self.build_attrs(attrs).get("id", None)
        return None

    def get_context(self, name, value, attrs):
        if self.template_name != LIMITED_TEMPLATE:
            return super().get_context(name, value, attrs)
        # No challenge, so no picture to link: skip CaptchaTextInput's image and audio URLs.
        context = super(CaptchaTextInput, self).get_context(name, value, attrs)
        context["limited_message"] = self.limited_message
        return context


def captcha_field(*, request=None) -> forms.Field | None:
    backend = settings.CAPTCHA_BACKEND
    if backend == "image":
        field = CaptchaField(
            label=_("Kode keamanan"),
            help_text=_("Ketik huruf dan angka pada gambar (tidak membedakan huruf besar/kecil)."),
            widget=BudgetedCaptchaTextInput(
                attrs={"autocomplete": "off", "class": "form-control", "autocapitalize": "characters"}
            ),
            error_messages={
                "invalid": _("Kode keamanan salah atau sudah kedaluwarsa. Ketik kode pada gambar yang baru.")
            },
        )
        # Set after the field is made: a field deep-copies its widget, and the request must not be copied.
        field.widget.request = request
        return field
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
    """Adds the configured captcha as the form's last field, named ``captcha``.

    Give the form the visitor's request (``captcha_request=request``; an ``AuthenticationForm`` has its own
    ``request``) so the image captcha can count the challenges it stores per client IP."""

    def __init__(self, *args, captcha_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = captcha_field(request=captcha_request or getattr(self, "request", None))
        if field is not None:
            self.fields["captcha"] = field
