"""The PKWT pages, by audience: ``company`` (*Permohonan*, *Tambah Permohonan PKWT* with *Import Excel*,
*Ajukan Permohonan*, *Lihat Progress*, *Lihat PDF*) and ``office`` (the queue, the review and its steps, the
signature, the dashboard; read-only for the province and the ministry). Every view is importable from here."""

from ._common import (  # noqa: F401
    _registration,
)
from ._consts import (  # noqa: F401
    DOCX,
    ODS,
    REPORT_LIMIT,
    XLSX,
)
from .age_exceptions import (  # noqa: F401
    office_age_exception,
    office_age_exception_document,
)
from .company import (  # noqa: F401
    _decree_of,
    _edit_context,
    _report_context,
    _require_company,
    _require_personal_data_access,
    import_annotated,
    import_report_json,
    import_status,
    letter_download,
    registration_add,
    registration_decree,
    registration_decree_pdf,
    registration_detail,
    registration_document,
    registration_edit,
    registration_list,
    template_download,
    template_ods_download,
)
from .compensation import (  # noqa: F401
    compensation_overview,
    office_contracts_export,
)
from .office import (  # noqa: F401
    _office_registration,
    _render_review,
    _require,
    _require_monitor,
    _require_staff,
    _with_age,
    office_dashboard,
    office_decide,
    office_decree_preview,
    office_queue,
    office_release,
    office_reveal_nik,
    office_review,
    office_revoke,
    office_sign,
    office_signing_status,
    office_take,
)
from .worker_check import worker_check_page  # noqa: F401
