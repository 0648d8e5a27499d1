"""Drive a real headless LibreOffice Calc through UNO, as a clerk would use it (issue 18's LibreOffice tests).

Run with LibreOffice's own Python (Debian's python3-uno: ``/usr/bin/python3``), not the project's venv::

    /usr/bin/python3 libreoffice_uno.py < job.json > answer.json

The job is JSON: ``{"profile": DIR, "action": ..., ...}``. Actions:

- ``fill``: open ``template``, type ``rows`` (lists of strings) into the data sheet from row 2 the way a
  clerk types (the cell's format, as LibreOffice read it, decides: a Text column keeps "3216...", a date
  column turns "1995-10-05" into a date), then save as each of ``outputs`` (``{"path": ..., "filter": ...}``);
- ``convert``: open ``source`` (a CSV opens as Calc opens a CSV by default) and save as ``target``;
- ``validations``: open ``source`` and report, per cell in ``cells`` of the first sheet, its validation
  (type, the list formula, whether the list is shown), and save a copy as ``resave`` when asked.

LibreOffice runs with a private profile (``-env:UserInstallation``), so parallel runs do not share one.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _properties(**values):
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        result.append(prop)
    return tuple(result)


def _url(path: str) -> str:
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Office:
    def __init__(self, profile: str) -> None:
        self.pipe = f"disnaker-{uuid.uuid4().hex}"
        self.process = subprocess.Popen(  # noqa: S603 - fixed program, our own arguments
            [
                "soffice",
                f"-env:UserInstallation={_url(profile)}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 90
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.3)
        self.context = context
        self.desktop = self.create("com.sun.star.frame.Desktop")

    def create(self, service: str):
        return self.context.ServiceManager.createInstanceWithContext(service, self.context)

    def open(self, path: str, **options):
        return self.desktop.loadComponentFromURL(_url(path), "_blank", 0, _properties(Hidden=True, **options))

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the bridge drops as LibreOffice quits
            self.desktop.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _save(document, path: str, filter_name: str) -> None:
    document.storeToURL(_url(path), _properties(FilterName=filter_name, Overwrite=True))


def _close(document) -> None:
    """Close without saving; LibreOffice may drop the bridge as the last document goes (it quits after)."""
    from com.sun.star.lang import DisposedException

    with contextlib.suppress(DisposedException):
        document.close(True)


def fill(office: Office, job: dict) -> dict:
    from com.sun.star.util.NumberFormat import TEXT

    document = office.open(job["template"])
    sheet = document.Sheets.getByName(job.get("sheet", "Data Pekerja"))
    formats = document.NumberFormats
    text_cells = 0
    for row_index, values in enumerate(job["rows"], start=1):
        for column, value in enumerate(values):
            if value == "":
                continue
            cell = sheet.getCellByPosition(column, row_index)
            # What typing into the cell does (Calc's rule for input): a cell formatted as Text keeps what is
            # typed as text; any other cell parses it (numbers, and dates such as 1995-10-05). The format is
            # the one LibreOffice read from the template. (Typing through the dispatcher, .uno:EnterString,
            # crashes a hidden headless frame now and then.)
            if formats.getByKey(cell.NumberFormat).Type & TEXT:
                cell.setString(value)
                text_cells += 1
            else:
                cell.setFormula(value)
    for output in job["outputs"]:
        _save(document, output["path"], output["filter"])
    _close(document)
    return {"saved": [o["path"] for o in job["outputs"]], "text_cells": text_cells}


def convert(office: Office, job: dict) -> dict:
    document = office.open(job["source"])
    _save(document, job["target"], job["filter"])
    _close(document)
    return {"saved": job["target"]}


def validations(office: Office, job: dict) -> dict:
    from com.sun.star.sheet.ValidationType import LIST

    document = office.open(job["source"])
    sheet = document.Sheets.getByIndex(0)
    found = {}
    for name in job["cells"]:
        validation = sheet.getCellRangeByName(name).Validation
        found[name] = {
            "is_list": validation.Type == LIST,
            "formula": validation.getFormula1(),
            "shows_list": bool(validation.ShowList),
            "error_message": validation.ErrorMessage,
        }
    if job.get("resave"):
        _save(document, job["resave"], "calc8")
    _close(document)
    return {"cells": found}


def main() -> int:
    job = json.load(sys.stdin)
    office = Office(job["profile"])
    try:
        answer = {"fill": fill, "convert": convert, "validations": validations}[job["action"]](office, job)
    finally:
        office.close()
    json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
