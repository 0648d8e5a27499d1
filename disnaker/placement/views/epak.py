"""The e-pengantarkerja channel's pages: recording one PAK's status (on the PAK's page) and uploading the list
exported from e-pengantarkerja (preview, then apply on confirmation)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disnaker.core.selectors import get_scoped_or_404

from .. import channel, permissions, selectors, services
from ..forms import EpakStatusForm, EpakUploadForm
from ._common import DECISION_ERRORS, _deny, _messages_of


def _require_epak() -> None:
    if not channel.is_epak():
        raise Http404


@login_required
@require_POST
def officer_epak_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what e-pengantarkerja shows for one PAK (the form on the PAK's page asks for confirmation)."""
    from .office_pak import office_officer

    _require_epak()
    officer = get_scoped_or_404(selectors.officer_for_page(user=request.user), request=request, pk=pk)
    if not permissions.can_record_epak_status(request.user, officer):
        _deny(request)
    profile = selectors.pak_profile_for(officer)
    if profile is None:
        raise Http404
    form = EpakStatusForm(request.POST)
    if form.is_valid():
        try:
            services.epak_status_record(profile=profile, actor=request.user, status=form.cleaned_data["status"],
                                        note=form.cleaned_data["note"], request=request)  # fmt: skip
        except DECISION_ERRORS as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Status e-pengantarkerja %(name)s dicatat: %(status)s.")
                             % {"name": officer.name, "status": channel.status_label(form.cleaned_data["status"])})  # fmt: skip
            return redirect("placement:office_officer", officer.pk)
    return office_officer(request, pk, epak_form=form)


@login_required
def epak_upload(request: HttpRequest) -> HttpResponse:
    """Upload the Excel exported from e-pengantarkerja (NIK and status): a preview of every change, then
    *Terapkan* applies all of it (or nothing, when anything is wrong)."""
    _require_epak()
    if not permissions.can_upload_epak_statuses(request.user):
        _deny(request)
    form = EpakUploadForm()
    preview = None
    status = 200
    if request.method == "POST" and "token" in request.POST:
        try:
            result = services.epak_upload_apply(
                token=request.POST["token"], actor=request.user, request=request
            )
        except DECISION_ERRORS as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
            return redirect("placement:epak_upload")
        messages.success(
            request, _("Status e-pengantarkerja %(rows)d PAK dicatat; %(changed)d berubah.") % result
        )
        return redirect("placement:epak_upload")
    if request.method == "POST":
        form = EpakUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            preview = services.epak_upload_preview(
                data=upload.read(), file_name=upload.name, actor=request.user
            )
            status = 400 if preview.errors else 200
        else:
            status = 400
    return render(request, "placement/epak_upload.html", {
        "form": form, "preview": preview, "epak_url": settings.E_PENGANTARKERJA_URL,
        "stale_days": settings.EPAK_STATUS_STALE_DAYS,
    }, status=status)  # fmt: skip
