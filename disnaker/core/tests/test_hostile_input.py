"""NUL bytes and control characters in paths and query strings (issue 10, "NUL bytes").

PostgreSQL refuses a NUL in text; before these fixes ``/verifikasi/abc%00def/``, ``/bkk/perbaiki/x%00/``
and ``/kantor/permohonan-akun/?q=%00`` were 500s there. Run this module on PostgreSQL too."""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from disnaker.core.models import AuditLog

NOT_REGISTERED = "Dokumen dengan kode ini tidak terdaftar"
SEARCH_ERROR = "Kata pencarian berisi karakter kontrol"


# --- Tokens in the path -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/verifikasi/abc%00def/", "/verifikasi/" + "A" * 42 + "%00/", "/verifikasi/%00/"],
)
def test_a_nul_in_a_verification_code_says_no_document_is_registered(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert NOT_REGISTERED in response.content.decode()


def test_a_well_formed_but_unknown_verification_code_says_no_document_is_registered(client, db):
    response = client.get(reverse("decrees:verify", args=[secrets.token_urlsafe(32)]))
    assert response.status_code == 404
    body = response.content.decode()
    assert NOT_REGISTERED in body
    assert "Dinas Ketenagakerjaan Kabupaten Bekasi" in body  # the deployment's default office


@pytest.mark.parametrize("path", ["/bkk/perbaiki/x%00/", "/bkk/perbaiki/" + "A" * 42 + "%00/"])
def test_a_nul_in_a_revision_link_is_not_found(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_nul_in_an_invitation_or_reset_link_is_not_valid_and_not_looked_up(client, db):
    invitation = client.get("/pak/undangan/x%00/")
    assert invitation.status_code == 404 and "Tautan undangan tidak berlaku" in invitation.content.decode()
    reset = client.get("/atur-ulang/MQ%00/1-abc%00/")
    assert reset.status_code == 404 and "Tautan tidak berlaku" in reset.content.decode()


def test_token_converters_accept_exactly_what_the_generators_issue(alice):
    from disnaker.placement.services import invitation_token

    assert resolve(f"/verifikasi/{secrets.token_urlsafe(32)}/").func.__name__ == "verify"
    assert resolve(f"/bkk/perbaiki/{secrets.token_urlsafe(32)}/").func.__name__ == "bkk_revise"
    assert resolve(f"/pak/undangan/{invitation_token(alice)}/").func.__name__ == "invitation"
    uid, token = urlsafe_base64_encode(force_bytes(alice.pk)), default_token_generator.make_token(alice)
    assert resolve(f"/atur-ulang/{uid}/{token}/").func.view_class.__name__ == "PasswordResetConfirmView"
    # Django swaps the token for this word after the first visit.
    assert resolve(f"/atur-ulang/{uid}/set-password/").func.view_class.__name__ == "PasswordResetConfirmView"
    # One character too many or too few, or one outside the alphabet, and the strict route no longer matches.
    good = secrets.token_urlsafe(32)
    for bad in (good[:-1], good + "A", good[:-1] + "=", good[:-1] + "\x00"):
        assert resolve(f"/verifikasi/{bad}/").func.__name__ == "verify_malformed"
    assert resolve(f"/atur-ulang/{uid}/{token[:-1]}/").func.__name__ == "password_reset_link_invalid"
    assert resolve("/pak/undangan/bukan-token/").func.__name__ == "invitation_malformed"


def test_a_nul_in_a_document_name_is_recorded_not_a_server_error(client, vera, alice, account_request):
    url = f"/kantor/permohonan-akun/{account_request.pk}/dokumen/surat%00/"
    client.force_login(vera)
    assert client.get(url).status_code == 404
    client.force_login(alice)  # denied: the audit entry records the path with the NUL made visible
    assert client.get(url).status_code in (403, 404)
    paths = [entry.data.get("path", entry.data.get("document", "")) for entry in AuditLog.objects.all()]
    assert any("\ufffd" in path for path in paths), paths


# --- Query strings ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("vera", "/kantor/permohonan-akun/?q=%00"),
        ("vera", "/kantor/permohonan-akun/?status=%00"),
        ("vera", "/kantor/permohonan-akun/?page=%00"),
        ("vera", "/kantor/pkwt/?q=%00&halaman=2"),
        ("vera", "/kantor/bkk/?halaman=%00"),
        ("mira", "/pemantauan/pak/?provinsi=%00"),
        ("prita", "/provinsi/laporan-pak/?kantor=%00"),
        ("adam", "/admin/accounts/user/?q=%00"),
        (None, "/bkk/lacak/?kode=%00"),
        (None, "/?next=%00"),
    ],
)
def test_a_nul_in_any_query_parameter_is_refused_before_the_database(client, db, request, persona, path):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(path)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Alamat tidak valid" in body and "karakter yang tidak diizinkan" in body


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("vera", "accounts:account_request_queue"),
        ("vera", "pkwt:office_queue"),
        ("vera", "placement:office_bkk_queue"),
        ("vera", "placement:office_proposal_queue"),
        ("vera", "placement:office_officers"),
        ("prita", "placement:province_queue"),
        ("vera", "training:list"),
    ],
)
@pytest.mark.parametrize("term", ["PT\x01Makmur", "Makmur\tJaya", "baris\nbaru", "\x1b[31m"])
def test_a_control_character_in_a_search_is_a_form_error_next_to_the_box(
    client, db, request, persona, url_name, term
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name), {"q": term})
    assert response.status_code == 400
    body = response.content.decode()
    assert SEARCH_ERROR in body
    assert 'id="id_q_error"' in body  # the message sits under the search box


def test_an_ordinary_search_still_works(client, vera, account_request):
    client.force_login(vera)
    response = client.get(reverse("accounts:account_request_queue"), {"q": account_request.company_name[:5]})
    assert response.status_code == 200
    assert account_request in response.context["page"].object_list


def test_the_search_field_refuses_nul_itself_with_one_message():
    from disnaker.core.forms import SearchField

    field = SearchField(label="Cari")
    with pytest.raises(Exception) as exc:
        field.clean("a\x00b")
    assert exc.value.messages == [exc.value.messages[0]] and SEARCH_ERROR in exc.value.messages[0]
    assert field.clean("  Makmur  ") == "Makmur"
