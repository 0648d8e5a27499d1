from django.urls import path

from . import views_pak

urlpatterns = [
    path("pak/undangan/<str:token>/", views_pak.invitation, name="invitation"),
    path("pak/profil/", views_pak.my_profile, name="my_profile"),
    path("bkk/usulan-pak/", views_pak.proposal_list, name="proposal_list"),
    path("bkk/usulan-pak/baru/", views_pak.proposal_new, name="proposal_new"),
    path("bkk/usulan-pak/<int:pk>/", views_pak.proposal_detail, name="proposal_detail"),
    path("bkk/usulan-pak/<int:pk>/ubah/", views_pak.proposal_edit, name="proposal_edit"),
    path("provinsi/laporan-pak/<int:pk>/", views_pak.province_report_detail, name="province_report_detail"),
]
