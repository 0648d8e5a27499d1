"""Seed the Kemendagri region codes (38 provinces; the 27 kab/kota of Jawa Barat) and the three offices
of the embedded default: Kemnaker, Disnaker Provinsi Jawa Barat and Disnaker Kabupaten Bekasi.

Source: Kepmendagri 300.2.2-2138 Tahun 2025 (kode dan data wilayah administrasi pemerintahan).
"""

from django.db import migrations

PROVINCES = [
    ("11", "Aceh"), ("12", "Sumatera Utara"), ("13", "Sumatera Barat"), ("14", "Riau"), ("15", "Jambi"),
    ("16", "Sumatera Selatan"), ("17", "Bengkulu"), ("18", "Lampung"), ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"), ("31", "DKI Jakarta"), ("32", "Jawa Barat"), ("33", "Jawa Tengah"),
    ("34", "Daerah Istimewa Yogyakarta"), ("35", "Jawa Timur"), ("36", "Banten"), ("51", "Bali"),
    ("52", "Nusa Tenggara Barat"), ("53", "Nusa Tenggara Timur"), ("61", "Kalimantan Barat"),
    ("62", "Kalimantan Tengah"), ("63", "Kalimantan Selatan"), ("64", "Kalimantan Timur"),
    ("65", "Kalimantan Utara"), ("71", "Sulawesi Utara"), ("72", "Sulawesi Tengah"), ("73", "Sulawesi Selatan"),
    ("74", "Sulawesi Tenggara"), ("75", "Gorontalo"), ("76", "Sulawesi Barat"), ("81", "Maluku"),
    ("82", "Maluku Utara"), ("91", "Papua"), ("92", "Papua Barat"), ("93", "Papua Selatan"),
    ("94", "Papua Tengah"), ("95", "Papua Pegunungan"), ("96", "Papua Barat Daya"),
]

JAWA_BARAT = [
    ("32.01", "Kabupaten Bogor"), ("32.02", "Kabupaten Sukabumi"), ("32.03", "Kabupaten Cianjur"),
    ("32.04", "Kabupaten Bandung"), ("32.05", "Kabupaten Garut"), ("32.06", "Kabupaten Tasikmalaya"),
    ("32.07", "Kabupaten Ciamis"), ("32.08", "Kabupaten Kuningan"), ("32.09", "Kabupaten Cirebon"),
    ("32.10", "Kabupaten Majalengka"), ("32.11", "Kabupaten Sumedang"), ("32.12", "Kabupaten Indramayu"),
    ("32.13", "Kabupaten Subang"), ("32.14", "Kabupaten Purwakarta"), ("32.15", "Kabupaten Karawang"),
    ("32.16", "Kabupaten Bekasi"), ("32.17", "Kabupaten Bandung Barat"), ("32.18", "Kabupaten Pangandaran"),
    ("32.71", "Kota Bogor"), ("32.72", "Kota Sukabumi"), ("32.73", "Kota Bandung"), ("32.74", "Kota Cirebon"),
    ("32.75", "Kota Bekasi"), ("32.76", "Kota Depok"), ("32.77", "Kota Cimahi"), ("32.78", "Kota Tasikmalaya"),
    ("32.79", "Kota Banjar"),
]


def seed(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Office = apps.get_model("core", "Office")
    provinces = {}
    for code, name in PROVINCES:
        provinces[code], _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": "province"})
    for code, name in JAWA_BARAT:
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": "regency", "parent": provinces[code[:2]]}
        )
    kemnaker, _ = Office.objects.get_or_create(
        code="kemnaker",
        defaults={
            "name": "Kementerian Ketenagakerjaan Republik Indonesia",
            "short_name": "Kemnaker",
            "level": "ministry",
            "address": "Jalan Jenderal Gatot Subroto Kaveling 51, Jakarta Selatan 12950",
            "city": "Jakarta",
            "phone": "(021) 5255733",
            "accepts_requests": False,
        },
    )
    jabar, _ = Office.objects.get_or_create(
        code="32",
        defaults={
            "name": "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat",
            "short_name": "Disnakertrans Jabar",
            "level": "province",
            "parent": kemnaker,
            "region": provinces["32"],
            "city": "Bandung",
            "accepts_requests": False,
        },
    )
    Office.objects.get_or_create(
        code="32.16",
        defaults={
            "name": "Dinas Ketenagakerjaan Kabupaten Bekasi",
            "short_name": "Disnaker Kab. Bekasi",
            "level": "regency",
            "parent": jabar,
            "region": Region.objects.get(code="32.16"),
            "address": "Komplek Perkantoran Pemerintah Kabupaten Bekasi, Desa Sukamahi, Kecamatan Cikarang Pusat",
            "city": "Cikarang",
            "accepts_requests": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
