"""BKK and PAK forms: ``bkk`` (the application, tracking, the office's decisions and queue filter, and the
application's kept documents) and ``pak`` (proposals, notes, the PAK's invitation and profile, the report).
This package re-exports their public names."""

from .bkk import (
    DOCUMENTS,
    KEPT_MAX_AGE,
    KEPT_PREFIX,
    KEPT_SALT,
    QUEUE_FLAGS,
    BkkApplicationForm,
    BkkDataForm,
    BkkDecisionForm,
    BkkQueueFilterForm,
    BkkRevisionForm,
    BkkTrackForm,
    discard_kept,
    discard_stale_kept,
    keep_document,
    kept_document,
)
from .epak import EpakStatusForm, EpakUploadForm
from .pak import (
    PROFILE_QUEUE_CHOICES,
    PROPOSAL_QUEUE_CHOICES,
    CandidateForm,
    EndAppointmentForm,
    InvitationPasswordForm,
    NoteForm,
    ProfileForm,
    ProposalLetterForm,
    QueueForm,
    ReportForm,
)

__all__ = [
    "DOCUMENTS",
    "KEPT_MAX_AGE",
    "KEPT_PREFIX",
    "KEPT_SALT",
    "PROFILE_QUEUE_CHOICES",
    "PROPOSAL_QUEUE_CHOICES",
    "QUEUE_FLAGS",
    "BkkApplicationForm",
    "BkkDataForm",
    "BkkDecisionForm",
    "BkkQueueFilterForm",
    "BkkRevisionForm",
    "BkkTrackForm",
    "CandidateForm",
    "EndAppointmentForm",
    "EpakStatusForm",
    "EpakUploadForm",
    "InvitationPasswordForm",
    "NoteForm",
    "ProfileForm",
    "ProposalLetterForm",
    "QueueForm",
    "ReportForm",
    "discard_kept",
    "discard_stale_kept",
    "keep_document",
    "kept_document",
]
