"""POST /api/v1/pkwt/validate: the validator's report for a token or a company session, nothing saved."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from disnaker.accounts import services
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.pkwt.models import PkwtContract, PkwtImport, PkwtRegistration
from disnaker.pkwt.sample import sample_rows, sample_workbook
from disnaker.pkwt.tests import hostile

URL = "/api/v1/pkwt/validate"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_KEYS = {"file_errors", "rows", "valid_rows", "findings"}
FINDING_KEYS = {"row", "column", "code", "severity", "message"}

# Its callers come from request.getfixturevalue(), invisible to pytest-django's ordering: the marker keeps
# these tests with the other database tests, before the live-server ones that flush the database.
pytestmark = pytest.mark.django_db


def good_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("pekerja.xlsx", sample_workbook(sample_rows(5)), XLSX)


def bad_nik_file() -> SimpleUploadedFile:
    rows = list(sample_rows(5))
    rows[2][0] = "3216" + "0" * 12  # a 16-digit NIK with no valid birth date in it
    return SimpleUploadedFile("pekerja.xlsx", sample_workbook(rows), XLSX)


@pytest.fixture
def secret(alice):
    _, secret = services.api_token_create(company=alice.company, actor=alice, name="Sistem HR")
    return secret


@pytest.fixture
def token_client(secret):
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def session_client(alice):
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture(params=["token", "session"])
def caller(request):
    """The same calls, once with an API token and once with the company's session."""
    return request.getfixturevalue(f"{request.param}_client")


def assert_report_shape(body: dict) -> None:
    assert set(body) == REPORT_KEYS
    assert all(set(finding) == FINDING_KEYS for finding in body["findings"])
    # "format" names what a refused file really is (null when the file is a workbook).
    assert all(set(error) == {"code", "message", "format"} for error in body["file_errors"])


def test_the_url():
    assert reverse("api:pkwt_validate") == URL


def test_a_valid_file(caller):
    response = caller.post(URL, {"file": good_file()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert_report_shape(body)
    assert body["file_errors"] == []
    assert body["rows"] == 5
    assert body["valid_rows"] == 5
    assert not [f for f in body["findings"] if f["severity"] == "error"]


def test_a_file_with_a_wrong_nik(caller):
    response = caller.post(URL, {"file": bad_nik_file()})
    assert response.status_code == 200
    body = response.json()
    assert_report_shape(body)
    assert body["rows"] == 5
    assert body["valid_rows"] == 4
    errors = [f for f in body["findings"] if f["severity"] == "error"]
    assert errors and {f["column"] for f in errors} == {"nik"}
    assert len({f["row"] for f in errors}) == 1


def test_token_and_session_get_the_same_report(token_client, session_client):
    by_token = token_client.post(URL, {"file": bad_nik_file()})
    by_session = session_client.post(URL, {"file": bad_nik_file()})
    assert by_token.status_code == by_session.status_code == 200
    assert by_token.json() == by_session.json()


def test_a_file_that_is_not_xlsx_gets_422_with_the_same_shape(caller):
    upload = SimpleUploadedFile("pekerja.xlsx", b"NIK;Nama\n3216;Siti\n", XLSX)
    response = caller.post(URL, {"file": upload})
    assert response.status_code == 422
    body = response.json()
    assert_report_shape(body)
    assert [(e["code"], e["format"]) for e in body["file_errors"]] == [("not_xlsx", "csv")]
    assert body["rows"] == 0 and body["findings"] == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(caller, settings):
    settings.PKWT_IMPORT_MAX_FILE_BYTES = 1000
    response = caller.post(URL, {"file": good_file()})
    assert response.status_code == 422
    body = response.json()
    assert_report_shape(body)
    assert [e["code"] for e in body["file_errors"]] == ["file_too_large"]


def test_a_request_without_the_file_gets_422_with_the_same_shape(caller):
    response = caller.post(URL, {"berkas": "x"})
    assert response.status_code == 422
    body = response.json()
    assert_report_shape(body)
    assert [e["code"] for e in body["file_errors"]] == ["invalid_request"]


def test_nothing_is_saved(caller):
    caller.post(URL, {"file": good_file()})
    caller.post(URL, {"file": bad_nik_file()})
    assert not PkwtRegistration.objects.exists()
    assert not PkwtContract.objects.exists()
    assert not PkwtImport.objects.exists()


def test_only_post_is_allowed(token_client):
    assert token_client.get(URL).status_code == 405


def test_no_credentials_get_401(client, alice):
    response = client.post(URL, {"file": good_file()})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Autentikasi diperlukan" in response.json()["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer dk_00000000_tidak-ada", "Bearer ", "Token dk_abc", "Basic YWxpY2U6cmFoYXNpYQ=="]
)
def test_a_bad_authorization_header_gets_401(alice, secret, header):
    response = Client(headers={"Authorization": header}).post(URL, {"file": good_file()})
    assert response.status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session(session_client):
    response = session_client.post(
        URL, {"file": good_file()}, headers={"Authorization": "Bearer dk_00000000_tidak-ada"}
    )
    assert response.status_code == 401


def test_a_revoked_token_gets_401(alice):
    token, secret = services.api_token_create(company=alice.company, actor=alice, name="Lama")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.post(URL, {"file": good_file()}).status_code == 200
    services.api_token_revoke(token=token, actor=alice)
    response = client.post(URL, {"file": good_file()})
    assert response.status_code == 401
    assert "dicabut" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["vera", "hana", "adam"])
