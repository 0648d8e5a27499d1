from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("pembinaan-bkk/", views.activity_list, name="activity_list"),
    path("pembinaan-bkk/catat/", views.activity_create, name="activity_create"),
    path("pembinaan-bkk/ekspor/", views.activity_export, name="activity_export"),
    path("pembinaan-bkk/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("pembinaan-bkk/<int:pk>/ubah/", views.activity_edit, name="activity_edit"),
    path(
        "pembinaan-bkk/<int:pk>/tindak-lanjut/", views.activity_follow_up_done, name="activity_follow_up_done"
    ),
    path(
        "pembinaan-bkk/<int:pk>/lampiran/<int:attachment_pk>/", views.attachment_download, name="attachment"
    ),
    path(
        "pembinaan-bkk/<int:pk>/lampiran/<int:attachment_pk>/hapus/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("pembinaan-bkk/pemantauan/", views.bkk_monitoring, name="bkk_monitoring"),
    path(
        "pembinaan-bkk/pemantauan/usulkan-nonaktif/",
        views.bkk_monitoring_propose,
        name="bkk_monitoring_propose",
    ),
    path("laporan-penempatan/", views.report_list, name="report_list"),
    path("laporan-penempatan/kirim/", views.report_create, name="report_create"),
    path("laporan-penempatan/ekspor/", views.report_export, name="report_export"),
    path("laporan-penempatan/ringkasan/", views.report_summary, name="report_summary"),
    path("laporan-penempatan/<int:pk>/", views.report_detail, name="report_detail"),
]
