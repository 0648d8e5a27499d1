"""Batch signing by the head: the queue of every verified item waiting for the head's signature ("Antrean
Tanda Tangan"), of every kind, and signing the chosen ones with one passphrase.

``decrees`` imports no domain app, so each app registers a :class:`QueueSource` per decree kind in its
``AppConfig.ready()`` (by dotted paths, resolved when first used): what waits in an office
(``pending(office)``) and how one item is signed (``sign(pk, actor=, passphrase=, request=)``: the app's own
"approve and sign" service, which locks its subject, changes its status, calls ``decree_issue`` and sends its
e-mails in one transaction).

:func:`batch_sign` signs the chosen items one by one, **in the order the queue shows them** (that is the
numbering order: within a kind each item takes the next number of its counter). Each item is its own
transaction (number + file + status), so when BSrE refuses at item *k* the first *k - 1* stay signed and
numbered; item *k* rolled back (``decree_issue``: no number used) and the items after it are not tried: they
stay in the queue, unsigned, with the reason shown, and the head can select them again. An item another head
signed meanwhile comes back as "already signed" (the domain services are idempotent: each subject gets one
decree, one number).

A batch of more than ``DECREE_BATCH_SYNC_MAX`` items runs as a background task (:func:`batch_start`),
with its progress in the cache ("12 dari 40 ditandatangani"). The passphrase reaches the task encrypted for
that task only (:func:`_seal` / :func:`_unseal`) and is deleted when the task reads it; ``docs/bsre.md``
("Batch signing") explains why.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.core.workflow import TransitionNotAllowed

from . import signing
from .constants import SignerBackend

logger = logging.getLogger(__name__)

#: The background batch (its dotted path is stored with every queued batch: keep it).
BATCH_TASK = "disnaker.decrees.tasks.sign_batch"

#: How long a queued batch's sealed passphrase may wait for its worker before it expires unread.
SECRET_TTL_SECONDS = 15 * 60
#: How long a batch's progress and outcome stay readable (the page polls it, the head reads the result).
STATE_TTL_SECONDS = 6 * 3600


# --- The registry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """One item waiting for the head's signature, as the queue shows it."""

    kind: str
    pk: int
    label: str  # the kind's name: "SK Pencatatan PKWT"
    subject: str  # whom it is about: the company, the BKK, the participant
    detail: str = ""  # a short second line: "PKWT-2026-00012 · 120 pekerja"
    waiting_since: datetime.datetime | None = None
    url: str = ""  # the item's own review page
    preview_url: str = ""  # its "Pratinjau" (issue 14): DRAFT, unnumbered, unsigned
    weight: int = 1  # relative signing cost (a PKWT SK: its workers); a heavy batch runs in the background

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


@dataclass(frozen=True)
class QueueSource:
    kind: str
    #: ``(office) -> list[QueueItem]`` (or its dotted path): the office's items waiting for the head.
    pending: Callable[..., list[QueueItem]] | str
    #: ``(pk, *, actor, passphrase, request) -> Decree`` (or its dotted path): sign one item.
    sign: Callable[..., Any] | str
    order: int = 100  # the kinds' order in the queue when two items waited equally long

    def pending_for(self, office) -> list[QueueItem]:
        return _resolve(self.pending)(office)

    def sign_one(self, pk: int, *, actor, passphrase: str | None, request=None):
        return _resolve(self.sign)(pk, actor=actor, passphrase=passphrase, request=request)


def _resolve(target):
    return import_string(target) if isinstance(target, str) else target


_sources: dict[str, QueueSource] = {}


def register_source(*sources: QueueSource) -> None:
    """Register (or, on a second ``ready()``, replace) the queue of a decree kind."""
    for source in sources:
        _sources[source.kind] = source


def registered_sources() -> list[QueueSource]:
    return sorted(_sources.values(), key=lambda s: s.order)


# --- The queue ------------------------------------------------------------------------------------------


def is_head(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.HEAD and user.office_id)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def signing_queue(actor) -> list[QueueItem]:
    """Every item of the head's office waiting for the head's signature, oldest waiting first (ties: the
    kinds' registered order, then the item's id). This order is the numbering order of :func:`batch_sign`."""
    if not is_head(actor):
        return []
    sources = registered_sources()
    rank = {source.kind: index for index, source in enumerate(sources)}
    items = [item for source in sources for item in source.pending_for(actor.office)]
    return sorted(items, key=lambda i: (i.waiting_since or _EPOCH, rank[i.kind], i.pk))


def uses_passphrase(actor) -> bool:
    """Whether the head's office signs through BSrE (the queue then asks for the passphrase)."""
    from .services import decree_settings_for

    return is_head(actor) and decree_settings_for(actor.office).signer_backend == SignerBackend.BSRE


# --- Outcomes -------------------------------------------------------------------------------------------


class ItemState:
    SIGNED = "signed"  # signed and numbered by this batch
    ALREADY = "already"  # signed before (another head, another batch): its decree, no new number
    FAILED = "failed"  # this item was refused (nothing numbered); the reason says why
    SKIPPED = "skipped"  # not tried: the signer refused an item before it
    GONE = "gone"  # no longer waiting for a signature (returned, rejected, signed elsewhere)
    WAITING = "waiting"  # a background batch has not reached it yet


