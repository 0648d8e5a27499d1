from django.urls import path

from . import views

app_name = "decrees"

urlpatterns = [
    path("verifikasi/<str:token>/", views.verify, name="verify"),
]
