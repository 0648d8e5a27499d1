"""The number pattern columns go (their values are rows since ``0003``), and a decree's ``company_name`` and
``worker_count`` get the neutral names every kind fits: ``subject_name`` and ``subject_count``."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('decrees', '0003_decreenumberpattern'),
    ]

    operations = [
        migrations.RemoveField(model_name='decreesettings', name='number_pattern_bkk'),
        migrations.RemoveField(model_name='decreesettings', name='number_pattern_certificate'),
        migrations.RemoveField(model_name='decreesettings', name='number_pattern_pak'),
        migrations.RemoveField(model_name='decreesettings', name='number_pattern_pkwt'),
        migrations.RemoveField(model_name='decreesettings', name='number_pattern_report'),
        migrations.RenameField(model_name='decree', old_name='company_name', new_name='subject_name'),
        migrations.RenameField(model_name='decree', old_name='worker_count', new_name='subject_count'),
        migrations.AlterField(
            model_name='decree',
            name='subject_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='nama subjek (saat terbit)'),
        ),
        migrations.AlterField(
            model_name='decree',
            name='subject_count',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='jumlah pada subjek (saat terbit)'),
        ),
    ]
