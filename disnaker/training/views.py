"""Bimtek pages: the office's list, record/edit, invitations, attendance and certificates; the PAK's
*Pelatihan Saya*; and the certificate PDF for whoever may see it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction, OfficeLevel
from disnaker.core.pages import form_add_validation_error as _apply_errors
from disnaker.core.pages import querystring_without_page as _querystring
from disnaker.core.pages import render_queue
from disnaker.core.selectors import get_scoped_or_404, offices_under
from disnaker.core.uploads import private_file_response
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.preview import needs_passphrase, preview_response
from disnaker.decrees.services import decree_valid_for
from disnaker.decrees.sign_screen import SignScreen, render_sign_screen, sign_form, sign_with_screen

from . import documents, permissions, selectors, services
from .constants import Attendance
from .forms import InviteFilterForm, ListFilterForm, TrainingForm

INVITE_PAGE_SIZE = 50
#: "Undang semua hasil pencarian" invites at most this many PAK at once.
INVITE_ALL_LIMIT = 2000


def _deny(request: HttpRequest, obj=None) -> None:
    audit_record(action=AuditAction.ACCESS_DENIED, actor=request.user, obj=obj, request=request,
                 data={"path": request.path})  # fmt: skip
    raise PermissionDenied


def _require_viewer(request: HttpRequest) -> None:
    if not permissions.can_view_trainings(request.user):
        _deny(request)


def _training(request: HttpRequest, pk: int):
    _require_viewer(request)
    return get_scoped_or_404(selectors.trainings_with_office(user=request.user), request=request, pk=pk)


def _managed(request: HttpRequest, pk: int):
    training = _training(request, pk)
    if not permissions.can_manage(request.user, training):
        _deny(request, training)
    return training


def _managed_while(request: HttpRequest, pk: int, allowed, refusal: str):
    """The managed training and ``None``, or, when ``allowed(training)`` is false, the training and a redirect
    to its page with ``refusal`` as a warning."""
    training = _managed(request, pk)
    if not allowed(training):
        messages.warning(request, refusal)
        return training, redirect("training:detail", pk=training.pk)
    return training, None


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = ListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.training_list(
        user=request.user, query=filters.get("q", ""), phase=filters.get("tahap", "")
    )
    page = Paginator(rows, 25).get_page(request.GET.get("halaman"))
    today = timezone.localdate()
    for training in page:
        training.current_phase = training.phase(today)
        training.own = training.office_id == request.user.office_id
    return render_queue(
        request,
        "training/list.html",
        "training/_list_rows.html",
        {"form": form, "page": page, "querystring": _querystring(request),
         "can_record": permissions.can_record(request.user)},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
def training_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_record(request.user):
        _deny(request)
    form = TrainingForm(request.POST if request.method == "POST" else None, office=request.user.office)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(actor=request.user, data=form.cleaned_data, request=request)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Bimtek dicatat. Sekarang undang PAK sebagai peserta."))
            return redirect("training:invite", pk=training.pk)
    return render(request, "training/form.html", {"form": form, "training": None},
                  status=400 if form.is_bound and form.errors else 200)  # fmt: skip


@login_required
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training, back = _managed_while(
        request, pk, lambda t: t.is_editable(), _("Bimtek yang sudah selesai tidak dapat diubah.")
    )
    if back is not None:
        return back
    form = TrainingForm(
        request.POST if request.method == "POST" else None, instance=training, office=training.office
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_update(
                training=training, actor=request.user, data=form.cleaned_data, request=request
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Perubahan bimtek disimpan."))
            return redirect("training:detail", pk=training.pk)
    training.refresh_from_db()
    return render(request, "training/form.html", {"form": form, "training": training},
                  status=400 if form.is_bound and form.errors else 200)  # fmt: skip


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    user = request.user
    participants = selectors.participants_seen_by(training, user=user)
    page = Paginator(participants, 100).get_page(request.GET.get("halaman"))
    rows = selectors.with_certificates(page.object_list)
    counts = selectors.participant_counts(training)
    today = timezone.localdate()
    manage = permissions.can_manage(user, training)
    return render(
        request,
        "training/detail.html",
        {
            "training": training,
            "page": page,
            "rows": rows,
            "counts": counts,
            "certificates_running": services.certificates_running(training),
            "phase": training.phase(today),
            "can_manage": manage,
            "can_edit": manage and training.is_editable(today),
            "can_record_attendance": manage and training.has_started(today),
            "can_remove": manage and not training.has_started(today),
            "can_sign": permissions.can_sign_certificates(user, training) and today >= training.end_date,
            "is_head": permissions.can_sign_certificates(user, training),
        },
    )


@login_required
def training_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose appointed PAK in the office's scope: search by name or BKK, tick, invite (or invite all found)."""
    training, back = _managed_while(
        request,
        pk,
        lambda t: t.is_editable(),
        _("Bimtek yang sudah selesai tidak dapat menerima peserta baru."),
    )
    if back is not None:
        return back
    offices = offices_under(training.office) if training.office.level == OfficeLevel.PROVINCE else None
    source = request.POST if request.method == "POST" else request.GET
    form = InviteFilterForm(source, offices=offices)
    filters = form.cleaned_data if form.is_valid() else {}
    candidates = selectors.invitable_officers(
        user=request.user, training=training, query=filters.get("q", ""), office=filters.get("kantor")
    )
    if request.method == "POST" and not form.errors:
        _invite_posted(request, training, candidates)
        query = {"q": filters["q"]} if filters.get("q") else {}
        if filters.get("kantor"):
            query["kantor"] = filters["kantor"].pk
        url = reverse("training:invite", args=[training.pk])
        return redirect(f"{url}?{urlencode(query)}" if query else url)
    page = Paginator(candidates, INVITE_PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "training": training,
        "form": form,
        "page": page,
        "querystring": _querystring(request),
        "invited_count": selectors.invited_count(training),
        "filtered": bool(filters.get("q") or filters.get("kantor")),
    }
    return render_queue(request, "training/invite.html", "training/_invite_rows.html", context,
                        status=400 if form.errors else 200)  # fmt: skip


