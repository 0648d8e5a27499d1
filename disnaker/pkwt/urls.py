from django.urls import path

from . import views

app_name = "pkwt"

urlpatterns = [
    path("cek-kontrak/", views.worker_check_page, name="worker_check"),
    path("permohonan/", views.registration_list, name="list"),
    path("permohonan/tambah/", views.registration_add, name="add"),
    path("permohonan/template-excel/", views.template_download, name="template"),
    path("permohonan/template-ods/", views.template_ods_download, name="template_ods"),
    path("permohonan/kompensasi/", views.compensation_overview, name="compensation"),
    path("permohonan/<int:pk>/", views.registration_detail, name="detail"),
    path("permohonan/<int:pk>/ubah/", views.registration_edit, name="edit"),
    path("permohonan/<int:pk>/draft-surat/", views.letter_download, name="letter"),
    path("permohonan/<int:pk>/dokumen/<str:field>/", views.registration_document, name="document"),
    path("permohonan/<int:pk>/impor/<int:import_pk>/", views.import_status, name="import_status"),
    path(
        "permohonan/<int:pk>/impor/<int:import_pk>/temuan/", views.import_annotated, name="import_annotated"
    ),
    path(
        "permohonan/<int:pk>/impor/<int:import_pk>/laporan/", views.import_report_json, name="import_report"
    ),
    path("permohonan/<int:pk>/sk/", views.registration_decree, name="decree"),
    path("permohonan/<int:pk>/sk/pdf/", views.registration_decree_pdf, name="decree_pdf"),
    path("kantor/pkwt/<int:pk>/tandatangani/", views.office_sign, name="office_sign"),
    path("kantor/pkwt/<int:pk>/pratinjau-sk/", views.office_decree_preview, name="office_decree_preview"),
    path(
        "kantor/pkwt/<int:pk>/tandatangani/status/", views.office_signing_status, name="office_signing_status"
    ),
    path("kantor/pkwt/<int:pk>/cabut-sk/", views.office_revoke, name="office_revoke"),
    path("kantor/pkwt/dasbor/", views.office_dashboard, name="office_dashboard"),
    path("kantor/pkwt/", views.office_queue, name="office_queue"),
    path("kantor/pkwt/<int:pk>/", views.office_review, name="office_review"),
    path(
        "kantor/pkwt/<int:pk>/ekspor-pekerja/", views.office_contracts_export, name="office_contracts_export"
    ),
    path("kantor/pkwt/<int:pk>/saya-periksa/", views.office_take, name="office_take"),
    path("kantor/pkwt/<int:pk>/lepaskan/", views.office_release, name="office_release"),
    path("kantor/pkwt/<int:pk>/keputusan/<str:decision>/", views.office_decide, name="office_decide"),
    path(
        "kantor/pkwt/<int:pk>/pekerja/<int:contract_pk>/nik/",
        views.office_reveal_nik,
        name="office_reveal_nik",
    ),
    path(
        "kantor/pkwt/<int:pk>/pekerja/<int:contract_pk>/pengecualian-usia/",
        views.office_age_exception,
        name="office_age_exception",
    ),
    path(
        "kantor/pkwt/<int:pk>/pekerja/<int:contract_pk>/pengecualian-usia/dokumen/",
        views.office_age_exception_document,
        name="office_age_exception_document",
    ),
]
