"""Template v2 (issue 12) in a real headless LibreOffice Calc: both templates keep the drop-downs of jenis_pkwt,
dasar_pkwt and satuan_upah, and a row of each kind of PKWT typed into them and saved as .xlsx and as .ods
passes the validator with no error. Same machinery and marker as ``test_libreoffice.py``."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from disnaker.pkwt.columns import KEYS
from disnaker.pkwt.constants import PkwtBasis, PkwtKind, WageUnit
from disnaker.pkwt.excel import column_letter
from disnaker.pkwt.sample import EXAMPLE_KINDS, kind_rows

from .helpers import new_registration
from .test_libreoffice import ODS_FILTER, XLSX_FILTER, libreoffice, pytestmark, typed, validate  # noqa: F401

DROP_DOWNS = {"jenis_pkwt": PkwtKind, "dasar_pkwt": PkwtBasis, "satuan_upah": WageUnit}
TEMPLATES = {"template": "template.xlsx", "template_ods": "template.ods"}


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_templates_drop_downs_are_lists_in_libreoffice(client, alice, tmp_path, template):
    client.force_login(alice)
    source = tmp_path / TEMPLATES[template]
    source.write_bytes(client.get(reverse(f"pkwt:{template}")).content)
    cells = {f"{column_letter(KEYS.index(key))}{row}": key for key in DROP_DOWNS for row in (2, 1000)}
    seen = libreoffice({"action": "validations", "source": str(source), "cells": list(cells)}, tmp_path)[
        "cells"
    ]
    for name, key in cells.items():
        assert seen[name]["is_list"] and seen[name]["shows_list"], (name, seen[name])
        assert seen[name]["formula"] == ";".join(f'"{v}"' for v in DROP_DOWNS[key].values), (name, seen[name])


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_row_of_each_kind_typed_in_libreoffice_is_valid_saved_as_xlsx_and_as_ods(
    client, alice, tmp_path, template
):
    client.force_login(alice)
    new_registration(alice)
    source = tmp_path / TEMPLATES[template]
    source.write_bytes(client.get(reverse(f"pkwt:{template}")).content)
    rows = [
        [typed(v) for v in row]
        for index, kind in enumerate(EXAMPLE_KINDS)
        for row in kind_rows(kind, 2, start=timezone.localdate(), seed=5, serial_offset=10 * index)
    ]
    outputs = {"xlsx": tmp_path / "terisi.xlsx", "ods": tmp_path / "terisi.ods"}
    libreoffice(
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
    for fmt, path in outputs.items():
        report = validate(path)
        assert report["file_errors"] == [], (fmt, report["file_errors"])
        assert [f for f in report["findings"] if f["severity"] == "error"] == [], (fmt, report["findings"])
        assert report["rows"] == report["valid_rows"] == len(rows) == 8, fmt
