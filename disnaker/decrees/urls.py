from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from . import views

app_name = "decrees"

urlpatterns = [
    path("verifikasi/<token43:token>/", views.verify, name="verify"),
    # A code that could never have been issued (mistyped, cut off, forged): "not registered", no query.
    path("verifikasi/<str:token>/", views.verify_malformed, name="verify"),
    path("kepala/antrean-tanda-tangan/", views.signing_queue, name="signing_queue"),
    path("kepala/antrean-tanda-tangan/proses/<str:batch_id>/", views.signing_batch, name="signing_batch"),
]
