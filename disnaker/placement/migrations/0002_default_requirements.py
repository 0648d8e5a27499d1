"""The default PAK requirement checklist (DOMAIN.md, confidence L: the 2025 guideline is not public).
Offices edit it, or add their own, in the admin."""

from django.db import migrations

DEFAULTS = [
    (
        "Pegawai pada satuan pendidikan/lembaga yang mengusulkan",
        "SK pengangkatan atau surat keterangan kepegawaian dari kepala lembaga",
    ),
    (
        "Memahami ketentuan penempatan tenaga kerja",
        "Sertifikat pelatihan/bimtek atau surat pernyataan memahami ketentuan penempatan",
    ),
    (
        "Memiliki kemampuan komunikasi dan teknologi informasi",
        "Sertifikat, ijazah atau surat keterangan kemampuan komunikasi dan TI",
    ),
    (
        "Bersedia tidak memungut biaya dari pencari kerja",
        "Surat pernyataan bermeterai",
    ),
]


def seed(apps, schema_editor):
    PakRequirement = apps.get_model("placement", "PakRequirement")
    if PakRequirement.objects.filter(office__isnull=True).exists():
        return
    for order, (text, hint) in enumerate(DEFAULTS, 1):
        PakRequirement.objects.create(text=text, evidence_hint=hint, order=order)


class Migration(migrations.Migration):
    dependencies = [("placement", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
