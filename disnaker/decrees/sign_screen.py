"""The head's single-item signing screen (issue 14) for the decrees signed from a review page: the Tanda
Daftar BKK, the SK Penetapan PAK and the bimtek certificates. Same page as the PKWT SK
(``decrees/sign_confirm.html``): GET shows what will happen, the facts, the "Pratinjau" link and, for an
office signing through BSrE, the TTE passphrase; POST signs. A refusal of the signer (a wrong passphrase,
a certificate that is not ISSUE, an outage) comes back next to the passphrase with status 400, and no
number is used (the decree's numbering and signing run in one transaction, ``services.decree_issue``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import SignConfirmForm
from .preview import needs_passphrase


@dataclasses.dataclass
class SignScreen:
    heading: str
    subject: str
    facts: list[tuple[str, Any]]
    what_happens: str
    preview_url: str
    action_url: str
    back_url: str
    submit_label: str


def render_sign_screen(request: HttpRequest, screen: SignScreen, form: SignConfirmForm, *, status: int = 200):
    context = dataclasses.asdict(screen)
    context.update(form=form, needs_passphrase="passphrase" in form.fields)
    return render(request, "decrees/sign_confirm.html", context, status=status)


def sign_form(office, data=None) -> SignConfirmForm:
    return SignConfirmForm(data, needs_passphrase=needs_passphrase(office))


def sign_with_screen(
    request: HttpRequest, *, office, screen: SignScreen, sign: Callable[[str | None], Any]
) -> tuple[Any, HttpResponse | None]:
    """POST of the screen: check the form, call ``sign(passphrase)``. Returns ``(result, None)`` when signed,
    or ``(None, response)``: the screen again (400) with the missing passphrase or the signer's refusal next
    to the field. Other refusals (``PermissionDenied``, ``TransitionNotAllowed``) propagate to the caller."""
    form = sign_form(office, request.POST)
    if not form.is_valid():
        return None, render_sign_screen(request, screen, form, status=400)
    try:
        return sign(form.passphrase_value()), None
    except ValidationError as exc:
        form = sign_form(office, {})
        form.is_valid()
        form.errors.clear()
        form.add_signing_error(exc)
        return None, render_sign_screen(request, screen, form, status=400)
