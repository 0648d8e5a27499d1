"""Forms of the BKK pages: the public application and its revision, tracking, and the office's decisions."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disnaker.core.captcha import CaptchaFormMixin
from disnaker.core.formats import normalize_phone
from disnaker.core.forms import DecisionForm, SearchField
from disnaker.core.selectors import regions_with_office
from disnaker.core.uploads import PdfFileField, private_storage

from .. import services
from ..constants import BkkStatus, InstitutionType

#: The three registration documents, in the order they are shown.
DOCUMENTS = services.BKK_DOCUMENTS

# A PDF that passed its checks while another field failed is kept in private storage under this folder and
# named in a signed hidden field, so the applicant does not have to choose it again.
KEPT_PREFIX = "bkk-pending/"
KEPT_SALT = "disnaker.placement.bkk-apply-document"
KEPT_MAX_AGE = 24 * 3600


def keep_document(field: str, file) -> str:
    """Store a checked PDF for the next attempt and return the signed token that names it."""
    file.seek(0)
    name = private_storage().save(f"{KEPT_PREFIX}{uuid.uuid4().hex}.pdf", ContentFile(file.read()))
    file.seek(0)
    return signing.dumps({"f": field, "p": name}, salt=KEPT_SALT)


def kept_document(field: str, token: str) -> tuple[str, ContentFile] | None:
    """The stored PDF a token names (``None`` when the token is bad, old, for another field, or gone)."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
    except signing.BadSignature:
        return None
    path = data.get("p", "") if isinstance(data, dict) else ""
    if data.get("f") != field or not path.startswith(KEPT_PREFIX) or ".." in path:
        return None
    storage = private_storage()
    if not storage.exists(path):
        return None
    with storage.open(path, "rb") as handle:
        return path, ContentFile(handle.read(), name="upload.pdf")


def discard_kept(paths) -> None:
    storage = private_storage()
    for path in paths:
        if path.startswith(KEPT_PREFIX):
            storage.delete(path)


def discard_stale_kept(*, older_than: datetime.timedelta = datetime.timedelta(seconds=KEPT_MAX_AGE)) -> int:
    """Delete kept PDFs whose application was never completed (their tokens have expired). Returns how many."""
    storage = private_storage()
    folder = KEPT_PREFIX.rstrip("/")
    if not storage.exists(folder):
        return 0
    limit = timezone.now() - older_than
    removed = 0
    for name in storage.listdir(folder)[1]:
        path = f"{KEPT_PREFIX}{name}"
        if storage.get_modified_time(path) < limit:
            storage.delete(path)
            removed += 1
    return removed


class InstitutionTypeField(forms.ChoiceField):
    """The kinds allowed here (``services.institution_types_allowed``). A known kind that is not allowed (an
    SMA/MA while ``BKK_ALLOW_GENERAL_SECONDARY`` is off) gets the message naming who may form a BKK, not
    Django's "not one of the choices"."""

    def validate(self, value):
        if value in InstitutionType.values:
            services.validate_institution_type(value)
        super().validate(value)


