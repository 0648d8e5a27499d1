"""Forms for guidance activities, placement reports and the list filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from disnaker.core.forms import DateField, DecisionForm
from disnaker.core.uploads import clean_image, clean_pdf

from .constants import MAX_ATTACHMENTS, REPORT_CELLS, REPORT_FIGURES, ActivityKind, PeriodKind
from .periods import MONTHS
from .services import row_problems

FIGURE_LABELS = {
    "registered": _lazy("Terdaftar"),
    "placed": _lazy("Ditempatkan"),
    "not_placed": _lazy("Belum ditempatkan"),
}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input (Django's documented pattern); each must be a safe PDF or a JPG/PNG, checked and
    re-encoded by :mod:`disnaker.core.uploads`. Cleans to a list of :class:`ContentFile` with our own names."""

    accept = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = self.accept
        return attrs

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(_("Paling banyak %(n)s lampiran sekaligus.") % {"n": MAX_ATTACHMENTS})
        cleaned, errors = [], []
        for number, upload in enumerate(uploads, start=1):
            upload = super().clean(upload, initial)
            label = _("Lampiran ke-%(n)s") % {"n": number}
            upload.seek(0)
            head = upload.read(1024)
            upload.seek(0)
            try:
                checked = (
                    clean_pdf(upload, label=label) if b"%PDF-" in head else clean_image(upload, label=label)
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            cleaned.append(ContentFile(checked.content, name=f"upload{checked.extension}"))
        if errors:
            raise ValidationError(errors)
        return cleaned


class ActivityForm(forms.Form):
    bkk = forms.ModelChoiceField(label=_lazy("BKK"), queryset=None, empty_label=_lazy("— pilih BKK —"))
    date = DateField(label=_lazy("Tanggal kegiatan"))
    kind = forms.ChoiceField(label=_lazy("Bentuk kegiatan"), choices=[("", "—"), *ActivityKind.choices])
    topic = forms.CharField(label=_lazy("Topik"), max_length=200)
    findings = forms.CharField(
        label=_lazy("Hasil temuan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    follow_up = forms.CharField(
        label=_lazy("Tindak lanjut"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("Yang harus dilakukan BKK. Kosongkan bila tidak ada tindak lanjut."),
    )
    follow_up_due = DateField(label=_lazy("Batas waktu tindak lanjut"), required=False)
    attachments = AttachmentsField(
        label=_lazy("Lampiran"),
        help_text=_lazy(
            "Notulen, daftar hadir atau foto kegiatan: PDF, JPG atau PNG; boleh lebih dari satu berkas."
        ),
    )

    def __init__(self, *args, bkks=None, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in (
                "date", "kind", "topic", "findings", "follow_up", "follow_up_due")})  # fmt: skip
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["bkk"]  # the BKK of a recorded activity stays
            self.fields["attachments"].label = _("Tambah lampiran")
        else:
            self.fields["bkk"].queryset = bkks


class FollowUpDoneForm(DecisionForm):
    note_label = _lazy("Catatan penyelesaian")
    note_help = _lazy("Bagaimana tindak lanjut diselesaikan, dan buktinya.")
    note_required = True
    note_rows = 2


class ActivityFilterForm(forms.Form):
    bkk = forms.ModelChoiceField(
        label=_lazy("BKK"), queryset=None, required=False, empty_label=_lazy("Semua BKK")
    )
    kind = forms.ChoiceField(
        label=_lazy("Bentuk"), required=False, choices=[("", _lazy("Semua")), *ActivityKind.choices]
    )
    dari = DateField(label=_lazy("Sejak tanggal"), required=False)
    sampai = DateField(label=_lazy("Sampai tanggal"), required=False)
    lewat = forms.BooleanField(label=_lazy("Hanya tindak lanjut lewat batas waktu"), required=False)

    def __init__(self, *args, bkks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bkk"].queryset = bkks


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year, this_year - 6, -1)]


class ReportForm(forms.Form):
    """The operator's placement report: the period, a breakdown grid (sex × education, three figures each), the
    vacancies received and the partner companies. Each grid row is checked; its error is shown on that row."""

    period_kind = forms.ChoiceField(
        label=_lazy("Jenis periode"), choices=PeriodKind.choices, initial=PeriodKind.QUARTERLY
    )
    period_month = forms.TypedChoiceField(
        label=_lazy("Bulan awal periode"),
        coerce=int,
        choices=[(i, name) for i, name in enumerate(MONTHS, start=1)],
    )
    period_year = forms.TypedChoiceField(label=_lazy("Tahun"), coerce=int, choices=())
    vacancies_received = forms.IntegerField(label=_lazy("Jumlah lowongan diterima"), min_value=0, max_value=1_000_000,
                                            initial=0)  # fmt: skip
    partner_companies = forms.CharField(
        label=_lazy("Perusahaan mitra"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_lazy("Satu nama perusahaan per baris."),
    )
    note = forms.CharField(
        label=_lazy("Catatan"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period_year"].choices = _year_choices()
        self.fields["period_year"].initial = today.year
        self.fields["period_month"].initial = today.month
        for sex, level in REPORT_CELLS:
            for figure in REPORT_FIGURES:
                self.fields[self.cell_name(figure, sex, level)] = forms.IntegerField(
                    label=f"{FIGURE_LABELS[figure]} — {sex.label}, {level.label}",
                    min_value=0,
                    max_value=1_000_000,
                    initial=0,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "text-end"}),
                )
        self.row_errors: dict[tuple[str, str], str] = {}

    @staticmethod
    def cell_name(figure: str, sex: str, level: str) -> str:
        return f"{figure}_{sex}_{level}"

    def clean(self):
        cleaned = super().clean()
        problems = row_problems(self.cells())
        self.row_errors = problems
        if problems:
            raise ValidationError(
                _("Periksa %(n)s baris rincian yang ditandai: ditempatkan + belum ditempatkan tidak boleh melebihi "
                  "alumni terdaftar.") % {"n": len(problems)}
            )  # fmt: skip
        return cleaned

    def cells(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {
            (sex, level): {f: data.get(self.cell_name(f, sex, level)) or 0 for f in REPORT_FIGURES}
            for sex, level in REPORT_CELLS
        }

    @property
    def grid(self) -> list[dict]:
        """The rows of the breakdown for the template: labels, the three bound fields and the row's error."""
        rows = []
        for sex, level in REPORT_CELLS:
            rows.append({
                "sex": sex, "level": level, "key": f"{sex}_{level}",
                "fields": [(FIGURE_LABELS[f], self[self.cell_name(f, sex, level)]) for f in REPORT_FIGURES],
                "error": self.row_errors.get((sex, level), ""),
            })  # fmt: skip
        return rows

    def grid_has_field_errors(self) -> bool:
        return any(self[self.cell_name(f, s, lv)].errors for s, lv in REPORT_CELLS for f in REPORT_FIGURES)


class ReportFilterForm(forms.Form):
    bkk = forms.ModelChoiceField(
        label=_lazy("BKK"), queryset=None, required=False, empty_label=_lazy("Semua BKK")
    )
    periode = forms.ChoiceField(
        label=_lazy("Jenis periode"), required=False, choices=[("", _lazy("Semua")), *PeriodKind.choices]
    )
    tahun = forms.TypedChoiceField(
        label=_lazy("Tahun"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args, bkks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bkk"].queryset = bkks
        self.fields["tahun"].choices = [("", _("Semua")), *_year_choices()]


class MonitoringFilterForm(forms.Form):
    tanda = forms.ChoiceField(
        label=_lazy("Tanda"),
        required=False,
        choices=[
            ("", _lazy("Semua BKK terdaftar")),
            ("watch", _lazy("Perlu dipantau")),
            ("stale", _lazy("Lewat batas nonaktif / diusulkan nonaktif")),
            ("ok", _lazy("Laporan terkini")),
        ],
    )
