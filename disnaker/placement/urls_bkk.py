from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from . import views_bkk

urlpatterns = [
    # Public: application, confirmation, tracking, revision (e-mails link to the first three names).
    path("bkk/daftar/", views_bkk.bkk_apply, name="bkk_apply"),
    path("bkk/daftar/terkirim/", views_bkk.bkk_apply_sent, name="bkk_apply_sent"),
    path("bkk/lacak/", views_bkk.bkk_track, name="bkk_track"),
    path("bkk/perbaiki/<token43:token>/", views_bkk.bkk_revise, name="bkk_revise"),
    # The operator's BKK, the registration documents, and the placement decrees' PDF.
    path("bkk/saya/", views_bkk.my_bkk, name="my_bkk"),
    path("bkk/<int:pk>/dokumen/<str:field>/", views_bkk.bkk_document, name="bkk_document"),
    path("bkk/sk/<int:decree_pk>/pdf/", views_bkk.decree_pdf, name="decree_pdf"),
    # Office: list, review and decisions.
    path("kantor/bkk/", views_bkk.office_bkk_queue, name="office_bkk_queue"),
    path("kantor/bkk/<int:pk>/", views_bkk.office_bkk_review, name="office_bkk_review"),
    path("kantor/bkk/<int:pk>/<slug:action>/", views_bkk.office_bkk_decide, name="office_bkk_decide"),
]
