"""The renderer on plain rows (no database): content, masking, pagination."""

import io

import pytest
from pypdf import PdfReader

from disnaker.decrees.pdf import fit_cell
from disnaker.decrees.tests.helpers import context, pdf_text, rows
from disnaker.pkwt.documents import render_pkwt_decree


@pytest.fixture(scope="module")
def rendered_120():
    data = rows(120)
    return data, render_pkwt_decree(context(120), data)


def test_letter_and_appendix_content(rendered_120):
    data, pdf = rendered_120
    pages = pdf_text(pdf)
    first = " ".join(pages[0].split())  # lines joined: a phrase may wrap
    assert "SURAT KETERANGAN PENCATATAN" in first
    assert "PERJANJIAN KERJA WAKTU TERTENTU (PKWT)" in first
    assert "Nomor: 500.15/7/PKWT/Disnaker/III/2026" in first
    assert "Peraturan Pemerintah Nomor 35 Tahun 2021" in first
    assert "Pasal 14" in first
    assert "PT Uji Coba Sejahtera" in first
    assert "01.300.066.6-091.000" in first
    assert "120 (seratus dua puluh) orang pekerja" in first
    assert "Cikarang, 9 Maret 2026" in first
    assert "NIP. 19700101 199503 1 001" in first
    assert "Tembusan" in first
    assert "http://testserver/verifikasi/token-uji/" in pages[0].replace("\n", "")
    everything = "\n".join(pages)
    assert "DAFTAR NAMA PENCATATAN PKWT" in pages[1]
    assert "321601******0001" in everything
    assert "321601******0120" in everything
    assert "05/01/2026 s.d." in everything
    for nik, *_rest in data:
        assert nik not in everything
    assert data[0][1] in everything


def test_pages_are_numbered_and_every_appendix_page_has_the_header(rendered_120):
    _data, pdf = rendered_120
    pages = pdf_text(pdf)
    total = len(pages)
    assert total > 2
    for number, text in enumerate(pages, 1):
        assert f"Halaman {number} dari {total}" in text
    for text in pages[1:]:
        assert "Masa berlaku" in text and "Keterangan" in text


def test_each_row_appears_once_in_order(rendered_120):
    _data, pdf = rendered_120
    text = "\n".join(pdf_text(pdf)[1:])
    positions = [text.index(f"321601******{n:04d}") for n in range(1, 121)]
    assert positions == sorted(positions)


def test_metadata_and_page_size(rendered_120):
    _data, pdf = rendered_120
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Surat Keterangan Pencatatan PKWT 500.15/7/PKWT/Disnaker/III/2026"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_row_count_must_match_the_letter():
    with pytest.raises(ValueError, match="tidak sama"):
        render_pkwt_decree(context(5), rows(4))


def test_long_text_is_wrapped_inside_its_column():
    long_name = "Raden Ajeng Siti Nurhaliza Kusumawardhani Prameswari"
    data = rows(1)
    data[0] = (data[0][0], long_name, "X" * 80, data[0][3], data[0][4], 2, "Perpanjangan" * 3)
    pdf = render_pkwt_decree(context(1), data)
    assert "Prameswari" in pdf_text(pdf)[1]
    for line in fit_cell("X" * 80, 60).split("\n"):
        assert len(line) < 80


def test_logo_is_drawn():
    from disnaker.core.tests.files import make_image
    from disnaker.decrees.pdf import Letterhead

    head = Letterhead(
        "Pemerintah Kabupaten Bekasi", "Dinas Ketenagakerjaan", logo=make_image("PNG", (120, 140))
    )
    pdf = render_pkwt_decree(context(2, letterhead=head), rows(2))
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_closing_signature_never_stands_alone_on_a_page():
    # Around one appendix page's capacity the signature stops fitting under the last row: rows move with it.
    for count in range(30, 50):
        pages = pdf_text(render_pkwt_decree(context(count), rows(count)))
        last = pages[-1]
        assert "Hana Kepala" in last, count
        assert f"321601******{count:04d}" in last, count
        assert all(text.strip() for text in pages), count


def test_progress_follows_every_page_to_the_last():
    data = rows(400)
    calls: list[tuple[int, int]] = []
    pdf = render_pkwt_decree(context(400), data, progress=lambda page, pages: calls.append((page, pages)))
    total = len(PdfReader(io.BytesIO(pdf)).pages)
    assert [page for page, _pages in calls] == list(range(1, total + 1))
    assert calls[0][1] in (total, total - 1)  # the estimate, made before layout, is right or one short
    assert calls[-1] == (total, total)
