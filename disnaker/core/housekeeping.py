"""The daily housekeeping: each app lists what must run once a day in its own ``housekeeping.py``
(reminders, proposals, deleting files of refused or abandoned submissions); ``manage.py daily`` finds
those modules the way the admin finds ``admin.py`` and runs every job. Core imports no domain app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[], str]  # does the work; returns one line for the log


_jobs: dict[str, DailyJob] = {}


def daily_job(name: str):
    """Register the decorated function (no arguments, returns a report line) as a daily job."""

    def register(func: Callable[[], str]) -> Callable[[], str]:
        _jobs[name] = DailyJob(name=name, run=func)
        return func

    return register


def daily_jobs() -> list[DailyJob]:
    autodiscover_modules("housekeeping")
    return list(_jobs.values())


@daily_job("captcha")
def expired_captcha_challenges() -> str:
    """The image captcha deletes expired challenges only when a form is sent; unsent ones would stay."""
    from captcha.models import CaptchaStore
    from django.utils import timezone

    deleted, _details = CaptchaStore.objects.filter(expiration__lte=timezone.now()).delete()
    return f"{deleted} tantangan kode keamanan kedaluwarsa dihapus."


@daily_job("sessions")
def expired_sessions() -> str:
    """Django deletes an expired session only when its browser comes back (``manage.py clearsessions`` is
    the documented cleanup): the sessions of everyone who never returned would stay."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        deleted, _details = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        return f"{deleted} sesi kedaluwarsa dihapus."
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "Sesi kedaluwarsa dihapus."
