"""Django's password checks, with messages that say "kata sandi" as every other page does (Django's own
Indonesian translation mixes "sandi" and "kata sandi")."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Kata sandi terlalu mirip dengan %(verbose_name)s Anda. Pilih kata sandi lain.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh mirip dengan nama atau email Anda.")


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("Kata sandi terlalu pendek: paling sedikit %(min_length)d karakter.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Kata sandi paling sedikit %(min_length)d karakter.") % {"min_length": self.min_length}


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh kata sandi yang umum dipakai.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi tidak boleh hanya angka. Tambahkan huruf.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh hanya angka.")
