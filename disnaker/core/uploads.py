"""Private uploads: content checks, re-encoding and server-generated names.

Nothing here trusts a file's name or the browser's declared type. A PDF must start like a PDF and parse;
it may not be encrypted, carry JavaScript, or act on its own: no action that runs when it is opened or a page
is shown (an ``/OpenAction`` action or any ``/AA``, whatever its type, ``/URI`` included), and no action anywhere
that sends data, opens another file or starts a program (``/SubmitForm``, ``/GoToR``, ``/GoToE``, ``/Launch``,
``/ImportData``). Two things stay allowed because ordinary letters have them: an ``/OpenAction`` that is only a
destination (LibreOffice's PDF export writes "open at page 1"), and a link to a web or e-mail address that the
reader clicks (``/URI`` in a link: Word and LibreOffice turn the letterhead's e-mail address into one); an
officer opening the document is still taken nowhere. An image must be a real PNG or JPEG
within the pixel limit; it is decoded and re-encoded, which drops EXIF/GPS and any trailing payload.
"""

from __future__ import annotations

import io
import re
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import models
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF_MIME = "application/pdf"
IMAGE_MIMES = {"PNG": "image/png", "JPEG": "image/jpeg"}
# Keys that make a PDF run code, act on its own when opened or viewed, or carry other files.
# (``/OpenAction`` is refused unless it is a plain destination: see :func:`_pdf_active_content`.)
_FORBIDDEN_PDF_KEYS = {
    "/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/RichMedia", "/XFA", "/AA",
}  # fmt: skip
# Action types (``/S``) that run code, send the form, or open another file or program, even on a click.
_FORBIDDEN_PDF_ACTIONS = {
    "/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/SubmitForm", "/GoToR", "/GoToE",
}  # fmt: skip
# What the refusal calls each of them, so the uploader knows what to remove.
_PDF_FINDING_LABELS = {
    "/OpenAction": _lazy("perintah yang berjalan saat dokumen dibuka (OpenAction)"),
    "/AA": _lazy("perintah otomatis pada halaman atau isian (AA)"),
    "/JS": _lazy("skrip JavaScript"),
    "/JavaScript": _lazy("skrip JavaScript"),
    "/Launch": _lazy("perintah menjalankan program (Launch)"),
    "/SubmitForm": _lazy("pengiriman isian formulir ke alamat lain (SubmitForm)"),
    "/GoToR": _lazy("tautan ke berkas lain (GoToR)"),
    "/GoToE": _lazy("tautan ke berkas sisipan (GoToE)"),
    "/URI": _lazy("tautan ke situs web (URI)"),
    "/ImportData": _lazy("impor data dari berkas lain (ImportData)"),
    "/EmbeddedFile": _lazy("berkas sisipan (EmbeddedFile)"),
    "/RichMedia": _lazy("media sisipan (RichMedia)"),
    "/RichMediaExecute": _lazy("media sisipan (RichMedia)"),
    "/XFA": _lazy("formulir XFA"),
    "/TooComplex": _lazy("struktur yang terlalu rumit untuk diperiksa"),
}
_PDF_WALK_LIMIT = 200_000


class CurrentPrivateStorage(Storage):
    """Always the *current* ``storages["private"]``.

    A FileField calls a callable ``storage`` once, when the model class is built, and keeps what it
    returns; a later change of ``STORAGES`` (the test suite points "private" at a temporary folder per
    test) would not reach it. This proxy looks the storage up on every use, so it does."""

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["private"], name)


def private_storage() -> Storage:
    return CurrentPrivateStorage()


@deconstructible
class PrivateUploadTo:
    """An ``upload_to`` that ignores the client's file name: ``prefix/YYYY/MM/<uuid>.<ext>``."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        ext = PurePath(filename).suffix.lower()
        if ext not in {".pdf", ".png", ".jpg"}:
            ext = ""
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix


def private_file_field(label, prefix: str, *, blank: bool = False) -> models.FileField:
    """A model field for a private upload: private storage, files under ``<prefix>/`` with random names."""
    return models.FileField(
        label, storage=private_storage, upload_to=PrivateUploadTo(prefix), max_length=200, blank=blank
    )


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    extension: str
    mime: str


def _read_capped(upload, label: str) -> bytes:
    limit = settings.UPLOAD_DOCUMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("%(label)s terlalu besar (%(size)s). Ukuran maksimum %(limit)s.")
            % {"label": label, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(label)s terlalu besar. Ukuran maksimum %(limit)s.")
            % {"label": label, "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("%(label)s kosong.") % {"label": label}, code="empty")
    return data


def _pdf_active_content(reader: PdfReader) -> str | None:
    """Walk every object reachable from the trailer; return the first forbidden name found."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    steps = 0
    while stack:
        steps += 1
        if steps > _PDF_WALK_LIMIT:
            return "/TooComplex"
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in _FORBIDDEN_PDF_KEYS:
                    return str(name)
                if name == "/OpenAction" and not isinstance(value.get_object(), ArrayObject):
                    # A destination array only says which page to show first; a dictionary is an action run
                    # at opening, refused whatever its type (an automatic /URI opens a web site unasked).
                    return "/OpenAction"
                if name == "/S" and isinstance(value, NameObject) and value in _FORBIDDEN_PDF_ACTIONS:
                    return str(value)
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


