from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from .views import bkk, epak, files, office_pak, pak, preview, province

urlpatterns = [
    # The BKK operator
    path("bkk/usulan-pak/", bkk.proposal_list, name="proposal_list"),
    path("bkk/usulan-pak/baru/", bkk.proposal_new, name="proposal_new"),
    path("bkk/usulan-pak/<int:pk>/", bkk.proposal_detail, name="proposal_detail"),
    path("bkk/usulan-pak/<int:pk>/ubah/", bkk.proposal_edit, name="proposal_edit"),
    path("bkk/usulan-pak/<int:pk>/calon/<int:candidate>/", bkk.proposal_edit, name="candidate_edit"),
    path(
        "bkk/usulan-pak/<int:pk>/calon/<int:candidate>/hapus/", bkk.candidate_remove, name="candidate_remove"
    ),
    path("bkk/usulan-pak/<int:pk>/kirim/", bkk.proposal_submit, name="proposal_submit"),
    path("pak/<int:officer_pk>/dokumen/<str:kind>/", files.candidate_document, name="candidate_document"),
    path("pak/<int:officer_pk>/nik/", files.officer_reveal_nik, name="officer_reveal_nik"),
    # The kab/kota office
    path("kantor/pak/usulan/", office_pak.office_proposal_queue, name="office_proposal_queue"),
    path("kantor/pak/usulan/<int:pk>/", office_pak.office_proposal_review, name="office_proposal_review"),
    path(
        "kantor/pak/usulan/<int:pk>/pratinjau-sk/",
        preview.office_proposal_decree_preview,
        name="office_proposal_decree_preview",
    ),
    path(
        "kantor/pak/usulan/<int:pk>/<slug:action>/",
        office_pak.office_proposal_decide,
        name="office_proposal_decide",
    ),
    path("kantor/pak/", office_pak.office_officers, name="office_officers"),
    path("kantor/pak/<int:pk>/", office_pak.office_officer, name="office_officer"),
    path("kantor/pak/<int:pk>/akhiri/", office_pak.office_officer_end, name="office_officer_end"),
    path(
        "kantor/pak/<int:pk>/undangan/",
        office_pak.officer_resend_invitation,
        name="officer_resend_invitation",
    ),
    path("kantor/pak/laporan-provinsi/", office_pak.office_report, name="office_report"),
    # The e-pengantarkerja channel (kab/kota staff and the province admin)
    path("kantor/pak/<int:pk>/status-epak/", epak.officer_epak_status, name="officer_epak_status"),
    path("pak/status-epak/unggah/", epak.epak_upload, name="epak_upload"),
    # The PAK
    path("pak/undangan/<signed_token:token>/", pak.invitation, name="invitation"),
    # A link cut off by a mail program (or forged): the same "link not valid" page, nothing looked up.
    path("pak/undangan/<str:token>/", pak.invitation_malformed, name="invitation"),
    path("pak/profil/", pak.my_profile, name="my_profile"),
    # The province
    path("provinsi/verifikasi-pak/", province.province_queue, name="province_queue"),
    path("provinsi/verifikasi-pak/<int:pk>/", province.province_review, name="province_review"),
    path("provinsi/verifikasi-pak/<int:pk>/<slug:action>/", province.province_decide, name="province_decide"),
]
