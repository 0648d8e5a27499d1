from django import forms
from django.utils.translation import gettext_lazy as _

from disnaker.core.forms import DateField, SearchField
from disnaker.core.models import Office

from .constants import OrganiserLevel
from .models import Training


class TrainingForm(forms.ModelForm):
    """The fields; the rules (dates, place or link, coordination note) are in ``services.validate_training``."""

    online_link = forms.URLField(
        label=_("Tautan daring"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Wajib untuk bimtek daring (Zoom, Google Meet, dll.)."),
    )

    class Meta:
        model = Training
        fields = [
            "title", "organiser_level", "organiser_name", "start_date", "end_date", "mode", "place",
            "online_link", "coordinated_with_kemnaker", "coordination_note", "description",
        ]  # fmt: skip
        field_classes = {"start_date": DateField, "end_date": DateField}
        widgets = {
            "coordination_note": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "place": _("Untuk bimtek daring boleh diisi nama aplikasi atau ruang penyelenggara."),
            "coordinated_with_kemnaker": _(
                "Dengan Ditjen Binapenta dan PKK, Direktorat Bina Pengantar Kerja (surat B-3/4662/PK.01.02/IX/2025)."
            ),
        }

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser_level"].choices = [("", "---------"), *OrganiserLevel.choices]
        if office is not None and not self.instance.pk:
            self.initial.setdefault(
                "organiser_level",
                OrganiserLevel.PROVINCE if office.level == "province" else OrganiserLevel.REGENCY,
            )

    def _post_clean(self):
        # The model's own validation runs in the service (with the cross-field rules); skip it here.
        pass


class ListFilterForm(forms.Form):
    q = SearchField(label=_("Cari judul atau tempat"))
    tahap = forms.ChoiceField(
        label=_("Tahap"),
        required=False,
        choices=[
            ("", _("Semua")),
            ("planned", _("Akan datang")),
            ("running", _("Berlangsung")),
            ("ended", _("Selesai")),
        ],
    )


class InviteFilterForm(forms.Form):
    q = SearchField(label=_("Cari nama PAK, BKK atau lembaga"))
    kantor = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), required=False, queryset=Office.objects.none(), empty_label=_("Semua")
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is None:
            del self.fields["kantor"]
        else:
            self.fields["kantor"].queryset = offices
