from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "disnaker.training"
    label = "training"
    verbose_name = "Bimtek Petugas Antar Kerja"
