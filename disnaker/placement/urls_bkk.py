from django.urls import path

from . import views_bkk

urlpatterns = [
    path("bkk/daftar/", views_bkk.bkk_apply, name="bkk_apply"),
    path("bkk/lacak/", views_bkk.bkk_track, name="bkk_track"),
    path("bkk/perbaiki/<str:token>/", views_bkk.bkk_revise, name="bkk_revise"),
]
