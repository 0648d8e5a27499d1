"""The templates in a real LibreOffice Calc (Debian's ``libreoffice-calc-nogui``, headless), as a clerk on
LibreOffice uses them (issue 18):

1. the downloaded template, filled by typing into it and saved as .xlsx and as .ods: every row is valid;
2. a payroll CSV with 16-digit NIKs opened in LibreOffice and saved as .xlsx: the NIKs became numbers and
   every row gets ``nik_numeric_cell``;
3. the .ods template opened in LibreOffice: the L/P drop-down is still there, and survives a re-save.

``make test`` installs LibreOffice (scripts/ensure_libreoffice.sh). The tests carry the ``libreoffice``
marker: the PostgreSQL pass may skip them with ``-m "not libreoffice"``.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from disnaker.pkwt import services
from disnaker.pkwt.columns import COLUMNS, KEYS
from disnaker.pkwt.sample import sample_rows

from .helpers import new_registration

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not shutil.which("soffice") or not Path("/usr/lib/python3/dist-packages/uno.py").exists(),
        reason="LibreOffice Calc is not installed (scripts/ensure_libreoffice.sh installs it)",
    ),
]

UNO_SCRIPT = Path(__file__).with_name("libreoffice_uno.py")
XLSX_FILTER = "Calc MS Excel 2007 XML"
ODS_FILTER = "calc8"


def libreoffice(job: dict, tmp_path: Path) -> dict:
    """Run one job of ``libreoffice_uno.py`` with LibreOffice's own Python and a private profile."""
    job = {"profile": str(tmp_path / "lo-profile"), **job}
    done = subprocess.run(  # noqa: S603 - our own script
        ["/usr/bin/python3", str(UNO_SCRIPT)],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def typed(value) -> str:
    """What a clerk types for a value: dates as 1995-10-05 (Calc reads that as a date in any locale)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def validate(path: Path) -> dict:
    return services.validate_workbook(path.read_bytes(), company=None).report()


@pytest.mark.parametrize("template", ["template", "template_ods"])
def test_the_template_filled_in_libreoffice_is_valid_saved_as_xlsx_and_as_ods(
    client, alice, tmp_path, template
):
    client.force_login(alice)
    new_registration(alice)
    downloaded = client.get(reverse(f"pkwt:{template}"))
    assert downloaded.status_code == 200
    source = tmp_path / ("template.ods" if template == "template_ods" else "template.xlsx")
    source.write_bytes(downloaded.content)
    rows = [[typed(v) for v in row] for row in sample_rows(20)]
    outputs = {"xlsx": tmp_path / "terisi.xlsx", "ods": tmp_path / "terisi.ods"}
    filled = libreoffice(
        {
            "action": "fill",
            "template": str(source),
            "rows": rows,
            "outputs": [
                {"path": str(outputs["xlsx"]), "filter": XLSX_FILTER},
                {"path": str(outputs["ods"]), "filter": ODS_FILTER},
            ],
        },
        tmp_path,
    )
    # The template's Text columns reached LibreOffice: NIK, name, place, sex, position, both BPJS, note.
    # (of the seed's 13 columns; template v2 adds optional text columns after them, issue 12)
    text_columns = sum(1 for c in COLUMNS[:13] if c.kind in {"nik", "bpjs", "text", "sex"})
    filled_text = sum(
        1
        for row in rows
        for c, v in zip(COLUMNS, row, strict=False)
        if v and c.kind in {"nik", "bpjs", "text", "sex"}
    )
    assert text_columns == 8 and filled["text_cells"] == filled_text
    for fmt, path in outputs.items():
        report = validate(path)
        assert report["file_errors"] == [], (fmt, report["file_errors"])
        assert report["rows"] == 20 and report["valid_rows"] == 20, (fmt, report["findings"][:5])
        assert [f for f in report["findings"] if f["severity"] == "error"] == []
    # LibreOffice's .ods carries its usual empty tail (a repeated empty row to the last row of the sheet).
    import zipfile

    content = zipfile.ZipFile(outputs["ods"]).read("content.xml")
    assert b"table:number-rows-repeated" in content


def test_a_csv_with_16_digit_niks_saved_as_xlsx_in_libreoffice_is_nik_numeric_cell(db, tmp_path):
    rows = list(sample_rows(20))
    csv = tmp_path / "gaji.csv"
    lines = [",".join(c.header for c in COLUMNS)]
    lines += [",".join(typed(v) for v in row) for row in rows]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "gaji.xlsx"
    libreoffice(
        {"action": "convert", "source": str(csv), "target": str(target), "filter": XLSX_FILTER}, tmp_path
    )
    report = validate(target)
    assert report["file_errors"] == [] and report["rows"] == 20
    numeric = [f for f in report["findings"] if f["code"] == "nik_numeric_cell"]
    assert [f["row"] for f in numeric] == list(range(2, 22))
    assert all(f["column"] == "nik" and "Teks" in f["message"] for f in numeric)
    # And the CSV itself is refused by name, with the advice.
    refused = services.validate_workbook(csv.read_bytes(), company=None).report()["file_errors"]
    assert refused[0]["format"] == "csv"


def test_the_ods_template_keeps_its_drop_down_in_libreoffice(client, alice, tmp_path):
    client.force_login(alice)
    source = tmp_path / "template.ods"
    source.write_bytes(client.get(reverse("pkwt:template_ods")).content)
    sex = chr(65 + KEYS.index("jenis_kelamin"))
    resaved = tmp_path / "disimpan-ulang.ods"
    cells = [f"{sex}2", f"{sex}500", f"{sex}1001"]
    seen = libreoffice(
        {"action": "validations", "source": str(source), "cells": cells, "resave": str(resaved)}, tmp_path
    )["cells"]
    for name in cells:
        assert seen[name]["is_list"], (name, seen[name])
        assert seen[name]["formula"] == '"L";"P"' and seen[name]["shows_list"]
        assert seen[name]["error_message"] == "Isi L atau P."
    # Re-saved by LibreOffice, the drop-down is still there, and the empty template still reads.
    again = libreoffice({"action": "validations", "source": str(resaved), "cells": cells[:1]}, tmp_path)[
        "cells"
    ]
    assert again[cells[0]]["is_list"] and again[cells[0]]["formula"] == '"L";"P"'
    report = validate(resaved)
    assert [e["code"] for e in report["file_errors"]] == ["no_data_rows"]
