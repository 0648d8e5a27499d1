"""UMK Kabupaten Bekasi (32.16), from DOMAIN notes: Kepgub Jawa Barat decrees. Editable in the admin."""

from django.db import migrations

UMK = (
    ("32.16", 2023, 5_137_574, "Kepgub Jabar 561.7/Kep.776-Kesra/2022"),
    ("32.16", 2024, 5_219_263, "Kepgub Jabar 561.7/Kep.804-Kesra/2023"),
    ("32.16", 2025, 5_558_515, "Kepgub Jabar 561.7/Kep.798-Kesra/2024"),
    ("32.16", 2026, 5_938_885, "Kepgub Jabar 561/Kep.862-Kesra/2025"),
)


def seed(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    MinimumWage = apps.get_model("pkwt", "MinimumWage")
    for code, year, amount, decree in UMK:
        region = Region.objects.filter(code=code).first()
        if region is not None:
            MinimumWage.objects.update_or_create(
                region=region, year=year, defaults={"amount": amount, "decree": decree}
            )


class Migration(migrations.Migration):
    dependencies = [("pkwt", "0001_initial"), ("core", "0002_seed_regions_offices")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
