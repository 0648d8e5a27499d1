"""What an uploaded file really is, from its bytes, and the refusal that names it.

The import reads .xlsx and .ods. Anything else is refused with a message that names the file's real format
(whatever its name says) and tells the clerk what to do in Excel or LibreOffice. Codes stay stable for API
clients: ``not_xlsx_legacy`` for an Excel 97-2003 file, ``macro_workbook`` for a macro workbook,
``password`` for an encrypted one and ``not_xlsx`` for every other format; the ``format`` key of the error
names the format found (``csv``, ``pdf``, ``png``, ``numbers``, ``docx``, ``zip`` ...).
"""

from __future__ import annotations

import codecs
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .excel import FileError
from .ods import MIMETYPE as ODS_MIMETYPE

SAVE_AS = gettext_lazy("Buka di Excel atau LibreOffice, lalu simpan sebagai .xlsx atau .ods.")
USE_TEMPLATE = gettext_lazy(
    "Unduh template dari halaman ini (.xlsx atau .ods), salin data pekerja ke dalamnya, simpan, lalu unggah lagi."
)


class FormatError(FileError):
    def __init__(self, code: str, message: str, fmt: str):
        super().__init__(code, message)
        self.format = fmt

    def as_dict(self) -> dict:
        return {**super().as_dict(), "format": self.format}


def _refuse(fmt: str, what: str, advice: str, code: str = "not_xlsx") -> FormatError:
    return FormatError(code, _("File ini %(what)s. %(advice)s") % {"what": what, "advice": advice}, fmt)