@dataclass
class ItemOutcome:
    key: str
    label: str
    subject: str
    state: str = ItemState.WAITING
    number: str = ""
    message: str = ""


@dataclass
class BatchResult:
    items: list[ItemOutcome] = field(default_factory=list)
    #: The signer's refusal that stopped the batch (wrong passphrase, outage…), for the passphrase field.
    error: str = ""
    error_code: str = ""

    def count(self, *states: str) -> int:
        return sum(1 for item in self.items if item.state in states)

    @property
    def signed(self) -> int:
        return self.count(ItemState.SIGNED)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        """Items finished one way or another (the progress bar's value)."""
        return self.total - self.count(ItemState.WAITING)


def _selected(actor, keys: Sequence[str]) -> tuple[list[QueueItem], list[str]]:
    """The chosen items still in the queue, in the queue's order, and the chosen keys no longer in it."""
    wanted = set(keys)
    queue = signing_queue(actor)
    chosen = [item for item in queue if item.key in wanted]
    found = {item.key for item in chosen}
    return chosen, [key for key in dict.fromkeys(keys) if key not in found]


def _gone(key: str) -> ItemOutcome:
    return ItemOutcome(key=key, label="", subject="", state=ItemState.GONE,
                       message=_("Tidak lagi menunggu tanda tangan (sudah ditandatangani atau dikembalikan)."))  # fmt: skip


# --- Signing --------------------------------------------------------------------------------------------


def _check_head(actor) -> None:
    if not is_head(actor):
        raise PermissionDenied(_("Hanya Kepala Dinas yang dapat menandatangani antrean ini."))


def batch_sign(
    *,
    actor,
    keys: Sequence[str],
    passphrase: str | None = None,
    request=None,
    progress: Callable[[BatchResult], None] | None = None,
) -> BatchResult:
    """Sign the chosen items (``QueueItem.key``) in the queue's order; see the module docstring.

    The signer is checked once first (a passphrase was typed, the certificate is ``ISSUE``): a refusal
    there tries nothing. ``progress(result)`` is called after each item (the background task stores it)."""
    _check_head(actor)
    chosen, gone = _selected(actor, keys)
    result = BatchResult(
        items=[ItemOutcome(key=i.key, label=i.label, subject=i.subject) for i in chosen]
        + [_gone(k) for k in gone]
    )
    if not chosen:
        return result
    from .services import decree_settings_for

    started = timezone.now()
    try:
        signing.backend_for(decree_settings_for(actor.office)).check(passphrase)
    except signing.SigningError as exc:
        return _stop(result, exc)
    sources = {source.kind: source for source in registered_sources()}
    for index, item in enumerate(chosen):
        outcome = result.items[index]
        try:
            decree = sources[item.kind].sign_one(item.pk, actor=actor, passphrase=passphrase, request=request)
        except signing.SigningError as exc:
            # The signer itself refused (2031, an outage, a revoked certificate): the next item would be
            # refused too. This one rolled back; the rest are not tried.
            return _stop(result, exc, progress)
        except (ValidationError, TransitionNotAllowed, PermissionDenied) as exc:
            # Something about this item only (e.g. the BKK's e-mail is taken): the others go on.
            outcome.state, outcome.message = ItemState.FAILED, _message(exc)
        else:
            outcome.number = decree.number
            mine = decree.issued_by_id == actor.pk and decree.issued_at >= started
            outcome.state = ItemState.SIGNED if mine else ItemState.ALREADY
            if not mine:
                outcome.message = _("Sudah ditandatangani sebelumnya; nomornya tidak berubah.")
        if progress is not None:
            progress(result)
    return result


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return exc.messages[0]
    return str(exc) or _("Anda tidak berwenang menandatangani item ini.")


def _stop(result: BatchResult, exc: signing.SigningError, progress=None) -> BatchResult:
    """The signer refused the first item still waiting: it and the rest stay unsigned, with the reason."""
    message = exc.messages[0]
    result.error, result.error_code = message, exc.code or ""
    waiting = [item for item in result.items if item.state == ItemState.WAITING]
    for position, outcome in enumerate(waiting):
        outcome.state = ItemState.FAILED if position == 0 else ItemState.SKIPPED
        outcome.message = message if position == 0 else _("Belum dicoba: %(reason)s") % {"reason": message}
    if progress is not None:
        progress(result)
    return result


# --- In the background ----------------------------------------------------------------------------------


def runs_in_background(items: Sequence[QueueItem]) -> bool:
    """More than ``DECREE_BATCH_SYNC_MAX`` items, or more workers in all than one decree signed in the
    request may have (``DECREE_SYNC_MAX_WORKERS``)."""
    return (
        len(items) > settings.DECREE_BATCH_SYNC_MAX
        or sum(item.weight for item in items) > settings.DECREE_SYNC_MAX_WORKERS
    )


