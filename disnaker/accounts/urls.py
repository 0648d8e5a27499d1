from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("verifikasi-dua-langkah/kode/", views.otp_verify, name="otp_verify"),
    path("verifikasi-dua-langkah/aktifkan/", views.otp_enrol, name="otp_enrol"),
    path("verifikasi-dua-langkah/", views.two_factor, name="two_factor"),
    path("permohonan-akun/", views.account_request_create, name="account_request_create"),
    path("permohonan-akun/terkirim/", views.account_request_sent, name="account_request_sent"),
    path("syarat-ketentuan/", views.terms, name="terms"),
    path("lacak/", views.account_request_track, name="track"),
    path("lupa-kata-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-kata-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-ulang/<uidb64:uidb64>/<reset_token:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # A link that could never have been issued (cut off by a mail program, or forged): the same "no longer
    # valid" page, without looking anything up.
    path(
        "atur-ulang/<str:uidb64>/<str:token>/",
        views.password_reset_link_invalid,
        name="password_reset_confirm",
    ),
    path("atur-ulang/selesai/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("ubah-password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("pengaturan/", views.company_settings, name="settings"),
    path("pengaturan/token/<int:pk>/cabut/", views.api_token_revoke, name="api_token_revoke"),
    path("kantor/permohonan-akun/", views.account_request_queue, name="account_request_queue"),
    path("kantor/permohonan-akun/<int:pk>/", views.account_request_detail, name="account_request_detail"),
    path(
        "kantor/permohonan-akun/<int:pk>/setujui/",
        views.account_request_approve,
        name="account_request_approve",
    ),
    path(
        "kantor/permohonan-akun/<int:pk>/tolak/", views.account_request_reject, name="account_request_reject"
    ),
    path(
        "kantor/permohonan-akun/<int:pk>/dokumen/<str:field>/",
        views.account_request_document,
        name="account_request_document",
    ),
]
