"""The Tanda Daftar BKK and the SK Penetapan PAK in the head's batch-signing queue (``decrees.batch``): the
office's verified BKK registrations and PAK proposals, signed by :func:`services.bkk_register` and
:func:`services.proposal_appoint` (the same services as their review pages' sign step)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from disnaker.decrees.batch import QueueItem
from disnaker.decrees.constants import DecreeKind

from .constants import BkkStatus, ProposalStatus
from .models import Bkk, PakProposal


def pending_bkk(office) -> list[QueueItem]:
    rows = Bkk.objects.filter(office=office, status=BkkStatus.VERIFIED).order_by("status_changed_at", "pk")
    return [
        QueueItem(
            kind=DecreeKind.BKK_REGISTRATION,
            pk=row.pk,
            label=str(DecreeKind.BKK_REGISTRATION.label),
            subject=row.name,
            detail=f"{row.tracking_code} · {row.institution_name}",
            waiting_since=row.status_changed_at or row.submitted_at,
            url=reverse("placement:office_bkk_review", args=[row.pk]),
            preview_url=reverse("placement:office_bkk_decree_preview", args=[row.pk]),
        )
        for row in rows
    ]


def sign_bkk(pk: int, *, actor, passphrase: str | None = None, request=None):
    from .services import bkk_register

    return bkk_register(bkk=Bkk.objects.get(pk=pk), actor=actor, passphrase=passphrase, request=request)


def pending_proposals(office) -> list[QueueItem]:
    rows = (
        PakProposal.objects.filter(office=office, status=ProposalStatus.VERIFIED)
        .select_related("bkk")
        .annotate(candidate_count=Count("candidates"))
        .order_by("submitted_at", "pk")
    )
    return [
        QueueItem(
            kind=DecreeKind.PAK_APPOINTMENT,
            pk=row.pk,
            label=str(DecreeKind.PAK_APPOINTMENT.label),
            subject=row.bkk.name,
            detail=_("Usulan #%(pk)s · %(n)s calon PAK") % {"pk": row.pk, "n": row.candidate_count},
            waiting_since=row.submitted_at,
            url=reverse("placement:office_proposal_review", args=[row.pk]),
            preview_url=reverse("placement:office_proposal_decree_preview", args=[row.pk]),
        )
        for row in rows
    ]


def sign_proposal(pk: int, *, actor, passphrase: str | None = None, request=None):
    from .services import proposal_appoint

    proposal = PakProposal.objects.get(pk=pk)
    return proposal_appoint(proposal=proposal, actor=actor, passphrase=passphrase, request=request)
