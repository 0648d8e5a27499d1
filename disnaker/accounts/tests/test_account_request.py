import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disnaker.accounts.constants import AccountRequestStatus
from disnaker.accounts.models import AccountRequest
from disnaker.accounts.tests.helpers import request_files, request_post_data
from disnaker.core.tests import files
from disnaker.core.workflow import status_history
from disnaker.notifications.models import OutboxMessage

URL = reverse("accounts:account_request_create")


def submit(client, office, files_overrides=None, **overrides):
    data = request_post_data(region=office.region_id, **overrides)
    return client.post(URL, {**data, **request_files(**(files_overrides or {}))})


def test_the_form_shows_every_field_of_the_seed(client, office):
    html = client.get(URL).content.decode()
    for label in [
        "Nama Perusahaan",
        "Nama Pimpinan",
        "Email",
        "No Whatsapp",
        "Alamat",
        "Jenis Perusahaan",
        "Skala Usaha",
        "NPWP",
        "Kabupaten/Kota",
        "Surat Permohonan (PDF)",
        "Surat KUASA (PDF)",
        "KTP (JPG/PNG)",
        "ID Card (JPG/PNG)",
        "Syarat &amp; Ketentuan",
        "Kirim Permohonan",
    ]:
        assert label in html, label
    assert '<label class="form-label" for="id_company_name">' in html


def test_a_request_is_saved_with_a_tracking_code_and_emailed(
    client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, office)
    assert response.status_code == 302
    account_request = AccountRequest.objects.get()
    assert account_request.status == AccountRequestStatus.SUBMITTED
    assert account_request.office == office
    assert account_request.email == "hrd@sinarcikarang.co.id"
    assert account_request.whatsapp == "6281211112222"
    assert account_request.npwp == "013000666091000"
    assert account_request.is_micro_small
    assert account_request.terms_accepted_at is not None
    # Documents are stored privately under server-generated names.
    assert account_request.ktp_image.name.startswith("account-requests/")
    assert "ktp" not in account_request.ktp_image.name
    page = client.get(response.url).content.decode()
    assert account_request.tracking_code in page
    mail = OutboxMessage.objects.get(kind="account_request_received")
    assert mail.to == "hrd@sinarcikarang.co.id"
    assert account_request.tracking_code in mail.body
    assert mail.status == "sent"
    (first,) = status_history(account_request)
    assert first.to_status == "submitted" and first.from_status == ""


def test_terms_must_be_accepted(client, office):
    response = submit(client, office, accept_terms="")
    assert response.status_code == 200
    assert "Anda harus membaca dan menyetujui Syarat &amp; Ketentuan" in response.content.decode()
    assert not AccountRequest.objects.exists()


def test_bad_npwp_and_phone_get_messages_next_to_their_fields(client, office):
    response = submit(client, office, npwp="12.345", whatsapp="12345")
    form = response.context["form"]
    assert "NPWP tidak valid" in form.errors["npwp"][0]
    assert "Nomor WhatsApp tidak valid" in form.errors["whatsapp"][0]
    html = response.content.decode()
    assert 'id="id_npwp_error"' in html and 'aria-describedby="id_npwp_help id_npwp_error"' in html


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("ktp_image", SimpleUploadedFile("ktp.png", files.make_image("GIF"), "image/png"), "format GIF"),
        (
            "application_letter",
            SimpleUploadedFile("surat.pdf", files.HTML_AS_PDF, "application/pdf"),
            "bukan berkas PDF",
        ),
        (
            "ktp_image",
            SimpleUploadedFile("ktp.png", files.make_png_bomb(), "image/png"),
            "terlalu besar dalam piksel",
        ),
        ("power_of_attorney", SimpleUploadedFile("kuasa.pdf", files.make_pdf_with_javascript()), "skrip"),
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_stored(client, office, settings, field, upload, message):
    response = submit(client, office, files_overrides={field: upload})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not AccountRequest.objects.exists()
    storage_root = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert not storage_root.exists() or not any(p.is_file() for p in storage_root.rglob("*"))


def test_an_oversize_document_is_refused(client, office, settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 2000
    big = SimpleUploadedFile("surat.pdf", files.make_pdf() + b"%" * 3000, "application/pdf")
    response = submit(client, office, files_overrides={"application_letter": big})
    assert "terlalu besar" in response.context["form"].errors["application_letter"][0]
    assert not AccountRequest.objects.exists()


def test_only_regions_with_an_office_are_offered(client, office, office2):
    office2.accepts_requests = False
    office2.save()
    form = client.get(URL).context["form"]
    assert list(form.fields["region"].queryset) == [office.region]


def test_the_image_captcha_guards_the_form(client, office, settings):
    from captcha.models import CaptchaStore

    settings.CAPTCHA_BACKEND = "image"
    html = client.get(URL).content.decode()
    assert 'name="captcha_1"' in html
    response = submit(client, office, captcha_0="x", captcha_1="WRONG")
    assert "Kode keamanan salah" in response.context["form"].errors["captcha"][0]
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    response = submit(client, office, captcha_0=key, captcha_1=answer)
    assert response.status_code == 302
    assert AccountRequest.objects.count() == 1


def test_tracking_shows_status_and_history_to_code_and_email(client, account_request, vera):
    from disnaker.accounts.services import account_request_reject
    from disnaker.core.workflow import status_history_start

    status_history_start(obj=account_request)
    account_request_reject(
        account_request=account_request, actor=vera, reason="Surat kuasa tidak ditandatangani"
    )
    url = reverse("accounts:track")
    response = client.post(
        url, {"tracking_code": account_request.tracking_code.lower(), "email": account_request.email}
    )
    html = response.content.decode()
    assert "Ditolak" in html
    assert "Surat kuasa tidak ditandatangani" in html
    assert "Menunggu verifikasi" in html  # the first history row


def test_tracking_needs_the_matching_email(client, account_request):
    response = client.post(
        reverse("accounts:track"), {"tracking_code": account_request.tracking_code, "email": "orang@lain.com"}
    )
    html = response.content.decode()
    assert "Permohonan tidak ditemukan" in html
    assert account_request.company_name not in html
