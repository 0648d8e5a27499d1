from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "disnaker.training"
    label = "training"
    verbose_name = "Bimtek Petugas Antar Kerja"

    def ready(self):
        """Tell ``decrees`` what this app's decree kinds mean, how they are numbered and who opens them
        (``decrees.kinds``)."""
        from disnaker.decrees.constants import DecreeKind
        from disnaker.decrees.kinds import DecreeKindSpec, register

        register(
            DecreeKindSpec(
                DecreeKind.TRAINING_CERTIFICATE,
                _("Nama peserta"),
                number_pattern_default="500.15/{seq}/SERT-PAK/Disnaker/{roman_month}/{year}",
                can_open="disnaker.training.permissions.can_open_certificate",
            )
        )
        from disnaker.decrees.batch import QueueSource, register_source

        register_source(
            QueueSource(
                DecreeKind.TRAINING_CERTIFICATE,
                pending="disnaker.training.signing_queue.pending",
                sign="disnaker.training.signing_queue.sign",
                order=40,
            )
        )
