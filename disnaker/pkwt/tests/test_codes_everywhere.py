"""Issue 12: the validator's new codes reach every place its report is read: the upload page (each finding's
row carries its code, row and column), ``manage.py pkwt_validate --json`` and ``POST /api/v1/pkwt/validate``.
One file, three readers, the same finding."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts import services as account_services
from disnaker.pkwt.columns import KEYS
from disnaker.pkwt.sample import kind_rows, sample_workbook

from .helpers import new_registration

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: (kind of the rows, column set on row 3, its value, the code expected there, severity)
CASES = [
    # PP 35/2021 Pasal 12: a PKWT may not require a probation period.
    ("jangka_waktu", "masa_percobaan", "3 bulan", "probation_not_allowed", "error"),
    # Pasal 10(3)-(4): 21 days or more a month for 3 months (the example runs 3 months) makes it a PKWTT.
    ("harian_lepas", "hari_kerja_per_bulan", 22, "harian_lepas_pkwtt", "warning"),
    # Pasal 9(2): a specific-job PKWT states the job's scope.
    ("pekerjaan_tertentu", "lingkup_pekerjaan", "", "job_scope_required", "error"),
    # A foreign worker's contract names its RPTKA or notification.
    ("tka", "no_rptka", "", "rptka_missing", "warning"),
    # Pasal 5(2): "sekali selesai" is a basis of a specific-job PKWT, not of a time-based one.
    ("jangka_waktu", "dasar_pkwt", "sekali_selesai", "dasar_pkwt_mismatch", "warning"),
]


def _workbook(kind: str, column: str, value) -> bytes:
    rows = kind_rows(kind, 3, start=timezone.localdate(), seed=4)
    rows[1][KEYS.index(column)] = value  # Excel row 3
    return sample_workbook(rows)


def _finding(findings, code: str) -> tuple:
    (found,) = [f for f in findings if f["code"] == code]
    return found["row"], found["column"], found["severity"]


@pytest.mark.parametrize(("kind", "column", "value", "code", "severity"), CASES, ids=[c[3] for c in CASES])
def test_a_new_code_shows_on_the_page_in_the_command_and_in_the_api(
    alice, client, tmp_path, kind, column, value, code, severity
):
    data = _workbook(kind, column, value)
    expected = (3, column, severity)

    # The page: Import Excel, then the report's table row for the finding.
    registration = new_registration(alice)
    client.force_login(alice)
    response = client.post(
        reverse("pkwt:edit", args=[registration.pk]),
        {"action": "import", "worker_file": SimpleUploadedFile("pekerja.xlsx", data, content_type=XLSX)},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(
        rf'<tr data-code="{code}"><td class="text-nowrap">(\d+)</td><td class="font-monospace small">([a-z_]+)</td>',
        html,
    )
    assert rows == [("3", column)], html[html.find("findings") - 200 : html.find("findings") + 2000]
    table = "findings-error" if severity == "error" else "findings-warning"
    assert re.search(rf'class="[^"]*{table}[^"]*">.*data-code="{code}"', html, re.S)

    # The command's JSON.
    path = tmp_path / "pekerja.xlsx"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("pkwt_validate", str(path), "--json", "--company", str(alice.company_id), stdout=out)
    assert _finding(json.loads(out.getvalue())["findings"], code) == expected

    # The API, with the company's token.
    _, secret = account_services.api_token_create(company=alice.company, actor=alice, name="Sistem HR")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    answer = api.post("/api/v1/pkwt/validate", {"file": SimpleUploadedFile("pekerja.xlsx", data, XLSX)})
    assert answer.status_code == 200
    assert _finding(answer.json()["findings"], code) == expected
