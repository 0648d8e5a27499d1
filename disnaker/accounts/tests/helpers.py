from django.core.files.uploadedfile import SimpleUploadedFile

from disnaker.core.tests import files


def request_post_data(**overrides) -> dict:
    data = {
        "company_name": "PT Sinar Cikarang",
        "leader_name": "Dewi Lestari",
        "email": "HRD@SinarCikarang.co.id",
        "whatsapp": "0812-1111-2222",
        "address": "Jl. Jababeka Raya Blok A1, Cikarang Utara",
        "region": "",
        "npwp": "01.300.066.6-091.000",
        "legal_form": "pt",
        "scale": "small",
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def request_files(**overrides) -> dict:
    documents = {
        "application_letter": SimpleUploadedFile("surat.pdf", files.make_pdf(), "application/pdf"),
        "power_of_attorney": SimpleUploadedFile("kuasa.pdf", files.make_pdf(), "application/pdf"),
        "ktp_image": SimpleUploadedFile("ktp.jpg", files.make_image("JPEG"), "image/jpeg"),
        "id_card_image": SimpleUploadedFile("id.png", files.make_image("PNG"), "image/png"),
    }
    documents.update(overrides)
    return documents
