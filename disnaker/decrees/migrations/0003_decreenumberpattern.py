"""Number patterns become one row per office settings and kind (``DecreeNumberPattern``) instead of a column per
kind; this copies each office's five columns into rows (and back, when unapplied). ``0004`` drops the columns."""

import django.db.models.deletion
from django.db import migrations, models

import disnaker.decrees.numbering

#: The column of ``DecreeSettings`` that held each kind's pattern until now.
COLUMNS = {
    "pkwt_registration": "number_pattern_pkwt",
    "bkk_registration": "number_pattern_bkk",
    "pak_appointment": "number_pattern_pak",
    "province_report": "number_pattern_report",
    "training_certificate": "number_pattern_certificate",
}


def columns_to_rows(apps, schema_editor):
    DecreeSettings = apps.get_model("decrees", "DecreeSettings")
    DecreeNumberPattern = apps.get_model("decrees", "DecreeNumberPattern")
    db = schema_editor.connection.alias
    DecreeNumberPattern.objects.using(db).bulk_create(
        DecreeNumberPattern(settings_id=row["pk"], kind=kind, pattern=row[column])
        for row in DecreeSettings.objects.using(db).values("pk", *COLUMNS.values())
        for kind, column in COLUMNS.items()
    )


def rows_to_columns(apps, schema_editor):
    DecreeSettings = apps.get_model("decrees", "DecreeSettings")
    DecreeNumberPattern = apps.get_model("decrees", "DecreeNumberPattern")
    db = schema_editor.connection.alias
    for row in DecreeNumberPattern.objects.using(db).filter(kind__in=COLUMNS).values("settings_id", "kind", "pattern"):
        DecreeSettings.objects.using(db).filter(pk=row["settings_id"]).update(**{COLUMNS[row["kind"]]: row["pattern"]})


class Migration(migrations.Migration):

    dependencies = [
        ('decrees', '0002_decreesettings_number_pattern_bkk_and_more'),
    ]

    operations = [
        migrations.CreateModel(
            name='DecreeNumberPattern',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('pkwt_registration', 'SK Pencatatan PKWT'), ('bkk_registration', 'Tanda Daftar BKK'), ('pak_appointment', 'SK Penetapan Petugas Antar Kerja'), ('province_report', 'Surat Laporan PAK ke Provinsi'), ('training_certificate', 'Sertifikat Bimtek PAK')], max_length=40, verbose_name='jenis')),
                ('pattern', models.CharField(help_text='Isian: {seq} nomor urut (mulai 1 tiap tahun), {roman_month} bulan Romawi, {month} bulan angka, {year} tahun. {seq} dan {year} wajib.', max_length=120, validators=[disnaker.decrees.numbering.validate_number_pattern], verbose_name='pola nomor')),
                ('settings', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='number_patterns', to='decrees.decreesettings', verbose_name='pengaturan SK')),
            ],
            options={
                'verbose_name': 'pola nomor SK',
                'verbose_name_plural': 'pola nomor SK',
                'ordering': ['settings', 'kind'],
                'constraints': [models.UniqueConstraint(fields=('settings', 'kind'), name='decree_number_pattern_settings_kind')],
            },
        ),
        migrations.RunPython(columns_to_rows, rows_to_columns),
    ]