def test_staff_sessions_get_403(request, client, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(URL, {"file": good_file()})
    assert response.status_code == 403
    assert response.json() == {"detail": "Hanya akun perusahaan yang dapat memakai API ini."}
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=user).exists()


def test_a_session_post_without_the_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(URL, {"file": good_file()})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

    # With the token from a page of the site, the same call goes through.
    client.get(reverse("accounts:settings"))
    csrf = client.cookies["csrftoken"].value
    response = client.post(URL, {"file": good_file()}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 200


def test_a_token_needs_no_csrf_token(secret):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    assert client.post(URL, {"file": good_file()}).status_code == 200


def test_the_token_is_checked_against_its_own_companys_history(alice, bob, secret):
    """A token acts for its company: bob's token validates against bob's company, not alice's."""
    _, bobs_secret = services.api_token_create(company=bob.company, actor=bob, name="Bob")
    for value in (secret, bobs_secret):
        response = Client(headers={"Authorization": f"Bearer {value}"}).post(URL, {"file": good_file()})
        assert response.status_code == 200


def test_the_openapi_document_describes_the_report(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) >= {"200", "401", "403", "422"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationReportOut"
    )
    report = schema["components"]["schemas"]["ValidationReportOut"]
    assert set(report["properties"]) == REPORT_KEYS
    assert set(schema["components"]["schemas"]["FindingOut"]["properties"]) == FINDING_KEYS
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert set(schema["components"]["securitySchemes"]) == {"ApiTokenAuth", "SessionCsrfAuth"}


def test_the_docs_page_loads_nothing_from_outside_the_site(session_client):
    response = session_client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert "cdn" not in html.lower()


# --- Hostile files (issue 10 §1), each through the real reader in an isolated copy of the test process ---

HOSTILE = [
    ("the-2kb-attack", hostile.attack_2kb, "sheet_too_wide"),
    ("the-attack-with-x-prefixes", hostile.prefixed_attack, "sheet_too_wide"),
    ("a-lower-case-reference", hostile.lower_case_reference, "sheet_too_wide"),
    ("a-vba-project", hostile.macro_by_vba_project, "macro_workbook"),
    ("a-macro-content-type", hostile.macro_by_content_type, "macro_workbook"),
    ("a-doctype", hostile.doctype_in_sheet, "xml_doctype"),
    ("headers-and-no-data-rows", hostile.header_only, "no_data_rows"),
]


@pytest.mark.parametrize(("builder", "code"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_a_hostile_file_gets_422_with_its_code_and_the_server_lives_on(token_client, builder, code):
    data = builder()

    def post():
        response = token_client.post(URL, {"file": SimpleUploadedFile("pekerja.xlsx", data, XLSX)})
        return response.status_code, response.json()

    answer = hostile.isolated(post)
    assert not isinstance(answer, hostile.Died), f"the API did not survive the file: {answer.how}"
    status, body = answer
    assert status == 422
    assert_report_shape(body)
    assert [e["code"] for e in body["file_errors"]] == [code]
    assert body["rows"] == 0 and body["findings"] == []
    # The same process answers the next request.
    assert token_client.post(URL, {"file": good_file()}).status_code == 200
