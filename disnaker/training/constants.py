"""Choices for training events (bimtek) of PAK."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserLevel(models.TextChoices):
    """Who holds the training. The letter B-3/4662/PK.01.02/IX/2025 asks kab/kota offices to train PAK in
    coordination with Kemnaker (Ditjen Binapenta dan PKK, Direktorat Bina Pengantar Kerja)."""

    MINISTRY = "ministry", _("Kementerian Ketenagakerjaan")
    PROVINCE = "province", _("Disnaker provinsi")
    REGENCY = "regency", _("Disnaker kabupaten/kota")


class TrainingMode(models.TextChoices):
    OFFLINE = "offline", _("Tatap muka")
    ONLINE = "online", _("Daring (online)")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Belum dicatat")
    PRESENT = "present", _("Hadir")
    ABSENT = "absent", _("Tidak hadir")


#: The unit of Kemnaker a training is coordinated with (the letter's "instansi pembina").
KEMNAKER_UNIT = "Ditjen Binapenta dan PKK, Direktorat Bina Pengantar Kerja"
MINISTRY_ORGANISER_NAME = "Kementerian Ketenagakerjaan (Ditjen Binapenta dan PKK)"
CERTIFICATE_TITLE = "Sertifikat Bimtek PAK"
