"""A cheap path for tests that only need a decree to exist.

Rendering a decree's PDF and signing it (pyHanko, an RSA key) takes about half a second a decree. Fixtures
that build a registered BKK, an appointed PAK or a signed PKWT registration as a *starting point* do not
look at the PDF; inside :func:`unsigned_decrees` the real services run as usual (status changes, numbering
under the counter lock, the Decree row, its file in the real private storage, the audit entry), only the
PDF stored is a small blank placeholder instead of the rendered and signed letter.

Tests of the document itself (wording, signature, QR code: test_pdf.py, test_services.py, the decree views)
keep the real path: they never enter this context."""

from __future__ import annotations

import contextlib
import functools

import pytest

from disnaker.core.tests.files import make_pdf

#: Modules that call ``decree_issue`` through their own name for it.
CALLERS = ("disnaker.decrees.services", "disnaker.placement.documents", "disnaker.training.documents")


@functools.cache
def placeholder_pdf() -> bytes:
    return make_pdf()


def _placeholder(_fields) -> bytes:
    return placeholder_pdf()


def _unsigned(pdf: bytes, **_kwargs) -> bytes:
    return pdf


@contextlib.contextmanager
def unsigned_decrees():
    """Decrees issued inside get the placeholder PDF, unrendered and unsigned."""
    import importlib

    from disnaker.decrees import services

    real_issue = services.decree_issue

    @functools.wraps(real_issue)
    def issue(**kwargs):
        return real_issue(**{**kwargs, "render": _placeholder})

    # Import every caller before patching: a module first imported inside would bind the patched name.
    modules = [importlib.import_module(name) for name in CALLERS]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.signing, "sign_pdf", _unsigned)
        for module in modules:
            patch.setattr(module, "decree_issue", issue)
        yield
