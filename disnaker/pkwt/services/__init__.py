"""Writes for PKWT registrations, by subject: ``registration`` (drafts, documents, submission, the office's
review), ``importing`` (the Excel import), ``validation`` (the validator as a function), ``signing`` (the head's
SK), ``compensation`` (the e-mails before contracts end). Every name is importable from here, as it was
from the one module this package replaces."""

from django.utils import timezone  # noqa: F401  (tests freeze ``services.timezone``)

from ..constants import SigningState  # noqa: F401
from ..excel import FileError  # noqa: F401
from ._common import (  # noqa: F401
    _locked_editable,
    _require_company_actor,
)
from .age_exceptions import (  # noqa: F401
    age_exception_problems,
    age_exception_record,
    age_exceptions_drop,
    age_exceptions_required,
    flagged_contracts,
)
from .compensation import (  # noqa: F401
    REMINDER_DAYS,
    compensation_reminders_send,
)
from .importing import (  # noqa: F401
    _CONTRACT_COLUMNS,
    WORKER_LOST,
    _contract_tuple,
    _import_fail,
    _import_progress,
    contracts_replace,
    import_is_stale,
    import_run,
    import_run_safely,
    import_start,
    import_worker_lost,
    superseded_findings_clear,
)
from .registration import (  # noqa: F401
    REGISTRATION_DOCUMENTS,
    _history_conflicts,
    _office_step,
    _purge_registration_files,
    abandoned_files_purge,
    registration_create,
    registration_reject,
    registration_request_revision,
    registration_return_to_verifier,
    registration_set_documents,
    registration_submit,
    registration_verify,
    submission_problems,
)
from .reviewer import (  # noqa: F401
    registration_check_reviewer,
    registration_release,
    registration_take,
    reviewer_blocks,
)
from .signing import (  # noqa: F401
    SIGNING_PROGRESS_EVERY,
    _lock_for_office_actor,
    registration_approve,
    registration_approve_or_queue,
    signing_progress,
    signing_progress_key,
    signing_run,
    signing_worker_lost,
)
from .validation import (  # noqa: F401
    _HISTORY_NIK_CHUNK,
    _NIK_SEPARATORS,
    ValidationOutcome,
    _nik_candidates,
    _validate_workbook,
    company_history,
    gc_paused,
    rule_context,
    validate_workbook,
)