def state_key(batch_id: str) -> str:
    return f"decree-batch:{batch_id}"


def _secret_key(batch_id: str) -> str:
    return f"decree-batch-secret:{batch_id}"


def _fernet(batch_id: str) -> Fernet:
    """The batch's own key: derived from ``SECRET_KEY`` (which is in neither the cache nor the database) and
    the batch's random id, so a sealed passphrase opens for this batch only."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"decree-batch-passphrase:{batch_id}".encode(), hashlib.sha256
    )
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _seal(batch_id: str, passphrase: str) -> None:
    token = _fernet(batch_id).encrypt(passphrase.encode())
    cache.set(_secret_key(batch_id), token, timeout=SECRET_TTL_SECONDS)


def _unseal(batch_id: str) -> str | None:
    """The batch's passphrase, deleted from the cache as it is read (``None``: none, expired or spoiled)."""
    key = _secret_key(batch_id)
    token = cache.get(key)
    cache.delete(key)
    if token is None:
        return None
    try:
        return _fernet(batch_id).decrypt(token, ttl=SECRET_TTL_SECONDS).decode()
    except InvalidToken:
        return None


def batch_state(batch_id: str, actor) -> dict | None:
    """A background batch's state (``{"state", "result": BatchResult}``) for the head who started it."""
    state = cache.get(state_key(batch_id))
    if not state or state.get("actor") != getattr(actor, "pk", None):
        return None
    return {**state, "result": _result_from(state["result"])}


def _result_from(data: dict) -> BatchResult:
    return BatchResult(
        items=[ItemOutcome(**item) for item in data["items"]],
        error=data["error"],
        error_code=data["error_code"],
    )


def _store(batch_id: str, actor_id: int, state: str, result: BatchResult) -> None:
    cache.set(state_key(batch_id), {"actor": actor_id, "state": state, "result": asdict(result)},
              timeout=STATE_TTL_SECONDS)  # fmt: skip


def batch_start(
    *, actor, keys: Sequence[str], passphrase: str | None = None, request=None
) -> BatchResult | str:
    """Sign at once (a small batch: the :class:`BatchResult`) or queue the background task and return the
    batch's id (the page then polls :func:`batch_state`)."""
    _check_head(actor)
    chosen, gone = _selected(actor, keys)
    if not runs_in_background(chosen):
        return batch_sign(actor=actor, keys=keys, passphrase=passphrase, request=request)
    from disnaker.core.worker import enqueue_on_commit

    from .services import decree_settings_for

    # Refuse at once what would refuse every item (no passphrase, a certificate that is not ISSUE).
    signing.backend_for(decree_settings_for(actor.office)).check(passphrase)
    batch_id = secrets.token_urlsafe(18)
    result = BatchResult(
        items=[ItemOutcome(key=i.key, label=i.label, subject=i.subject) for i in chosen]
        + [_gone(k) for k in gone]
    )
    if passphrase:
        _seal(batch_id, passphrase)
    _store(batch_id, actor.pk, "queued", result)
    # The task's arguments (stored in the database) hold the item keys, never the passphrase.
    enqueue_on_commit(BATCH_TASK, batch_id, actor.pk, [item.key for item in chosen])
    return batch_id


def batch_run(*, batch_id: str, actor_id: int, keys: list[str]) -> None:
    """What the background task runs: :func:`batch_sign`, its progress stored after every item."""
    from disnaker.accounts.models import User

    passphrase = _unseal(batch_id)  # read once, deleted; from here on only in this process's memory
    actor = User.objects.select_related("office").get(pk=actor_id)
    state = cache.get(state_key(batch_id)) or {}
    gone = [
        ItemOutcome(**item)
        for item in state.get("result", {}).get("items", [])
        if item["state"] == ItemState.GONE
    ]

    def progress(result: BatchResult) -> None:
        _store(
            batch_id, actor_id, "running", BatchResult(result.items + gone, result.error, result.error_code)
        )

    try:
        result = batch_sign(actor=actor, keys=keys, passphrase=passphrase, progress=progress)
    except Exception:
        logger.exception("Decree batch %s failed", batch_id)
        batch_lost(batch_id=batch_id, actor_id=actor_id)
        raise
    finally:
        passphrase = None
    result.items += gone
    _store(batch_id, actor_id, "done", result)


def batch_lost(*, batch_id: str, actor_id: int, keys: list[str] | None = None) -> None:
    """The background batch stopped (its worker died, or an unexpected error): the items it signed stay
    signed, the rest stay in the queue; the page says so. Not run again: its passphrase was deleted."""
    cache.delete(_secret_key(batch_id))
    state = cache.get(state_key(batch_id))
    if not state:
        return
    result = _result_from(state["result"])
    reason = _(
        "Proses latar belakang berhenti; yang belum ditandatangani tetap di antrean, silakan pilih lagi."
    )
    for item in result.items:
        if item.state == ItemState.WAITING:
            item.state, item.message = ItemState.SKIPPED, reason
    result.error = result.error or reason
    _store(batch_id, actor_id, "done", result)
