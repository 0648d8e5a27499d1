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

        # kind, the public page's words for its subject and count, the code in its number pattern
        kinds = (
            (DecreeKind.BKK_REGISTRATION, _("Bursa Kerja Khusus"), "", "", "BKK"),
            (
                DecreeKind.PAK_APPOINTMENT,
                _("Bursa Kerja Khusus"),
                _("Jumlah PAK ditetapkan"),
                _("orang"),
                "PAK",
            ),
            (DecreeKind.PROVINCE_REPORT, _("Kepada"), _("Jumlah PAK dilaporkan"), _("orang"), "LAP-PAK"),
        )
        register(
            *(
                DecreeKindSpec(
                    kind,
                    subject,
                    count,
                    unit,
                    number_pattern_default=f"500.15/{{seq}}/{code}/Disnaker/{{roman_month}}/{{year}}",
                    can_open="disnaker.placement.permissions.can_open_decree",
                )
                for kind, subject, count, unit, code in kinds
            )
        )
        from disnaker.decrees.batch import QueueSource, register_source

        queue = "disnaker.placement.signing_queue."
        register_source(
            QueueSource(DecreeKind.BKK_REGISTRATION, queue + "pending_bkk", queue + "sign_bkk", order=20),
            QueueSource(
                DecreeKind.PAK_APPOINTMENT, queue + "pending_proposals", queue + "sign_proposal", order=30
            ),
        )
