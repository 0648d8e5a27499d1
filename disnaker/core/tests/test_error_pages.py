"""The 400, 403, CSRF, 404, 429 and 500 pages speak Indonesian, name the office and say what to do next
(issue 10, "Errors people can act on"). Production (DEBUG off, as in the suite) used to answer a bare
English "Not Found"."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

OFFICE = "Dinas Ketenagakerjaan Kabupaten Bekasi"


def _body(response) -> str:
    return response.content.decode()


def test_404_is_indonesian_and_branded(client, db):
    response = client.get("/tidak-ada/")
    body = _body(response)
    assert response.status_code == 404
    assert "Not Found" not in body and "Halaman tidak ditemukan" in body
    assert OFFICE in body and "Layanan Disnaker" in body
    assert "tautannya utuh" in body  # what to do with a link cut off by a mail program
    assert response["X-Request-ID"] in body


def test_404_for_a_signed_in_user_names_their_office_and_keeps_the_menu(client, oscar):
    client.force_login(oscar)
    body = _body(client.get("/tidak-ada/"))
    assert "Dinas Ketenagakerjaan Kota Bekasi" in body
    assert 'aria-label="Menu utama"' in body


def test_the_office_contact_is_shown_when_the_office_has_one(client, office):
    office.phone, office.email = "(021) 8970 0000", "disnaker@bekasikab.go.id"
    office.save()
    body = _body(client.get("/tidak-ada/"))
    assert "(021) 8970 0000" in body and "mailto:disnaker@bekasikab.go.id" in body


def test_403_says_who_is_signed_in_and_what_to_do(client, alice):
    client.force_login(alice)
    response = client.get(reverse("accounts:account_request_queue"))
    body = _body(response)
    assert response.status_code == 403
    assert "Anda tidak berhak membuka halaman ini" in body
    assert alice.get_full_name() in body and "keluar lalu masuk" in body
    assert response["X-Request-ID"] in body


def test_a_csrf_failure_explains_the_expired_form_in_indonesian(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@b.id", "password": "x"})
    body = _body(response)
    assert response.status_code == 403
    assert "CSRF verification failed" not in body
    assert "Formulir tidak dapat dikirim" in body and "muat ulang halaman" in body
    assert OFFICE in body and response["X-Request-ID"] in body


def test_429_is_the_branded_page_with_retry_after(client, db, settings):
    settings.DECREE_VERIFY_RATE_LIMIT = 1
    client.get("/verifikasi/tebakan/")
    response = client.get("/verifikasi/tebakan/")
    body = _body(response)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in body and "Tunggu sekitar 1 menit" in body
    assert OFFICE in body and response["X-Request-ID"] in body


def test_400_is_indonesian(client, db):
    response = client.get("/", HTTP_HOST="bukan-host-kami.example")  # DisallowedHost: Django answers 400
    body = _body(response)
    assert response.status_code == 400
    assert "Bad Request" not in body and "Permintaan tidak dapat diproses" in body


def test_500_renders_without_the_database_and_shows_the_request_id(client, alice, django_db_blocker):
    """The database is out of reach (pytest-django's blocker makes every connection attempt fail): alice's
    session needs it on every request, so the failure happens before any view, and the 500 page must not
    need it either."""
    client.force_login(alice)
    client.raise_request_exception = False
    with django_db_blocker.block():
        response = client.get("/sehat/")
    body = _body(response)
    assert response.status_code == 500
    assert "Server Error" not in body and "Maaf, terjadi gangguan pada sistem" in body
    assert response["X-Request-ID"] in body and "Sebutkan kode ini" in body
    assert "Dinas Ketenagakerjaan" in body


def test_500_names_the_office_an_earlier_page_left_in_the_cache(client, office, django_db_blocker):
    client.get("/tidak-ada/")
    client.raise_request_exception = False
    with django_db_blocker.block():
        response = client.get("/sehat/")
    assert response.status_code == 500 and OFFICE in _body(response)


def test_the_handlers_are_the_projects():
    from config import urls

    assert urls.handler500 == "disnaker.core.views.server_error"
