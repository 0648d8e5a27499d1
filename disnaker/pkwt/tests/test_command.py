"""``manage.py pkwt_validate FILE [--json] [--company ID]`` on real generated files."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from disnaker.accounts.constants import CompanyScale
from disnaker.accounts.tests.factories import CompanyFactory
from disnaker.pkwt import sample

from .helpers import TODAY, codes, freeze_today, submitted_registration, valid_row, worker, xlsx


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def write(tmp_path, data: bytes, name: str = "daftar-pekerja.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("pkwt_validate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_clean_file_prints_the_json_report(db, tmp_path):
    path = write(tmp_path, sample.sample_workbook(list(sample.sample_rows(12, start=TODAY))))
    out, _err = run(path, "--json")
    assert json.loads(out) == {"file_errors": [], "rows": 12, "valid_rows": 12, "findings": []}


def test_row_errors_are_reported_and_the_exit_status_is_zero(db, tmp_path):
    rows = [valid_row(), worker(1, jenis_kelamin="X"), worker(2, upah="Rp 5.5.5", nik="3216-0101-0390-0002")]
    out, _err = run(write(tmp_path, xlsx(rows)), "--json")
    report = json.loads(out)
    assert (report["rows"], report["valid_rows"]) == (3, 1)
    assert codes(report["findings"]) == [
        (3, "jenis_kelamin", "sex_format", "error"),
        (4, "upah", "upah_format", "error"),
    ]
    assert report["findings"][0]["message"] == "Jenis kelamin 'X' tidak dikenali: isi L atau P."


def test_the_json_keeps_indonesian_text_unescaped(db, tmp_path):
    rows = [valid_row(), valid_row(awal_kontrak=TODAY)]  # overlaps row 2: the message has an en dash
    out, _err = run(write(tmp_path, xlsx(rows)), "--json")
    assert "05/01/2026–31/12/2026" in out and "\\u2013" not in out
    assert out.startswith('{\n  "file_errors": []')  # indent=2


def test_an_unreadable_file_exits_non_zero_with_the_file_errors(db, tmp_path, capsys):
    path = write(tmp_path, b"nik;nama\n3216015508950003;Siti\n", name="daftar.xlsx")
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("pkwt_validate", path, "--json", stdout=out)
    assert exc.value.returncode == 2
    assert "berformat CSV" in str(exc.value)
    report = json.loads(out.getvalue())
    assert [e["code"] for e in report["file_errors"]] == ["not_xlsx"]
    assert report["rows"] == 0 and report["findings"] == []


def test_the_exit_status_from_the_command_line(db, tmp_path, capsys):
    good = write(tmp_path, xlsx([valid_row(), worker(1, upah=0)]), name="baik.xlsx")
    execute_from_command_line(["manage.py", "pkwt_validate", good, "--json"])  # returns: status 0
    assert json.loads(capsys.readouterr().out)["valid_rows"] == 1

    bad = write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, name="lama.xls")
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "pkwt_validate", bad, "--json"])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["file_errors"][0]["code"] == "not_xlsx_legacy"
    assert "Excel 97-2003 (.xls)" in captured.err


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError) as exc:
        run(str(tmp_path / "tidak-ada.xlsx"), "--json")
    assert "tidak dapat dibuka" in str(exc.value)


def test_an_unknown_company_is_a_clear_error(db, tmp_path):
    path = write(tmp_path, xlsx([valid_row()]))
    with pytest.raises(CommandError) as exc:
        run(path, "--json", "--company", "999999")
    assert str(exc.value) == "Perusahaan dengan ID 999999 tidak ditemukan."


def test_with_a_company_the_umk_of_its_region_applies(db, tmp_path):
    path = write(tmp_path, xlsx([valid_row(upah=5_000_000)]))
    large = CompanyFactory(scale=CompanyScale.LARGE)
    micro = CompanyFactory(scale=CompanyScale.MICRO)
    out, _err = run(path, "--json", "--company", str(large.pk))
    assert codes(json.loads(out)["findings"]) == [(2, "upah", "upah_below_umk", "warning")]
    out, _err = run(path, "--json", "--company", str(micro.pk))
    assert json.loads(out)["findings"] == []
    out, _err = run(path, "--json")  # no company: no region, no UMK
    assert json.loads(out)["findings"] == []


def test_with_a_company_its_registered_contracts_count(alice, tmp_path):
    registration = submitted_registration(alice, [valid_row()])
    path = write(tmp_path, xlsx([valid_row(awal_kontrak=TODAY, pkwt_ke=2)]))
    out, _err = run(path, "--json", "--company", str(alice.company_id))
    (finding,) = json.loads(out)["findings"]
    assert (finding["row"], finding["column"], finding["code"]) == (
        2,
        "awal_kontrak",
        "nik_overlap_registered",
    )
    assert registration.number in finding["message"]
    out, _err = run(path, "--json")
    assert json.loads(out)["findings"] == []


def test_the_human_summary(db, tmp_path):
    path = write(tmp_path, xlsx([valid_row(), worker(1, upah=0), worker(2, no_bpjs_kesehatan="123")]))
    out, _err = run(path)
    assert "Baris data: 3; baris valid: 2; kesalahan: 1; peringatan: 1." in out
    assert "Baris 3, kolom upah: [GALAT] Upah harus lebih dari 0." in out
    assert "Baris 4, kolom no_bpjs_kesehatan: [PERINGATAN]" in out

    clean = write(tmp_path, xlsx([valid_row()]), name="bersih.xlsx")
    out, _err = run(clean)
    assert "Tidak ada kesalahan" in out


def test_the_human_summary_of_an_unreadable_file(db, tmp_path):
    path = write(tmp_path, b"PK\x03\x04 rusak", name="rusak.xlsx")
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("pkwt_validate", path, stdout=out)
    assert exc.value.returncode == 2
    assert "[corrupt_zip] File rusak atau tidak lengkap" in out.getvalue()
