"""Daily jobs of guidance (run by ``manage.py daily``; ``manage.py guidance_reminders`` runs it alone)."""

from disnaker.core.housekeeping import daily_job

from . import services


@daily_job("guidance_reminders")
def guidance_reminders() -> str:
    return f"{services.follow_up_reminders()} e-mail pengingat tindak lanjut pembinaan dikirim."
