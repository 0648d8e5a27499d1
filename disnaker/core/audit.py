"""The append-only audit log: one call per login, denial, view of personal data and decision."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from .constants import AuditAction
from .models import AuditLog, Office

P = ParamSpec("P")
R = TypeVar("R")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    office: Office | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditLog:
    """Write one audit entry. Never put a NIK, a password or a wage into ``data``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if office is None:
        office = getattr(obj, "office", None) if obj is not None else None
        if office is None and actor is not None:
            office = getattr(actor, "office", None)
    return AuditLog.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        office=office if isinstance(office, Office) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request),
        data=_storable(data or {}),
    )


def _storable(value):
    """``data`` often holds what a request sent (a path, a document name). PostgreSQL's jsonb refuses a NUL
    character, which would turn a stranger's ``%00`` into a 500 while recording a denial; it is kept visible
    as U+FFFD instead."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


# --- Refusals inside services ----------------------------------------------------------------------------------
#
# A service checks its actor, often right after locking the row inside its own ``transaction.atomic()``. A
# plain audit row written there would vanish with the rollback the refusal causes. So :func:`deny` writes the
# row at once, and :func:`denials_audited` (on the service) checks after the service's transaction has ended
# that the row is still there, and writes it again if the rollback took it. This works the same on SQLite and
# PostgreSQL, inside a request, a task or a test's transaction.

_current_step: ContextVar[str] = ContextVar("disnaker_service_step", default="")


class AccessDenied(PermissionDenied):
    """A service refused its actor; :meth:`record` keeps its ``ACCESS_DENIED`` audit row."""

    def __init__(self, message: str, *, entry: dict[str, Any]):
        super().__init__(message)
        self.entry = entry
        self._row_pk: int | None = None

    def record(self) -> None:
        """Make sure the audit row of this refusal exists (writes it at most once per surviving row)."""
        connection = transaction.get_connection()
        if connection.in_atomic_block and connection.needs_rollback:
            return  # a broken transaction takes no writes; the next layer out records it
        if self._row_pk is not None and AuditLog.objects.filter(pk=self._row_pk).exists():
            return
        self._row_pk = audit_record(**self.entry).pk


def deny(
    *,
    actor,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    message: str = "",
    step: str = "",
) -> NoReturn:
    """Refuse ``actor`` the step a service was asked to take: audit ``ACCESS_DENIED`` naming the step (the
    service's name, from :func:`denials_audited`, unless ``step`` is given) and raise :class:`AccessDenied`.

    Views turn it into a 403 or a message as they would any ``PermissionDenied``."""
    exc = AccessDenied(
        message or gettext("Anda tidak berwenang melakukan tindakan ini."),
        entry={
            "action": AuditAction.ACCESS_DENIED,
            "actor": actor,
            "obj": obj,
            "request": request,
            "data": {"step": step or _current_step.get() or "unknown"},
        },
    )
    exc.record()
    raise exc


def service_step_name(module: str, name: str) -> str:
    """``app.service`` for a service function: ``disnaker.placement.services.bkk`` + ``bkk_verify`` →
    ``placement.bkk_verify`` (an app's services may be one module or a package of modules)."""
    parts = module.removeprefix("disnaker.").split(".")
    if "services" in parts:
        parts = parts[: parts.index("services")]
    return ".".join([*parts, name])


@contextmanager
def service_step(name: str) -> Iterator[None]:
    """Run a block as the service step ``name`` (unless an outer service already named the step): a
    :func:`deny` inside it names that step, and its audit row survives the block's rollback."""
    token = _current_step.set(_current_step.get() or name)
    try:
        yield
    except AccessDenied as exc:
        exc.record()
        raise
    finally:
        _current_step.reset(token)


def denials_audited(service: Callable[P, R]) -> Callable[P, R]:
    """Decorate every service that may :func:`deny`: names the step in the audit row (``app.service``; the
    outermost decorated service when one calls another) and keeps the row through the service's rollback."""
    step = service_step_name(service.__module__, service.__name__)

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with service_step(step):
            return service(*args, **kwargs)

    return wrapper