def _invite_posted(request: HttpRequest, training, candidates) -> None:
    if request.POST.get("action") == "semua":
        chosen = selectors.officer_ids(candidates, INVITE_ALL_LIMIT + 1)
        if len(chosen) > INVITE_ALL_LIMIT:
            messages.error(request, _("Hasil pencarian terlalu banyak; persempit pencarian."))
            return
    else:
        chosen = [v for v in request.POST.getlist("pak") if v.isdigit()]
    if not chosen:
        messages.error(request, _("Pilih minimal satu PAK untuk diundang."))
        return
    try:
        new = services.training_invite(
            training=training, actor=request.user, officers=chosen, request=request
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("%(n)s PAK diundang; undangan dikirim lewat e-mail.") % {"n": len(new)})


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    training = _managed(request, pk)
    participant = get_scoped_or_404(
        selectors.participants_with_officer(training), request=request, pk=participant_pk
    )
    try:
        services.participant_remove(participant=participant, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("Undangan untuk %(name)s dibatalkan.") % {"name": participant.officer.name}
        )
    return redirect("training:detail", pk=training.pk)


@login_required
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """*Catat kehadiran*: hadir / tidak hadir per participant, from the start date on."""
    training, back = _managed_while(
        request, pk, lambda t: t.has_started(), _("Kehadiran dicatat mulai tanggal bimtek.")
    )
    if back is not None:
        return back
    participants = selectors.with_certificates(selectors.participants_of(training))
    if request.method == "POST":
        if request.POST.get("action") == "semua_hadir":
            marks = {p.pk: Attendance.PRESENT for p in participants if not p.attendance}
        else:
            marks = {p.pk: request.POST.get(f"hadir-{p.pk}", "") for p in participants}
        try:
            changed = services.attendance_record(
                training=training, actor=request.user, marks=marks, request=request
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Kehadiran disimpan (%(n)s perubahan).") % {"n": changed})
            return redirect("training:detail", pk=training.pk)
    return render(request, "training/attendance.html", {"training": training, "participants": participants,
                                                        "Attendance": Attendance})  # fmt: skip


def _sign_screen(training, pending) -> SignScreen:
    return SignScreen(
        heading=_("Terbitkan dan tandatangani sertifikat bimtek"),
        subject=training.title,
        facts=[(_("Bimtek"), training.title), (_("Sertifikat yang akan diterbitkan"), len(pending))],
        what_happens=_(
            "Setiap peserta yang hadir menerima satu sertifikat bernomor, ditandatangani atas nama Kepala Dinas "
            "dengan kode QR verifikasi, dan e-mail pemberitahuan. Nomor sertifikat tidak dapat dibatalkan."
        ),
        preview_url=reverse("training:certificate_preview", args=[pending[0].pk]) if pending else "",
        action_url=reverse("training:certificates_issue", args=[training.pk]),
        back_url=reverse("training:detail", args=[training.pk]),
        submit_label=_("Terbitkan dan tandatangani %(n)s sertifikat") % {"n": len(pending)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """*Terbitkan sertifikat* (the recording office's head): GET the signing screen (issue 14: what will
    happen, the preview of the first certificate, the BSrE passphrase for an office signing through BSrE),
    POST to sign. A refusal of the signer shows next to the passphrase; no number is used."""
    training = _training(request, pk)
    if not permissions.can_sign_certificates(request.user, training):
        _deny(request, training)
    office = selectors.organising_office(training)
    pending = services.certificates_pending(training)
    screen = _sign_screen(training, pending)
    if request.method == "GET":
        if not pending:
            messages.info(request, _("Tidak ada sertifikat yang menunggu tanda tangan."))
            return redirect("training:detail", pk=training.pk)
        return render_sign_screen(request, screen, sign_form(office))
    if needs_passphrase(office):
        issued, response = sign_with_screen(
            request,
            office=office,
            screen=screen,
            sign=lambda passphrase: services.certificates_issue_or_queue(
                training=training, actor=request.user, request=request, passphrase=passphrase
            ),
        )
        if response is not None:
            return response
        _issued_message(request, issued)
        return redirect("training:detail", pk=training.pk)
    try:
        issued = services.certificates_issue_or_queue(training=training, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        _issued_message(request, issued)
    return redirect("training:detail", pk=training.pk)


def _issued_message(request: HttpRequest, issued) -> None:
    if issued is None:
        messages.info(
            request, _("Sertifikat sedang diterbitkan di latar belakang; halaman ini menghitungnya.")
        )
    elif issued:
        messages.success(request, _("%(n)s sertifikat diterbitkan dan ditandatangani.") % {"n": len(issued)})
    else:
        messages.info(request, _("Semua peserta yang hadir sudah memiliki sertifikat."))


@login_required
def certificate_pdf(request: HttpRequest, participant_pk: int) -> FileResponse:
    participant = get_scoped_or_404(
        selectors.certificate_participants_visible_to(user=request.user),
        request=request,
        pk=participant_pk,
    )
    decree = decree_valid_for(participant, DecreeKind.TRAINING_CERTIFICATE)
    if decree is None:
        raise Http404
    audit_record(action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=participant.training, request=request,
                 data={"document": "training_certificate", "decree": decree.pk})  # fmt: skip
    filename = "Sertifikat-" + "".join(ch if ch.isalnum() else "-" for ch in decree.number) + ".pdf"
    return private_file_response(request, decree.pdf, filename=filename)


@login_required
def certificate_preview(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """*Pratinjau sertifikat* (issue 14): as it will be issued, marked DRAFT, unnumbered, unsigned, inline;
    the organising office's head and verifiers (``decrees.preview``), before the certificate is issued."""
    participant = get_scoped_or_404(
        selectors.certificate_participants_visible_to(user=request.user), request=request, pk=participant_pk
    )
    if decree_valid_for(participant, DecreeKind.TRAINING_CERTIFICATE) is not None:
        raise Http404
    pdf = documents.certificate_preview(participant, request.user, request=request)
    return preview_response(pdf, filename=f"Pratinjau-Sertifikat-{participant.pk}.pdf")


@login_required
def my_trainings(request: HttpRequest) -> HttpResponse:
    """*Pelatihan Saya*: the PAK's invitations, attendance and certificates."""
    if not permissions.can_view_own_trainings(request.user):
        _deny(request)
    rows = selectors.participations_of_user(request.user)
    today = timezone.localdate()
    for row in rows:
        row.current_phase = row.training.phase(today)
    return render(request, "training/my_trainings.html", {"rows": rows})
