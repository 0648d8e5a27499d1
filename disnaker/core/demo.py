"""What the apps' demo data (``<app>/demo.py``, run by the portal's ``manage.py seed_demo``) share."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def blank_pdf() -> bytes:
    """One blank A4 page: a document upload that passes the PDF checks."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
