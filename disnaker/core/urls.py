from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("sehat/", views.health, name="health"),
    path("healthz", views.liveness, name="liveness"),
    path("readyz", views.readiness, name="readiness"),
]
