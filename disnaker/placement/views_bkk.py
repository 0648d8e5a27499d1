"""BKK pages: the public application, tracking and revision; the office's queue, review and decisions;
the operator's own BKK page."""

from django.http import HttpResponse


def bkk_apply(request):  # placeholder until the BKK pages land
    return HttpResponse(status=501)


bkk_track = bkk_revise = bkk_apply
