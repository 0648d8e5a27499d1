from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("bimtek/", views.training_list, name="list"),
    path("bimtek/baru/", views.training_create, name="create"),
    path("bimtek/<int:pk>/", views.training_detail, name="detail"),
    path("bimtek/<int:pk>/ubah/", views.training_edit, name="edit"),
    path("bimtek/<int:pk>/undang/", views.training_invite, name="invite"),
    path(
        "bimtek/<int:pk>/peserta/<int:participant_pk>/batal/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("bimtek/<int:pk>/kehadiran/", views.training_attendance, name="attendance"),
    path("bimtek/<int:pk>/sertifikat/", views.certificates_issue, name="certificates_issue"),
    path("bimtek/sertifikat/<int:participant_pk>/", views.certificate_pdf, name="certificate"),
    path(
        "bimtek/sertifikat/<int:participant_pk>/pratinjau/",
        views.certificate_preview,
        name="certificate_preview",
    ),
    path("pak/pelatihan/", views.my_trainings, name="my_trainings"),
]
