"""Writes for BKK and PAK: applications, the office's decisions, decrees, invitations, profiles, the
province's verification and the reports to the province.

Every decision re-reads its object with ``select_for_update()`` and checks the actor's role and office
inside the transaction, so two clicks or two officers cannot both pass. E-mails go through the outbox
and leave only after the commit.

One module per subject (``bkk``, ``proposal``, ``profile``, ``province_report``); this package re-exports their
public names, so ``from disnaker.placement.services import bkk_verify`` keeps working.
"""

from ._common import (
    regency_office_for,
    validate_candidate_nik,
    validate_npsn,
)
from .bkk import (
    BKK_DOCUMENTS,
    BKK_FIELDS,
    REPORT_REMINDER_EVERY_DAYS,
    REVISION_LINK_RESEND_MINUTES,
    bkk_apply,
    bkk_close,
    bkk_deactivate,
    bkk_propose_inactivation,
    bkk_propose_inactivation_per_office,
    bkk_reactivate,
    bkk_register,
    bkk_reject,
    bkk_rejected_files_purge,
    bkk_request_revision,
    bkk_resend_revision_link,
    bkk_resubmit,
    bkk_return_to_verifier,
    bkk_revoke,
    bkk_send_report_reminders,
    bkk_verify,
)
from .profile import (
    PROFILE_FIELDS,
    PROFILE_OFFICER_FIELDS,
    invitation_accept,
    invitation_resend,
    invitation_token,
    invitation_user,
    profile_missing,
    profile_reject,
    profile_save,
    profile_submit,
    profile_verify,
)
from .proposal import (
    candidate_remove,
    candidate_save,
    officer_end_appointment,
    proposal_appoint,
    proposal_open,
    proposal_problems,
    proposal_reject,
    proposal_request_revision,
    proposal_return_to_verifier,
    proposal_submit,
    proposal_verify,
    requirements_for,
)
from .province_report import (
    province_report_mark_read,
    province_report_send,
    report_default_officers,
)

__all__ = [
    "BKK_DOCUMENTS",
    "BKK_FIELDS",
    "PROFILE_FIELDS",
    "PROFILE_OFFICER_FIELDS",
    "REPORT_REMINDER_EVERY_DAYS",
    "REVISION_LINK_RESEND_MINUTES",
    "bkk_apply",
    "bkk_close",
    "bkk_deactivate",
    "bkk_propose_inactivation",
    "bkk_propose_inactivation_per_office",
    "bkk_reactivate",
    "bkk_register",
    "bkk_reject",
    "bkk_rejected_files_purge",
    "bkk_request_revision",
    "bkk_resend_revision_link",
    "bkk_resubmit",
    "bkk_return_to_verifier",
    "bkk_revoke",
    "bkk_send_report_reminders",
    "bkk_verify",
    "candidate_remove",
    "candidate_save",
    "invitation_accept",
    "invitation_resend",
    "invitation_token",
    "invitation_user",
    "officer_end_appointment",
    "profile_missing",
    "profile_reject",
    "profile_save",
    "profile_submit",
    "profile_verify",
    "proposal_appoint",
    "proposal_open",
    "proposal_problems",
    "proposal_reject",
    "proposal_request_revision",
    "proposal_return_to_verifier",
    "proposal_submit",
    "proposal_verify",
    "province_report_mark_read",
    "province_report_send",
    "regency_office_for",
    "report_default_officers",
    "requirements_for",
    "validate_candidate_nik",
    "validate_npsn",
]
