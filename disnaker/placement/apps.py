from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "disnaker.placement"
    label = "placement"
    verbose_name = "BKK dan Petugas Antar Kerja"

    def ready(self):
        """Tell ``decrees`` what this app's decree kinds mean (``decrees.kinds``)."""
        from disnaker.decrees.constants import DecreeKind
        from disnaker.decrees.kinds import DecreeKindSpec, register

        register(
            DecreeKindSpec(DecreeKind.BKK_REGISTRATION, _("Bursa Kerja Khusus")),
            DecreeKindSpec(
                DecreeKind.PAK_APPOINTMENT, _("Bursa Kerja Khusus"), _("Jumlah PAK ditetapkan"), _("orang")
            ),
            DecreeKindSpec(DecreeKind.PROVINCE_REPORT, _("Kepada"), _("Jumlah PAK dilaporkan"), _("orang")),
        )
