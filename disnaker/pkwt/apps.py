from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PkwtConfig(AppConfig):
    name = "disnaker.pkwt"
    label = "pkwt"
    verbose_name = "Pencatatan PKWT"

    def ready(self):
        """Tell ``decrees`` what this app's decree kinds mean, how they are numbered and who opens them
        (``decrees.kinds``)."""
        from disnaker.decrees.constants import DecreeKind
        from disnaker.decrees.kinds import DecreeKindSpec, register

        register(
            DecreeKindSpec(
                DecreeKind.PKWT_REGISTRATION,
                _("Perusahaan"),
                _("Jumlah pekerja"),
                _("orang"),
                number_pattern_default="500.15/{seq}/PKWT/Disnaker/{roman_month}/{year}",
                can_open="disnaker.pkwt.permissions.can_open_decree",
            )
        )
        from disnaker.decrees.batch import QueueSource, register_source

        register_source(
            QueueSource(
                DecreeKind.PKWT_REGISTRATION,
                pending="disnaker.pkwt.signing_queue.pending",
                sign="disnaker.pkwt.signing_queue.sign",
                order=10,
            )
        )
