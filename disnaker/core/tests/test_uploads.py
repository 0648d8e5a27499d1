import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from disnaker.core.tests import files
from disnaker.core.uploads import PrivateUploadTo, clean_image, clean_pdf


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_pdf_is_accepted_unchanged():
    data = files.make_pdf(pages=2)
    assert clean_pdf(upload("surat.pdf", data), label="Surat").content == data


def test_html_named_pdf_is_refused_by_content():
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", files.HTML_AS_PDF, "application/pdf"), label="Surat Permohonan")
    assert exc.value.code == "not_pdf"
    assert "Surat Permohonan bukan berkas PDF" in exc.value.messages[0]


def test_pdf_with_openaction_javascript_is_refused():
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", files.make_pdf_with_javascript()), label="Surat")
    assert exc.value.code == "pdf_active_content"
    assert "skrip" in exc.value.messages[0]


def test_pdf_with_launch_action_is_refused():
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", files.make_pdf_with_launch()), label="Surat")
    assert exc.value.code == "pdf_active_content"


def test_encrypted_pdf_is_refused():
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", files.make_encrypted_pdf()), label="Surat")
    assert exc.value.code == "pdf_encrypted"


def test_truncated_pdf_is_refused_as_broken():
    data = files.make_pdf()[:60]
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", data), label="Surat")
    assert exc.value.code in {"pdf_broken", "pdf_empty"}


def test_oversize_file_is_refused(settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", files.make_pdf() + b"0" * 2048), label="Surat")
    assert exc.value.code == "too_large"
    assert "terlalu besar" in exc.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        clean_pdf(upload("surat.pdf", b""), label="Surat")
    assert exc.value.code == "empty"


def test_gif_named_png_is_refused():
    gif = files.make_image("GIF")
    with pytest.raises(ValidationError) as exc:
        clean_image(upload("ktp.png", gif, "image/png"), label="KTP")
    assert exc.value.code == "image_wrong_type"
    assert "GIF" in exc.value.messages[0]


def test_decompression_bomb_png_is_refused_without_decoding():
    with pytest.raises(ValidationError) as exc:
        clean_image(upload("ktp.png", files.make_png_bomb()), label="KTP")
    assert exc.value.code == "image_too_many_pixels"


def test_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as exc:
        clean_image(upload("ktp.png", files.make_image("PNG", size=(50, 50))), label="KTP")
    assert exc.value.code == "image_too_many_pixels"


def test_jpeg_is_reencoded_without_exif():
    original = files.make_image("JPEG", exif=True)
    assert b"KameraRahasia" in original
    cleaned = clean_image(upload("ktp.jpg", original), label="KTP")
    assert cleaned.extension == ".jpg"
    assert b"KameraRahasia" not in cleaned.content
    assert Image.open(io.BytesIO(cleaned.content)).format == "JPEG"


def test_png_trailing_payload_is_dropped():
    original = files.make_image("PNG") + b"<script>alert(1)</script>"
    cleaned = clean_image(upload("ktp.png", original), label="KTP")
    assert cleaned.extension == ".png"
    assert b"<script>" not in cleaned.content


def test_random_bytes_are_not_an_image():
    with pytest.raises(ValidationError) as exc:
        clean_image(upload("ktp.jpg", b"\xff\xd8\xff garbage" * 10), label="KTP")
    assert exc.value.code == "image_broken"


def test_upload_names_are_generated_by_the_server():
    name = PrivateUploadTo("account-requests")(None, "../../etc/passwd KTP Budi.PNG")
    assert name.startswith("account-requests/")
    assert "passwd" not in name and "Budi" not in name and ".." not in name
    assert name.endswith(".png")
