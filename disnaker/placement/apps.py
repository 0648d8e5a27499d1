from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "disnaker.placement"
    label = "placement"
    verbose_name = "BKK dan Petugas Antar Kerja"
