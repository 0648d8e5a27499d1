"""The verifier's exception for a worker under 18 (UU 13/2003 Pasal 69–71), from a row of the office's review
page: the form, and the exception's document served only to the office's staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.pages import form_add_validation_error
from disnaker.core.selectors import get_scoped_or_404
from disnaker.core.uploads import private_file_response

from .. import permissions, selectors, services
from ..age_exceptions import NEEDS_AGE_EXCEPTION, age_on, not_exceptable
from ..constants import RegistrationStatus
from ..forms import AgeExceptionForm
from .office import _office_registration, _require


def _contract(request: HttpRequest, registration, contract_pk: int):
    return get_scoped_or_404(selectors.contracts_of(registration), request=request, pk=contract_pk)


@login_required
def office_age_exception(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    """*Pengecualian usia* for one row: the office's staff see it; the registration's verifier records it
    while the registration waits for verification (the service checks and audits)."""
    registration = _office_registration(request, pk)
    contract = _contract(request, registration, contract_pk)
    if NEEDS_AGE_EXCEPTION not in contract.warning_codes.split(","):
        raise Http404
    status = 200
    if request.method == "POST":
        form = AgeExceptionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.age_exception_record(
                    registration=registration,
                    contract=contract,
                    actor=request.user,
                    ground=form.cleaned_data["ground"],
                    reason=form.cleaned_data["reason"],
                    document=form.cleaned_data["document"],
                    request=request,
                )
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Pengecualian usia untuk baris %(row)d dicatat.") % {"row": contract.row}
                )
                return redirect(reverse("pkwt:office_review", args=[registration.pk]) + "#pekerja")
        status = 400
    else:
        form = AgeExceptionForm()
    age = age_on(contract.birth_date, contract.start_date)
    return render(
        request,
        "pkwt/age_exception.html",
        {
            "registration": registration,
            "contract": contract,
            "exception": selectors.age_exception_of(contract),
            "form": form,
            "age": age,
            "refusal": not_exceptable(age),
            "may_record": permissions.can_review_registration(request.user, registration)
            and registration.status == RegistrationStatus.SUBMITTED,
        },
        status=status,
    )


@login_required
def office_age_exception_document(request: HttpRequest, pk: int, contract_pk: int) -> FileResponse:
    """The exception's document, for the staff of the registration's office only; every opening is audited."""
    registration = _office_registration(request, pk)
    _require(request, permissions.can_open_age_exception_document(request.user, registration))
    contract = _contract(request, registration, contract_pk)
    exception = selectors.age_exception_of(contract)
    if exception is None or not exception.document:
        raise Http404
    audit_record(
        action=AuditAction.DOCUMENT_VIEWED, actor=request.user, obj=registration, request=request,
        data={"document": "age_exception", "exception": exception.pk, "row": contract.row},
    )  # fmt: skip
    return private_file_response(
        request,
        exception.document,
        filename=f"{registration.number}-baris-{contract.row}-pengecualian-usia.pdf",
    )