_DELIMITER = rb"(?=[\s/<>\[\]()%]|$)"
# Long names are looked for in every byte: they do not turn up in compressed data by chance.
_RAW_ACTIVE = re.compile(
    rb"/(JavaScript|Launch|SubmitForm|GoToR|GoToE|ImportData)"
    + _DELIMITER
    # An /OpenAction that is not written inline as a destination array.
    + rb"|/(OpenAction)(?!\s*\[)"
    + _DELIMITER
)
# Short ones only outside stream data, where a scan's compressed image would match "/AA" now and then.
_RAW_ACTIVE_SHORT = re.compile(rb"/(AA|JS)" + _DELIMITER)
_STREAM_DATA = re.compile(rb"stream(?:\r\n|\n|\r).*?endstream", re.DOTALL)


def _raw_active_content(data: bytes) -> str | None:
    """Catch action names in objects not reachable from the trailer (incremental-update tricks)."""
    match = _RAW_ACTIVE.search(data) or _RAW_ACTIVE_SHORT.search(_STREAM_DATA.sub(b"stream endstream", data))
    return "/" + next(group for group in match.groups() if group).decode() if match else None


def clean_pdf(upload, *, label: str) -> CleanFile:
    """Accept a real, unencrypted PDF that runs no script and takes no action on its own (see the module's
    docstring), or raise ``ValidationError``."""
    data = _read_capped(upload, label)
    if b"%PDF-" not in data[:1024]:
        raise ValidationError(
            _(
                "%(label)s bukan berkas PDF (isi berkas tidak diawali tanda PDF). Unggah dokumen dalam format PDF."
            )
            % {"label": label},
            code="not_pdf",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("%(label)s terkunci kata sandi/terenkripsi. Unggah PDF tanpa kata sandi.")
                    % {"label": label},
                    code="pdf_encrypted",
                )
            if len(reader.pages) < 1:
                raise ValidationError(
                    _("%(label)s tidak berisi halaman.") % {"label": label}, code="pdf_empty"
                )
            forbidden = _pdf_active_content(reader) or _raw_active_content(data)
    except ValidationError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
    ):
        raise ValidationError(
            _(
                "%(label)s rusak atau tidak dapat dibaca sebagai PDF. Simpan ulang dokumen sebagai PDF lalu unggah lagi."
            )
            % {"label": label},
            code="pdf_broken",
        ) from None
    if forbidden:
        raise ValidationError(
            _(
                "%(label)s berisi skrip, tautan atau perintah otomatis yang tidak diizinkan: %(name)s. "
                "Pindai ulang dokumen, atau cetak ulang ke PDF biasa tanpa tautan, lalu unggah lagi."
            )
            % {"label": label, "name": _PDF_FINDING_LABELS.get(forbidden, forbidden.lstrip("/"))},
            code="pdf_active_content",
        )
    return CleanFile(content=data, extension=".pdf", mime=PDF_MIME)


def clean_image(upload, *, label: str) -> CleanFile:
    """Accept a real PNG or JPEG within the pixel limit and return it re-encoded without metadata."""
    data = _read_capped(upload, label)
    max_pixels = settings.UPLOAD_IMAGE_MAX_PIXELS
    too_big = ValidationError(
        _(
            "%(label)s terlalu besar dalam piksel (maksimum %(max)s megapiksel). Perkecil gambar lalu unggah lagi."
        )
        % {"label": label, "max": max_pixels // 1_000_000},
        code="image_too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            if image_format not in IMAGE_MIMES:
                raise ValidationError(
                    _("%(label)s harus berupa gambar JPG atau PNG; berkas ini berformat %(format)s.")
                    % {"label": label, "format": image_format or _("tidak dikenal")},
                    code="image_wrong_type",
                )
            width, height = image.size
            if width * height > max_pixels:
                raise too_big
            image.load()
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("%(label)s bukan gambar JPG/PNG yang dapat dibaca.") % {"label": label}, code="image_broken"
        ) from None

    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=88, optimize=True)
        return CleanFile(content=out.getvalue(), extension=".jpg", mime=IMAGE_MIMES["JPEG"])
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    image.save(out, format="PNG", optimize=True)
    return CleanFile(content=out.getvalue(), extension=".png", mime=IMAGE_MIMES["PNG"])


