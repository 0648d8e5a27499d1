"""The parse child's answer in frames (issue 12): the rows arrive a chunk at a time, the import checks each
chunk while the child encodes the next, and a child that stops part-way is a clean file error."""

from __future__ import annotations

import datetime
import io
import os

import pytest

from disnaker.pkwt import excel, services, xlsx_child
from disnaker.pkwt.excel import reader
from disnaker.pkwt.sample import sample_rows, sample_workbook

from . import hostile
from .helpers import TODAY, freeze_today, submitted_registration, umk_entered

START = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def test_rows_over_several_frames_come_back_whole_and_in_order(db):
    import python_calamine  # the reference parse, in this process: the file is a normal one

    count = 2 * xlsx_child.CHUNK_ROWS + 7  # the header and three frames, the last one short
    data = sample_workbook(sample_rows(count, start=START))
    expected = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    expected = expected.get_sheet_by_name("Data Pekerja").to_python(skip_empty_area=False)

    got = excel.parse_rows(data)

    assert [list(row) for row in got] == expected
    # A date column under its header is all dates from the second frame on: it travels as ordinals.
    assert type(got[xlsx_child.CHUNK_ROWS + 3][2]) is datetime.date
    sheet = excel.read_sheet_stream(data)
    chunks = [len(chunk) for chunk in sheet.chunks()]
    assert sheet.row_count == count and sum(chunks) == count and len(chunks) == 3


def test_a_finding_past_a_frame_boundary_names_its_excel_row(db):
    rows = list(sample_rows(xlsx_child.CHUNK_ROWS + 5, start=START))
    # Data row 10,000 sits in the first frame with the header; data row 10,001 is the first of the second.
    rows[xlsx_child.CHUNK_ROWS - 1][0] = "12345"
    rows[xlsx_child.CHUNK_ROWS][4] = "X"

    outcome = services.validate_workbook(sample_workbook(rows), company=None)

    found = {(f["row"], f["column"]) for f in outcome.findings if f["severity"] == "error"}
    assert found == {(xlsx_child.CHUNK_ROWS + 1, "nik"), (xlsx_child.CHUNK_ROWS + 2, "jenis_kelamin")}
    assert outcome.rows == xlsx_child.CHUNK_ROWS + 5


def test_the_history_is_read_after_the_last_frame_and_still_found(alice):
    """The company's registered contracts are looked up once the whole file is read: a worker in the last
    frame whose contract is already submitted gets the same overlap error as in a small file."""
    umk_entered(2027)  # the contracts run into 2027
    first_rows = list(sample_rows(3, start=TODAY, serial_offset=40_000))
    submitted_registration(alice, first_rows)
    rows = list(sample_rows(xlsx_child.CHUNK_ROWS + 3, start=TODAY))
    rows[-1] = first_rows[1][:]
    rows[-1][6] = datetime.date(2026, 3, 1)  # starts inside the submitted contract
    rows[-1][8] = 2

    outcome = services.validate_workbook(sample_workbook(rows), company=alice.company)

    last = xlsx_child.CHUNK_ROWS + 4  # the Excel row of the last data row
    assert [(f["row"], f["code"]) for f in outcome.findings if f["severity"] == "error"] == [
        (last, "nik_overlap_registered")
    ]


def _truncating_child(tmp_path, frames_before_dying: int):
    """A child that answers as ours does (the real rows of a file, in frames), then dies part-way with
    status 1, as a Rust abort would end it."""
    import marshal

    from disnaker.pkwt.columns import COLUMNS

    header = [c.key for c in COLUMNS]
    rows = [header, *sample_rows(2 * xlsx_child.CHUNK_ROWS, start=START)]
    rows = [[*row, *("",) * (len(header) - len(row))] for row in rows]
    answer = marshal.dumps(("ok", len(rows) + 5, None), 2)
    for index in range(frames_before_dying):
        chunk = rows[index * xlsx_child.CHUNK_ROWS : (index + 1) * xlsx_child.CHUNK_ROWS]
        answer += marshal.dumps(("rows", *xlsx_child.encode(chunk)), 2)
    answer += marshal.dumps(("rows", *xlsx_child.encode(rows[:5])), 2)[:40]  # half a frame
    (tmp_path / "answer.bin").write_bytes(answer)
    script = tmp_path / "child.py"
    script.write_text(
        "import sys\n"
        "sys.stdin.buffer.read()\n"
        f"sys.stdout.buffer.write(open({str(tmp_path / 'answer.bin')!r}, 'rb').read())\n"
        "sys.stdout.buffer.flush()\n"
        "sys.exit(1)\n"
    )
    return str(script)


@pytest.mark.parametrize("frames_before_dying", [0, 1, 2])
def test_a_child_that_dies_part_way_is_a_clean_error_and_is_reaped(
    db, tmp_path, monkeypatch, frames_before_dying
):
    monkeypatch.setattr(reader, "_CHILD_SCRIPT", _truncating_child(tmp_path, frames_before_dying))
    data = sample_workbook(sample_rows(3, start=START))

    def validate_then_look_for_children():
        report = services.validate_workbook(data, company=None).report()
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return report, "no child left"
        return report, "a child is still there"

    report, children = hostile.isolated(validate_then_look_for_children)
    assert not isinstance(report, hostile.Died)
    assert [e["code"] for e in report["file_errors"]] == ["unreadable"]
    assert "tidak dapat dibaca" in report["file_errors"][0]["message"]
    assert report["findings"] == [] and children == "no child left"


def test_a_caller_that_stops_early_leaves_no_child(db):
    data = sample_workbook(sample_rows(2 * xlsx_child.CHUNK_ROWS, start=START))

    def read_one_chunk_then_look():
        sheet = excel.read_sheet_stream(data)
        chunks = sheet.chunks()
        next(chunks)
        chunks.close()  # what happens when the caller's loop ends with an exception
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return "no child left"
        return "a child is still there"

    assert hostile.isolated(read_one_chunk_then_look) == "no child left"
