from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "disnaker.placement"
    label = "placement"
    verbose_name = "BKK dan Petugas Antar Kerja"

    def ready(self):
        """Tell ``decrees`` what this app's decree kinds mean, how they are numbered and who opens them
        (``decrees.kinds``)."""
        from disnaker.decrees.constants import DecreeKind
        from disnaker.decrees.kinds import DecreeKindSpec, register

        can_open = "disnaker.placement.permissions.can_open_decree"
        register(
            DecreeKindSpec(
                DecreeKind.BKK_REGISTRATION,
                _("Bursa Kerja Khusus"),
                number_pattern_default="500.15/{seq}/BKK/Disnaker/{roman_month}/{year}",
                can_open=can_open,
            ),
            DecreeKindSpec(
                DecreeKind.PAK_APPOINTMENT,
                _("Bursa Kerja Khusus"),
                _("Jumlah PAK ditetapkan"),
                _("orang"),
                number_pattern_default="500.15/{seq}/PAK/Disnaker/{roman_month}/{year}",
                can_open=can_open,
            ),
            DecreeKindSpec(
                DecreeKind.PROVINCE_REPORT,
                _("Kepada"),
                _("Jumlah PAK dilaporkan"),
                _("orang"),
                number_pattern_default="500.15/{seq}/LAP-PAK/Disnaker/{roman_month}/{year}",
                can_open=can_open,
            ),
        )
