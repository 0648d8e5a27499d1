from django.urls import path

from disnaker.core import converters  # noqa: F401  (registers the token converters)

from .views import account_request, auth, company, office, password

# The dashboard (``accounts:dashboard``) is the portal's: ``disnaker.portal.urls`` adds it to these.
app_name = "accounts"

urlpatterns = [
    path("", auth.LoginView.as_view(), name="login"),
    path("keluar/", auth.LogoutView.as_view(), name="logout"),
    path("verifikasi-dua-langkah/kode/", auth.otp_verify, name="otp_verify"),
    path("verifikasi-dua-langkah/aktifkan/", auth.otp_enrol, name="otp_enrol"),
    path("verifikasi-dua-langkah/", auth.two_factor, name="two_factor"),
    path("permohonan-akun/", account_request.account_request_create, name="account_request_create"),
    path("permohonan-akun/terkirim/", account_request.account_request_sent, name="account_request_sent"),
    path("syarat-ketentuan/", account_request.terms, name="terms"),
    path("lacak/", account_request.account_request_track, name="track"),
    path("lupa-kata-sandi/", password.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-kata-sandi/terkirim/", password.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-ulang/<uidb64:uidb64>/<reset_token:token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # A link that could never have been issued (cut off by a mail program, or forged): the same "no longer
    # valid" page, without looking anything up.
    path(
        "atur-ulang/<str:uidb64>/<str:token>/",
        password.password_reset_link_invalid,
        name="password_reset_confirm",
    ),
    path("atur-ulang/selesai/", password.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("ubah-password/", password.PasswordChangeView.as_view(), name="password_change"),
    path("pengaturan/", company.company_settings, name="settings"),
    path("pengaturan/token/<int:pk>/cabut/", company.api_token_revoke, name="api_token_revoke"),
    path("kantor/permohonan-akun/", office.account_request_queue, name="account_request_queue"),
    path("kantor/permohonan-akun/<int:pk>/", office.account_request_detail, name="account_request_detail"),
    # The decide URL of ACCOUNT_REQUEST_FLOW's steps (``setujui``, ``tolak``); the two old names still reverse
    # to the same addresses.
    path(
        "kantor/permohonan-akun/<int:pk>/setujui/",
        office.account_request_decide,
        {"decision": "setujui"},
        name="account_request_approve",
    ),
    path(
        "kantor/permohonan-akun/<int:pk>/tolak/",
        office.account_request_decide,
        {"decision": "tolak"},
        name="account_request_reject",
    ),
    path(
        "kantor/permohonan-akun/<int:pk>/<slug:decision>/",
        office.account_request_decide,
        name="account_request_decide",
    ),
    path(
        "kantor/permohonan-akun/<int:pk>/dokumen/<str:field>/",
        office.account_request_document,
        name="account_request_document",
    ),
]
