"""PAK pages: proposals by the BKK operator, the office's decision and SK, the invitation and profile,
the province's verification and the report to the province."""

from django.http import HttpResponse


def invitation(request, token):  # placeholder
    return HttpResponse(status=501)


my_profile = proposal_list = proposal_new = proposal_detail = proposal_edit = province_report_detail = (
    invitation
)