class _CheckedFileField(forms.FileField):
    kind = ""
    accept = ""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = self.accept
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        checked = self.check(upload, label=str(self.label or _("Berkas")))
        return ContentFile(checked.content, name=f"upload{checked.extension}")

    def check(self, upload, *, label: str) -> CleanFile:  # pragma: no cover - abstract
        raise NotImplementedError


class PdfFileField(_CheckedFileField):
    """A form field that accepts only a safe PDF (see :func:`clean_pdf`)."""

    accept = ".pdf,application/pdf"

    def check(self, upload, *, label: str) -> CleanFile:
        return clean_pdf(upload, label=label)


class ImageFileField(_CheckedFileField):
    """A form field that accepts a JPG/PNG and hands back a re-encoded copy (see :func:`clean_image`)."""

    accept = ".jpg,.jpeg,.png,image/jpeg,image/png"

    def check(self, upload, *, label: str) -> CleanFile:
        return clean_image(upload, label=label)


def mime_for_name(name: str) -> str:
    ext = PurePath(name).suffix.lower()
    return {".pdf": PDF_MIME, ".png": "image/png", ".jpg": "image/jpeg"}.get(ext, "application/octet-stream")


def private_file_response(request, file, *, filename: str) -> FileResponse:
    """Serve a private file: as an attachment, or inline with ``?tampil=1``, never cached, framable only
    by this site. Even a validated image is shown in a sandbox (no scripts, no same-origin access); a PDF
    (already checked for scripts) cannot be: Chromium's PDF viewer refuses to run in a sandboxed document."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=request.GET.get("tampil") != "1",
        filename=filename,
        content_type=mime_for_name(file.name),
    )
    if file.name.endswith(".pdf"):
        response["Content-Security-Policy"] = (
            "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'"
        )
    else:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


def retention_cutoff(now=None):
    """Files of refused or abandoned submissions older than this are deleted by the daily job."""
    from datetime import timedelta

    return (now or timezone.now()) - timedelta(days=settings.ABANDONED_UPLOAD_RETENTION_DAYS)


def private_files_purge(*, obj: models.Model, fields, reason: str) -> list[str]:
    """Delete the files in ``fields`` of ``obj`` and blank the fields; the record and its history stay.

    Call inside ``transaction.atomic()``: the fields are blanked in the transaction and the files deleted
    only once it commits, so a rollback loses nothing. The audit entry says which documents went and why
    (``reason``), never what they held. Returns the fields that had a file."""
    from django.db import transaction

    from .audit import audit_record
    from .constants import AuditAction

    emptied = [name for name in fields if getattr(obj, name)]
    if not emptied:
        return []
    files = [(getattr(obj, name).storage, getattr(obj, name).name) for name in emptied]
    type(obj)._base_manager.filter(pk=obj.pk).update(**dict.fromkeys(emptied, ""))
    for name in emptied:
        setattr(obj, name, "")
    audit_record(
        action=AuditAction.UPDATED,
        obj=obj,
        data={
            "files_removed": emptied,
            "reason": reason,
            "retention_days": settings.ABANDONED_UPLOAD_RETENTION_DAYS,
        },
    )

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return emptied


def rejected_files_purge(*, queryset, fields, status: str, reason: str = "rejected") -> int:
    """:func:`private_files_purge` for every row of ``queryset`` (already narrowed to refused rows past the
    retention) that still has a file in ``fields``. Each row is locked and purged in its own transaction, and
    only if it is still in ``status``: a row reopened meanwhile keeps its files. Returns how many rows lost
    files."""
    from django.db import transaction
    from django.db.models import Q

    has_a_file = Q()
    for name in fields:
        has_a_file |= ~Q(**{name: ""})
    purged = 0
    for pk in list(queryset.filter(has_a_file).values_list("pk", flat=True)):
        with transaction.atomic():
            locked = queryset.model._base_manager.select_for_update().get(pk=pk)
            if locked.status == status and private_files_purge(obj=locked, fields=fields, reason=reason):
                purged += 1
    return purged
