from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from .views import bkk, files, office_bkk, preview, public

urlpatterns = [
    # Public: application, confirmation, tracking, revision (e-mails link to the first three names).
    path("bkk/daftar/", public.bkk_apply, name="bkk_apply"),
    path("bkk/daftar/terkirim/", public.bkk_apply_sent, name="bkk_apply_sent"),
    path("bkk/lacak/", public.bkk_track, name="bkk_track"),
    path("bkk/perbaiki/<token43:token>/", public.bkk_revise, name="bkk_revise"),
    # The operator's BKK, the registration documents, and the placement decrees' PDF.
    path("bkk/saya/", bkk.my_bkk, name="my_bkk"),
    path("bkk/<int:pk>/dokumen/<str:field>/", files.bkk_document, name="bkk_document"),
    path("bkk/sk/<int:decree_pk>/pdf/", files.decree_pdf, name="decree_pdf"),
    # Office: list, review and decisions.
    path("kantor/bkk/", office_bkk.office_bkk_queue, name="office_bkk_queue"),
    path("kantor/bkk/<int:pk>/", office_bkk.office_bkk_review, name="office_bkk_review"),
    path(
        "kantor/bkk/<int:pk>/pratinjau-sk/",
        preview.office_bkk_decree_preview,
        name="office_bkk_decree_preview",
    ),
    path("kantor/bkk/<int:pk>/<slug:action>/", office_bkk.office_bkk_decide, name="office_bkk_decide"),
]
