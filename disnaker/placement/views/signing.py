"""The head's signing screen for the placement decrees (issue 14): the Tanda Daftar BKK (``BKK_FLOW``
step ``setujui``) and the SK Penetapan PAK (``PROPOSAL_FLOW`` step ``tetapkan``). The step's button opens
the decide URL with GET (``Step.link``): the screen of ``decrees/sign_confirm.html``; its form POSTs to
the same URL. An office signing with a PKCS#12 file keeps the plain decide POST (no field to fill); an
office signing through BSrE goes through the passphrase form, the passphrase handed to the step's named
service for this one request (never stored, never queued: docs/bsre.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from disnaker.core.flows import Flow
from disnaker.core.workflow import TransitionNotAllowed
from disnaker.decrees.preview import needs_passphrase
from disnaker.decrees.sign_screen import SignScreen, render_sign_screen, sign_form, sign_with_screen


def sign_step(
    request: HttpRequest,
    *,
    flow: Flow,
    step_name: str,
    obj,
    screen: SignScreen,
    decide: Callable[[], HttpResponse],
    review_error: Callable[[str, int], HttpResponse],
) -> HttpResponse:
    """GET: the screen (or back to the review page with a message when ``obj`` is not the user's to sign
    now). POST: ``decide()`` (the plain decide view) for a PKCS#12 office, the passphrase form for BSrE."""
    step = flow.step(step_name)
    office = obj.office
    if request.method == "GET":
        if not step.may(request.user, obj):
            messages.info(request, _("Ini tidak sedang menunggu tanda tangan Anda."))
            return redirect(screen.back_url)
        return render_sign_screen(request, screen, sign_form(office))
    if not needs_passphrase(office):
        return decide()
    service = import_string(step.service)
    try:
        signed, response = sign_with_screen(
            request,
            office=office,
            screen=screen,
            sign=lambda passphrase: service(
                **{flow.object_arg: obj, "actor": request.user, "request": request, "passphrase": passphrase}
            ),
        )
    except PermissionDenied as exc:
        return review_error(str(exc) or _("Anda tidak berwenang mengambil keputusan ini."), 403)
    except TransitionNotAllowed as exc:
        return review_error(str(exc), 400)
    if response is not None:
        obj.refresh_from_db()
        return response
    messages.success(request, flow.done_message(step, obj))
    return redirect(screen.back_url)
