from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from . import views_pak as v

urlpatterns = [
    # The BKK operator
    path("bkk/usulan-pak/", v.proposal_list, name="proposal_list"),
    path("bkk/usulan-pak/baru/", v.proposal_new, name="proposal_new"),
    path("bkk/usulan-pak/<int:pk>/", v.proposal_detail, name="proposal_detail"),
    path("bkk/usulan-pak/<int:pk>/ubah/", v.proposal_edit, name="proposal_edit"),
    path("bkk/usulan-pak/<int:pk>/calon/<int:candidate>/", v.proposal_edit, name="candidate_edit"),
    path("bkk/usulan-pak/<int:pk>/calon/<int:candidate>/hapus/", v.candidate_remove, name="candidate_remove"),
    path("bkk/usulan-pak/<int:pk>/kirim/", v.proposal_submit, name="proposal_submit"),
    path("pak/<int:officer_pk>/dokumen/<str:kind>/", v.candidate_document, name="candidate_document"),
    path("pak/<int:officer_pk>/nik/", v.officer_reveal_nik, name="officer_reveal_nik"),
    # The kab/kota office
    path("kantor/pak/usulan/", v.office_proposal_queue, name="office_proposal_queue"),
    path("kantor/pak/usulan/<int:pk>/", v.office_proposal_review, name="office_proposal_review"),
    path(
        "kantor/pak/usulan/<int:pk>/<slug:action>/", v.office_proposal_decide, name="office_proposal_decide"
    ),
    path("kantor/pak/", v.office_officers, name="office_officers"),
    path("kantor/pak/<int:pk>/", v.office_officer, name="office_officer"),
    path("kantor/pak/<int:pk>/akhiri/", v.office_officer_end, name="office_officer_end"),
    path("kantor/pak/<int:pk>/undangan/", v.officer_resend_invitation, name="officer_resend_invitation"),
    path("kantor/pak/laporan-provinsi/", v.office_report, name="office_report"),
    # The PAK
    path("pak/undangan/<signed_token:token>/", v.invitation, name="invitation"),
    # A link cut off by a mail program (or forged): the same "link not valid" page, nothing looked up.
    path("pak/undangan/<str:token>/", v.invitation_malformed, name="invitation"),
    path("pak/profil/", v.my_profile, name="my_profile"),
    # The province
    path("provinsi/verifikasi-pak/", v.province_queue, name="province_queue"),
    path("provinsi/verifikasi-pak/<int:pk>/", v.province_review, name="province_review"),
    path("provinsi/verifikasi-pak/<int:pk>/<slug:action>/", v.province_decide, name="province_decide"),
]