_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "png", "PNG"),
    (b"\xff\xd8\xff", "jpeg", "JPEG"),
    (b"GIF87a", "gif", "GIF"),
    (b"GIF89a", "gif", "GIF"),
    (b"II*\x00", "tiff", "TIFF"),
    (b"MM\x00*", "tiff", "TIFF"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole2(data: bytes) -> FormatError:
    """An OLE2 compound file: Excel 97-2003, a Word 97-2003 document, or an encrypted .xlsx/.xlsm (Excel
    wraps a password-protected workbook in one)."""
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return FormatError(
            "password",
            _(
                "File dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook), "
                "simpan sebagai .xlsx, lalu unggah lagi."
            ),
            "encrypted",
        )
    if _utf16("WordDocument") in data:
        return _refuse("doc", _("dokumen Word 97-2003 (.doc), bukan spreadsheet"), USE_TEMPLATE)
    return _refuse("xls", _("berformat Excel 97-2003 (.xls)"), SAVE_AS, code="not_xlsx_legacy")


def _text(data: bytes) -> str | None:
    """The start of ``data`` as text, or None for binary content."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return head.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    head = head.removeprefix(codecs.BOM_UTF8)
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a character cut at the end of the window
            return head[: exc.start].decode("utf-8")
        return head.decode("cp1252", "replace")


def _from_text(text: str) -> FormatError:
    start = text.lstrip()[:4096].lower()
    if start.startswith("{\\rtf"):
        return _refuse("rtf", _("dokumen RTF, bukan spreadsheet"), USE_TEMPLATE)
    if "urn:schemas-microsoft-com:office:spreadsheet" in start:
        return _refuse("xml2003", _("berformat Excel 2003 XML (.xml)"), SAVE_AS)
    if "urn:oasis:names:tc:opendocument" in start:
        return _refuse("fods", _("berformat OpenDocument datar (.fods)"), SAVE_AS)
    if start.startswith(("<!doctype html", "<html")) or "<table" in start:
        # Many web systems export "Excel" that is really an HTML page with an .xls name.
        return _refuse("html", _("halaman web (HTML) yang diberi nama file Excel"), SAVE_AS)
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    if lines and any(sep in lines[0] for sep in (",", ";", "\t", "|")):
        return _refuse(
            "csv",
            _("berformat CSV (teks yang dipisah koma, titik koma atau tab)"),
            _(
                "CSV tidak diterima karena NIK 16 digit di dalamnya mudah berubah menjadi angka. Salin datanya ke "
                "template dari halaman ini (kolom NIK berformat Teks), simpan sebagai .xlsx atau .ods, lalu "
                "unggah lagi."
            ),
        )
    return _refuse("text", _("teks biasa, bukan spreadsheet"), USE_TEMPLATE)


def not_a_zip(data: bytes) -> FormatError:
    """The refusal for a file that is not a zip (.xlsx and .ods both are)."""
    if not data:
        return _refuse("empty", _("kosong (0 byte)"), USE_TEMPLATE)
    if data.startswith(_OLE2):
        return _ole2(data)
    if data.startswith(b"%PDF"):
        return _refuse(
            "pdf",
            _("dokumen PDF, bukan spreadsheet"),
            _(
                "Daftar pekerja tidak dapat dibaca dari PDF. Isi template dari halaman ini di Excel atau "
                "LibreOffice, simpan sebagai .xlsx atau .ods, lalu unggah lagi."
            ),
        )
    for magic, fmt, name in _IMAGES:
        if data.startswith(magic):
            return _image(fmt, name)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _image("webp", "WebP")
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return _image("heic", "HEIC")
    if data[:2] == b"BM" and len(data) > 26:
        return _image("bmp", "BMP")
    if data.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return _refuse("archive", _("arsip terkompresi (RAR, 7z atau gzip)"), _archive_advice())
    text = _text(data)
    if text is not None:
        return _from_text(text)
    return _refuse("unknown", _("bukan spreadsheet yang dikenali (.xlsx atau .ods)"), SAVE_AS)


def _image(fmt: str, name: str) -> FormatError:
    return _refuse(
        fmt,
        _("gambar %(name)s, bukan spreadsheet") % {"name": name},
        _(
            "Foto atau tangkapan layar daftar pekerja tidak dapat dibaca. Ketik datanya ke template dari "
            "halaman ini, simpan sebagai .xlsx atau .ods, lalu unggah lagi."
        ),
    )


def _archive_advice() -> str:
    return _("Ekstrak dulu arsipnya, lalu unggah file .xlsx atau .ods di dalamnya.")


def _mimetype(archive: zipfile.ZipFile, names: set[str]) -> bytes:
    if "mimetype" not in names:
        return b""
    with archive.open("mimetype") as stream:
        return stream.read(200).strip()


def zip_kind(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str:
    """``"xlsx"`` or ``"ods"`` for a zip the import reads (a macro .xlsm counts as xlsx here: its own
    refusal comes with the inspection); any other zip is refused with what it is."""
    names = {e.filename for e in entries}
    try:
        mimetype = _mimetype(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        mimetype = b""
    if mimetype in (ODS_MIMETYPE, ODS_MIMETYPE + b"-template"):
        return "ods"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        kind = mimetype.rsplit(b".", 1)[-1].decode("ascii", "replace")
        label = {"text": "Writer (.odt)", "presentation": "Impress (.odp)", "graphics": "Draw (.odg)"}
        return _raise(
            _refuse(
                "od" + kind[:1],
                _("dokumen LibreOffice %(kind)s, bukan spreadsheet") % {"kind": label.get(kind, kind)},
                USE_TEMPLATE,
            )
        )
    if "xl/workbook.bin" in names:
        return _raise(_refuse("xlsb", _("berformat Excel Binary Workbook (.xlsb)"), SAVE_AS))
    if "word/document.xml" in names:
        return _raise(_refuse("docx", _("dokumen Word (.docx), bukan spreadsheet"), USE_TEMPLATE))
    if "ppt/presentation.xml" in names:
        return _raise(_refuse("pptx", _("presentasi PowerPoint (.pptx), bukan spreadsheet"), USE_TEMPLATE))
    if any(name.startswith("Index/") and name.endswith(".iwa") for name in names) or "Index.zip" in names:
        return _raise(
            _refuse(
                "numbers",
                _("berformat Apple Numbers (.numbers)"),
                _(
                    "Di Numbers pilih File > Ekspor Ke > Excel, simpan sebagai .xlsx (atau buka di LibreOffice dan "
                    "simpan sebagai .ods), lalu unggah lagi."
                ),
            )
        )
    inside = sorted({name.rsplit(".", 1)[-1].lower() for name in names if "." in name.rsplit("/", 1)[-1]})
    if {"xlsx", "ods"} & set(inside):
        return _raise(_refuse("zip", _("arsip zip yang berisi file spreadsheet"), _archive_advice()))
    return _raise(
        _refuse(
            "zip",
            _(
                "arsip zip biasa (%(count)d file di dalamnya), bukan workbook Excel atau spreadsheet LibreOffice"
            )
            % {"count": len(names)},
            USE_TEMPLATE,
        )
    )


def _raise(error: FormatError):
    raise error
