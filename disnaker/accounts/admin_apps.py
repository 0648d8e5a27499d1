"""``django.contrib.admin`` with our admin site as ``admin.site`` (see ``admin_site``).

Kept apart from ``admin_site`` because this module is imported while the app registry is still loading.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "disnaker.accounts.admin_site.DisnakerAdminSite"
