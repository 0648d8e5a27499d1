"""The account pages' URLs plus the portal's dashboard, under the ``accounts`` namespace.

The dashboard moved here from ``accounts`` (it reads every app, so it belongs at the top of the import
graph) but keeps its path and its name, ``accounts:dashboard``: templates, ``LOGIN_REDIRECT_URL``, the
account views that send a user home and the tests reverse it. Django keeps one set of URLs per namespace, so
the project's URLconf includes this module in place of ``disnaker.accounts.urls``."""

from django.urls import path

from disnaker.accounts import urls as account_urls

from . import views

app_name = account_urls.app_name  # "accounts"

urlpatterns = [
    *account_urls.urlpatterns,
    path("dasbor/", views.dashboard, name="dashboard"),
]