class BkkDataForm(forms.Form):
    """The BKK's data; shared by the application and its revision."""

    name = forms.CharField(
        label=_("Nama BKK"), max_length=200, help_text=_("Misalnya BKK SMK Negeri 1 Cikarang.")
    )
    institution_name = forms.CharField(label=_("Nama lembaga"), max_length=200)
    institution_type = InstitutionTypeField(
        label=_("Jenis lembaga"), choices=lambda: [
            ("", _("— pilih —")),
            *[(v, label) for v, label in InstitutionType.choices if v in services.institution_types_allowed()],
        ],
    )  # fmt: skip
    institution_code = forms.CharField(
        label=_("NPSN / kode lembaga"),
        max_length=20,
        help_text=_("SMK: NPSN 8 digit. Perguruan tinggi: kode PDDikti. LPK: nomor izin/kode lembaga."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    address = forms.CharField(label=_("Alamat lembaga"), widget=forms.Textarea(attrs={"rows": 3}))
    head_name = forms.CharField(label=_("Nama kepala lembaga"), max_length=150)
    contact_name = forms.CharField(
        label=_("Nama operator/kontak"),
        max_length=150,
        help_text=_("Orang yang akan mengelola akun BKK."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail operator"),
        help_text=_("Kode lacak, pemberitahuan dan akun operator dikirim ke e-mail ini."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("No WhatsApp/telepon"),
        max_length=20,
        help_text=_("Contoh: 081234567890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    operating_permit = PdfFileField(label=_("Izin operasional lembaga (PDF)"), required=False)
    founding_decree = PdfFileField(
        label=_("SK pembentukan BKK beserta struktur organisasi (PDF)"), required=False
    )
    placement_plan = PdfFileField(label=_("Rencana penempatan minimal 1 tahun (PDF)"), required=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        kind, code = cleaned.get("institution_type"), cleaned.get("institution_code")
        if kind:
            try:
                services.validate_institution_type(kind)
            except ValidationError as exc:
                self.add_error("institution_type", exc)
                kind = None
        if kind and code:
            try:
                cleaned["institution_code"] = services.validate_npsn(kind, code)
            except ValidationError as exc:
                self.add_error("institution_code", exc)
        return cleaned

    @property
    def document_fields(self) -> list[tuple]:
        """(bound field, token of the kept PDF or "") for placement/_bkk_form.html; a revision keeps none."""
        return [(self[name], "") for name in DOCUMENTS]


class BkkApplicationForm(CaptchaFormMixin, BkkDataForm):
    """ "Daftarkan BKK": the public application. The three PDFs are required; one already accepted in an
    earlier attempt is kept (see :func:`keep_document`)."""

    region = forms.ModelChoiceField(
        label=_("Kabupaten/Kota"),
        queryset=regions_with_office(),
        empty_label=_("— pilih —"),
        help_text=_("Lokasi lembaga; menentukan Disnaker yang memproses pendaftaran."),
    )
    field_order = [
        "name", "institution_name", "institution_type", "institution_code", "address", "region", "head_name",
        "contact_name", "email", "phone", *DOCUMENTS,
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(self.fields["region"].queryset)
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk
        #: field → (path, token) of the documents kept from an earlier attempt.
        self.kept: dict[str, tuple[str, str]] = {}
        for name in DOCUMENTS:
            field = self.fields[name]
            field.required = True
            field.error_messages["required"] = _("%(label)s wajib diunggah.") % {"label": field.label}
            found = kept_document(name, self.data.get(f"{name}_kept", "")) if self.is_bound else None
            if found is not None:
                # A FileField given no new file returns its initial value: the kept PDF.
                path, content = found
                self.initial[name] = content
                self.kept[name] = (path, self.data[f"{name}_kept"])

    def keep_valid_documents(self) -> None:
        """After a failed attempt: store each newly accepted PDF so the next attempt need not send it again."""
        cleaned = getattr(self, "cleaned_data", {})
        for name in DOCUMENTS:
            if name in self.errors or not cleaned.get(name) or cleaned[name] is self.initial.get(name):
                continue
            if name in self.kept:
                discard_kept([self.kept[name][0]])
            token = keep_document(name, cleaned[name])
            self.kept[name] = ("", token)

    @property
    def document_fields(self) -> list[tuple]:
        """(bound field, token of the kept PDF or "") for the template."""
        return [(self[name], self.kept[name][1] if name in self.kept else "") for name in DOCUMENTS]

    @property
    def kept_tokens(self) -> dict[str, str]:
        return {name: token for name, (_path, token) in self.kept.items()}

    @property
    def kept_paths(self) -> list[str]:
        return [path for path, _token in self.kept.values() if path]


class BkkRevisionForm(BkkDataForm):
    """The applicant's correction through the e-mailed link: documents left empty keep the ones sent."""

    def __init__(self, *args, bkk=None, **kwargs):
        if bkk is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(bkk, name) for name in services.BKK_FIELDS}
        super().__init__(*args, **kwargs)
        for name in DOCUMENTS:
            self.fields[name].help_text = _("Kosongkan untuk memakai dokumen yang sudah dikirim.")

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in services.BKK_FIELDS}
        data.update({name: self.cleaned_data[name] for name in DOCUMENTS if self.cleaned_data.get(name)})
        return data


class BkkTrackForm(CaptchaFormMixin, forms.Form):
    """ "Lacak Pendaftaran BKK": the tracking code and the operator's e-mail."""

    tracking_code = forms.CharField(
        label=_("Kode lacak"),
        max_length=20,
        help_text=_("Contoh: BKK-7K3M-Q9XR (ada di e-mail konfirmasi)."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail operator"))


class BkkDecisionForm(DecisionForm):
    """The note or reason of an office decision on a BKK (required or not is the step's rule: ``BKK_FLOW``)."""

    note_label = _("Catatan / alasan")
    note_help = _(
        "Dikirim ke BKK dan dicatat di riwayat. Wajib untuk perbaikan, penolakan, dan perubahan status."
    )


QUEUE_FLAGS = [
    ("", _("Semua")),
    ("belum-melapor", _("Belum melapor")),
    ("usul-nonaktif", _("Diusulkan nonaktif")),
]


class BkkQueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Semua status")),
            *[(v, lbl) for v, lbl in BkkStatus.choices if v != BkkStatus.DRAFT],
        ],
    )
    tanda = forms.ChoiceField(label=_("Pemantauan"), required=False, choices=QUEUE_FLAGS)
    q = SearchField(
        label=_("Cari"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Nama, NPSN atau kode lacak")}),
    )
