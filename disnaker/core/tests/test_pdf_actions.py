"""Uploaded PDFs may not act on their own (issue 10, "PDF uploads": /OpenAction and /AA auto-actions are refused
outright, whatever their type, /SubmitForm, /GoToR and /URI included), nor send data or open other files even on
a click. Each file is a real PDF built with pypdf; each refusal names what was found."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disnaker.core.tests import files
from disnaker.core.uploads import clean_pdf


def _refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        clean_pdf(
            SimpleUploadedFile("surat.pdf", data, content_type="application/pdf"), label="Surat Permohonan"
        )
    assert exc.value.code == "pdf_active_content"
    return exc.value.messages[0]


@pytest.mark.parametrize(
    "action",
    [
        files.URI_ACTION,
        files.SUBMIT_FORM_ACTION,
        files.GOTOR_ACTION,
        files.GOTOE_ACTION,
        files.IMPORT_DATA_ACTION,
    ],
    ids=["URI", "SubmitForm", "GoToR", "GoToE", "ImportData"],
)
def test_an_open_action_of_any_type_is_refused(action):
    message = _refusal(files.make_pdf_with_open_action(action))
    assert message.startswith("Surat Permohonan berisi")
    assert "saat dokumen dibuka (OpenAction)" in message


def test_an_open_action_that_only_opens_a_page_is_accepted():
    """LibreOffice's PDF export writes one ("open at page 1"): it is a destination, not an action."""
    data = files.make_pdf_opening_at_a_page()
    assert clean_pdf(SimpleUploadedFile("surat.pdf", data), label="Surat").content == data


def test_an_open_action_held_in_another_object_is_refused_when_it_is_an_action():
    assert "(OpenAction)" in _refusal(files.make_pdf_with_open_action(files.URI_ACTION))


@pytest.mark.parametrize(
    "action",
    [files.URI_ACTION, files.SUBMIT_FORM_ACTION, files.GOTOR_ACTION],
    ids=["URI", "SubmitForm", "GoToR"],
)
def test_a_page_additional_action_is_refused(action):
    assert "perintah otomatis pada halaman atau isian (AA)" in _refusal(
        files.make_pdf_with_page_additional_action(action)
    )


@pytest.mark.parametrize(
    ("action", "named"),
    [
        (files.SUBMIT_FORM_ACTION, "pengiriman isian formulir ke alamat lain (SubmitForm)"),
        (files.GOTOR_ACTION, "tautan ke berkas lain (GoToR)"),
        (files.GOTOE_ACTION, "tautan ke berkas sisipan (GoToE)"),
        (files.IMPORT_DATA_ACTION, "impor data dari berkas lain (ImportData)"),
    ],
    ids=["SubmitForm", "GoToR", "GoToE", "ImportData"],
)
def test_a_link_that_sends_data_or_opens_another_file_is_refused(action, named):
    assert named in _refusal(files.make_pdf_with_link(action))


def test_a_link_to_a_web_or_mail_address_that_the_reader_clicks_is_accepted():
    """Word and LibreOffice turn a letterhead's e-mail and web address into such links."""
    data = files.make_pdf_with_link(files.URI_ACTION)
    assert clean_pdf(SimpleUploadedFile("surat.pdf", data), label="Surat").content == data


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (b"<< /AA << /O 5 0 R >> >>", "(AA)"),
        (b"<< /OpenAction 5 0 R >>", "(OpenAction)"),
        (b"<< /S /SubmitForm /F (https://contoh.example) >>", "(SubmitForm)"),
        (b"<< /S /GoToR /F (x.pdf) >>", "(GoToR)"),
    ],
    ids=["AA", "OpenAction", "SubmitForm", "GoToR"],
)
def test_an_action_in_an_unreachable_object_is_found_by_the_raw_scan(body, name):
    assert name in _refusal(files.make_pdf_with_unreachable_object(body))


def test_short_names_inside_stream_data_are_not_mistaken_for_actions():
    """A scan's compressed image is random bytes: "/AA" or "/URI" turns up in it by chance."""
    data = files.make_pdf_with_stream_bytes(b"q 1 0 0 1 0 0 cm /AA /URI /JS Q")
    assert clean_pdf(SimpleUploadedFile("scan.pdf", data), label="Scan").content == data


def test_a_plain_pdf_is_still_accepted():
    data = files.make_pdf(pages=3)
    assert clean_pdf(SimpleUploadedFile("scan.pdf", data), label="Scan").content == data
