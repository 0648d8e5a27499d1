from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.core.validators import MinLengthValidator
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from disnaker.core.captcha import CaptchaFormMixin
from disnaker.core.formats import normalize_npwp, normalize_phone
from disnaker.core.forms import DecisionForm, SearchField
from disnaker.core.selectors import regions_with_office
from disnaker.core.uploads import ImageFileField, PdfFileField
from disnaker.notifications.services import outbox_enqueue

from .constants import AccountRequestStatus, CompanyLegalForm, CompanyScale


def _email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )


def _password_field() -> forms.CharField:
    return forms.CharField(
        label=pgettext_lazy("seed screen", "Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignInFormMixin:
    """What the public and the admin sign-in forms share: messages, captcha first, the count shown."""

    error_messages = {
        "invalid_login": _("Email atau kata sandi salah. Periksa kembali lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi Disnaker."),
        "initial_password_expired": _(
            'Kata sandi awal Anda sudah kedaluwarsa. Gunakan "Lupa Kata Sandi?" untuk membuat kata sandi baru.'
        ),
    }

    def clean(self):
        # With a wrong captcha, do not even try the password: otherwise the answer would tell a robot
        # whether the password was right without it solving the captcha.
        if "captcha" in self.errors:
            return self.cleaned_data
        return super().clean()

    def get_invalid_login_error(self):
        """The wrong-password message, with how many tries are left before the e-mail is locked.

        The count is django-axes' own for this e-mail from this address (set on the request by its
        handler), so what the user reads is what will happen.
        """
        message = str(self.error_messages["invalid_login"])
        failures = getattr(self.request, "axes_failures_since_start", None)
        limit = settings.AXES_FAILURE_LIMIT
        if failures is not None and 0 < failures < limit:
            message += " " + gettext(
                "Setelah %(limit)s kali kata sandi salah, email ini dikunci %(minutes)s menit "
                "(sisa %(left)s kali)."
            ) % {
                "limit": limit,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
                "left": limit - failures,
            }
        return forms.ValidationError(message, code="invalid_login")


class LoginForm(SignInFormMixin, CaptchaFormMixin, auth_forms.AuthenticationForm):
    """The seed's sign-in screen: Email, Password, captcha."""

    username = _email_field()
    password = _password_field()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.initial_password_expired:
            raise forms.ValidationError(
                self.error_messages["initial_password_expired"], code="initial_password_expired"
            )


class AdminLoginForm(SignInFormMixin, CaptchaFormMixin, AdminAuthenticationForm):
    """``/admin/login/``: the same e-mail, password and captcha as the public sign-in, for staff only.

    A right password for an account without admin access gets the same answer as a wrong one.
    """

    username = _email_field()
    password = _password_field()

    def confirm_login_allowed(self, user):
        auth_forms.AuthenticationForm.confirm_login_allowed(self, user)
        if not user.is_staff:
            # Counted and answered as a wrong password, so the admin login tells no one whether the password
            # of an account without admin access was right.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()


class AccountRequestForm(CaptchaFormMixin, forms.Form):
    """ "Permohonan PKWT": the seed's account request, plus NPWP, kab/kota and business size."""

    company_name = forms.CharField(label=_("Nama Perusahaan"), max_length=200)
    leader_name = forms.CharField(label=_("Nama Pimpinan"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Dipakai untuk masuk dan menerima pemberitahuan."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    whatsapp = forms.CharField(
        label=_("No Whatsapp"),
        max_length=20,
        help_text=_("Contoh: 081234567890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    address = forms.CharField(label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 3}))
    region = forms.ModelChoiceField(
        label=_("Kabupaten/Kota"),
        queryset=regions_with_office(),
        empty_label=_("— pilih —"),
        help_text=_("Lokasi perusahaan; menentukan Disnaker yang memproses."),
    )
    npwp = forms.CharField(label=_("NPWP Perusahaan"), max_length=25, help_text=_("15 atau 16 digit."))
    legal_form = forms.ChoiceField(
        label=_("Jenis Perusahaan"), choices=[("", _("— pilih —")), *CompanyLegalForm.choices]
    )
    scale = forms.ChoiceField(
        label=_("Skala Usaha"),
        choices=[("", _("— pilih —")), *CompanyScale.choices],
        help_text=_("Usaha mikro dan kecil dikecualikan dari ketentuan upah minimum (UMK)."),
    )
    application_letter = PdfFileField(label=_("Surat Permohonan (PDF)"))
    power_of_attorney = PdfFileField(label=_("Surat KUASA (PDF)"))
    ktp_image = ImageFileField(label=_("KTP (JPG/PNG)"))
    id_card_image = ImageFileField(label=_("ID Card (JPG/PNG)"))
    accept_terms = forms.BooleanField(
        label=_("Saya telah membaca dan menyetujui Syarat & Ketentuan"),
        error_messages={"required": _("Anda harus membaca dan menyetujui Syarat & Ketentuan.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(self.fields["region"].queryset)
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_whatsapp(self):
        return normalize_phone(self.cleaned_data["whatsapp"])

    def clean_npwp(self):
        return normalize_npwp(self.cleaned_data["npwp"])


class TrackForm(CaptchaFormMixin, forms.Form):
    """ "Lacak Permohonan": the tracking code and the e-mail used in the request."""

    tracking_code = forms.CharField(
        label=_("Kode lacak"),
        max_length=20,
        help_text=_("Contoh: AK-7K3M-Q9XR (ada di e-mail konfirmasi)."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"))


class AccountRequestQueueForm(forms.Form):
    """The verifier's filter of *Permohonan Akun*: status and a search box."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *AccountRequestStatus.choices]
    )
    q = SearchField(
        label=_("Cari nama perusahaan, kode lacak atau email"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class AccountRequestDecisionForm(DecisionForm):
    """The note of an account-request decision (``ACCOUNT_REQUEST_FLOW``): only rejecting asks for it."""

    note_label = _("Alasan penolakan")
    note_help = _("Dikirim ke pemohon. Sebutkan apa yang kurang atau salah.")


class RejectForm(AccountRequestDecisionForm):
    """Rejecting: the reason goes to the applicant, so it must say something (at least 10 characters)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].min_length = 10
        self.fields["note"].validators.append(MinLengthValidator(10))


class PasswordResetForm(CaptchaFormMixin, auth_forms.PasswordResetForm):
    """ "Lupa Kata Sandi": the reset link goes through the outbox like every other message."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # The link is built from SITE_URL: Django's context has ``domain`` from the request's Host header,
        # which whoever sends the form chooses, so a forged header would e-mail a link to their own site.
        path = reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        outbox_enqueue(
            to=to_email,
            subject=str(_("Atur ulang kata sandi Layanan Disnaker")),
            template="password_reset",
            context={"email": context["email"], "reset_url": settings.SITE_URL + path},
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """New password twice; labels and messages say "kata sandi" throughout (issue 16 §8)."""

    error_messages = {
        "password_mismatch": _("Kedua kata sandi tidak sama. Ketik ulang kata sandi yang sama.")
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = pgettext_lazy("seed screen", "Kata sandi baru")
        self.fields["new_password2"].label = pgettext_lazy("seed screen", "Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = _("Ketik kata sandi baru sekali lagi.")

    def validate_password_for_user(self, user, password_field_name=None):
        """A weak password is told under the box it was typed in, not under "Ulangi" (issue 16 §8); when the
        two differ, that is said first."""
        if "new_password2" not in self.errors:
            super().validate_password_for_user(user, "new_password1")


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    """The seed's "Ubah Password", now "Ubah Kata Sandi"."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_incorrect": _("Kata sandi saat ini salah. Ketik sekali lagi."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = pgettext_lazy("seed screen", "Kata sandi saat ini")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk mengenali token nanti, misalnya nama sistem HR yang memakainya."),
    )


class OtpTokenForm(forms.Form):
    """The 6-digit code from the authenticator app ("Kode verifikasi")."""

    token = forms.CharField(
        label=_("Kode verifikasi"),
        help_text=_("6 angka dari aplikasi autentikator; kode berganti setiap 30 detik."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
        error_messages={"required": _("Ketik kode verifikasi 6 angka dari aplikasi autentikator.")},
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not (len(token) == 6 and token.isascii() and token.isdigit()):
            raise forms.ValidationError(_("Kode verifikasi terdiri dari 6 angka, misalnya 123456."))
        return token
