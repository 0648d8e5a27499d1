"""Review workflows declared as data, and the one runner that takes their steps.

Every review workflow of the product (an account request, a PKWT registration, a BKK, a PAK proposal, a PAK
registration) has the same shape: an object with a ``status``, and steps an officer (or the applicant) takes
from one status to another. Each app declares its flow once, in its ``constants.py``:

    BKK_FLOW = Flow(
        model_label="placement.Bkk",
        name="bkk",
        mail_to=lambda bkk: bkk.email,
        steps=(
            Step("verifikasi", _("Verifikasi"), source={SUBMITTED}, target=VERIFIED,
                 allowed="disnaker.placement.permissions.can_verify_bkk",
                 note=Note.OPTIONAL, default_note=_("Dokumen lengkap…")),
            Step("tolak", _("Tolak"), source={SUBMITTED}, target=REJECTED, style=Style.DANGER,
                 allowed="disnaker.placement.permissions.can_verify_bkk",
                 note=Note.REQUIRED, note_message=_("Alasan penolakan wajib diisi."),
                 mail=Mail("bkk_rejected", _("Pendaftaran BKK %(tracking_code)s ditolak")),
                 confirm=_("Pendaftaran ini akan ditolak dan pemohon diberi tahu lewat e-mail.")),
            …
        ),
    )

A step says where it may be taken from (``source``), where it goes (``target``), who may take it (a predicate
``(user, obj) -> bool`` from the app's ``permissions.py``, named by its dotted path so ``constants.py`` imports
no permissions module), whether a note is required, the e-mail it sends, and its button (label, style, the
confirmation an irreversible step asks for). :func:`run_step` takes a step, always in the same order:

1. lock the row (``select_for_update(of=("self",))``);
2. check the actor: a refusal is audited (:func:`~disnaker.core.audit.deny`) and survives the rollback;
3. check the transition (the step's ``source``; the flow's transitions table is derived from its steps);
4. clean the note (required, or the step's default), run the step's ``effect`` (extra fields, side rows),
   move the status and write the history and the audit entry (:func:`~disnaker.core.workflow.status_transition`);
5. queue the e-mail, sent after commit by the outbox.

:func:`actions_for` answers "which buttons does this user see on this object": the same predicates, so a rule
lives in one place. The named services (``bkk_verify``, ``registration_reject``…) stay as thin wrappers over
:func:`run_step`, so grep, the API and the tests keep working.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .audit import deny, service_step
from .workflow import TransitionNotAllowed, status_of, status_transition

Predicate = Callable[[Any, models.Model], bool]
#: Extra work of a step inside its transaction: ``effect(obj, actor=, note=, request=, step=, **extra)`` sets
#: fields on the locked object and returns their names (saved with the status), and may write side rows.
Effect = Callable[..., Iterable[str] | None]
M = TypeVar("M", bound=models.Model)


class Note(enum.Enum):
    """Whether the officer's note (catatan) is asked for, and whether it must be filled."""

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


class Style(enum.StrEnum):
    """How a step's button looks: the main way forward, a way back, or a destructive, final decision."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    WARNING = "warning"  # a step back that is not final: a BKK made inactive
    DANGER = "danger"


@dataclass(frozen=True)
class Mail:
    """The e-mail a step sends to the flow's recipient: ``notifications/email/<template>.txt``. The subject is
    formatted with the object's fields (``%(tracking_code)s``) and the flow's ``mail_args``."""

    template: str
    subject: str


@dataclass(frozen=True)
class Step:
    name: str  # the slug of the decide URL and of the audit step: "verifikasi", "tolak"
    label: str  # the button
    source: frozenset[str] | set[str] | tuple[str, ...]
    target: str
    allowed: str | Predicate  # the dotted path of a predicate in permissions.py (or the predicate)
    note: Note = Note.OPTIONAL
    note_message: str = ""  # the error when a required note is empty
    default_note: str = ""  # the history note when an optional one is left empty
    mail: Mail | None = None
    style: Style = Style.PRIMARY
    confirm: str = ""  # what the confirmation says will happen; empty: the step asks for none
    effect: str | Effect | None = None  # dotted path or callable, see ``Effect``
    help: str = ""  # one line under the button
    #: The URL name of a step that has its own view (signing a decree, say): the step still declares its
    #: edge, its predicate and its button, but :func:`run_step` does not take it and the decide view refuses it.
    view: str = ""
    #: The button opens the step's own ``view`` as a page (GET: the head's signing screen with its preview
    #: and passphrase) instead of posting to it.
    link: bool = False
    #: The dotted path of the named service that wraps this step (``registration_verify``): the decide view
    #: calls it, so the audit names the same step whichever door took it.
    service: str = ""
    #: The keyword the named service takes the note by (``reason=`` for a rejection).
    note_arg: str = "note"
    #: The named service does the whole step (numbers and signs a decree, creates an account): the decide
    #: view calls it, but :func:`run_step` refuses to take the step as a plain status change.
    own_service: bool = False
    done: str = ""  # the message after the step was taken
    #: The button's label for one object, when it depends on it (``label`` otherwise).
    label_for: Callable[[models.Model], str] | None = None

    @cached_property
    def predicate(self) -> Predicate:
        return import_string(self.allowed) if isinstance(self.allowed, str) else self.allowed

    @cached_property
    def effect_function(self) -> Effect | None:
        return import_string(self.effect) if isinstance(self.effect, str) else self.effect

    def may(self, user, obj: models.Model) -> bool:
        """Whether ``user`` may take this step on ``obj`` now: its status, then the predicate."""
        return status_of(obj) in self.source and bool(self.predicate(user, obj))

    def clean_note(self, note: str | None) -> str:
        text = (note or "").strip()
        if self.note is Note.REQUIRED and not text:
            raise ValidationError(
                {"note": self.note_message or _("Catatan wajib diisi.")}, code="note_required"
            )
        return text or str(self.default_note)


@dataclass(frozen=True)
class Flow:
    """One review workflow: the model (``app_label.Model``), its steps, and where its e-mails go."""

    model_label: str
    name: str  # "bkk": the audit step is "<name>.<step>" when no named service wraps the step
    steps: tuple[Step, ...]
    mail_to: Callable[[models.Model], str] | None = None
    mail_args: Callable[[models.Model], Mapping[str, Any]] | None = None
    mail_context: Callable[[models.Model, str], Mapping[str, Any]] | None = None
    denied_message: str = ""  # what a refused actor reads (the 403 page or the review page)
    #: What a step's ``done`` message is formatted with (``%(name)s``), when it names the object.
    done_args: Callable[[models.Model], Mapping[str, Any]] | None = None
    select_related: tuple[str, ...] = ()
    object_arg: str = "obj"  # the keyword the named services take the object by: ``registration=``
    extra_transitions: Mapping[str, Iterable[str]] = field(default_factory=dict)

    def done_message(self, step: Step, obj: models.Model) -> str:
        text = str(step.done)
        return text % self.done_args(obj) if self.done_args is not None else text

    def __post_init__(self):
        names = [step.name for step in self.steps]
        if len(names) != len(set(names)):
            raise ValueError(f"flow {self.name}: step names must be unique, got {names}")

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    @cached_property
    def transitions(self) -> dict[str, set[str]]:
        """``{from: {to, …}}``: every step's edges plus the ``extra_transitions`` of steps that are not officer
        decisions (an applicant's submission, say) and live in their own services."""
        table: dict[str, set[str]] = {}
        for step in self.steps:
            for source in step.source:
                table.setdefault(source, set()).add(step.target)
        for source, targets in self.extra_transitions.items():
            table.setdefault(source, set()).update(targets)
        return table


def actions_for(*, flow: Flow, obj: models.Model, user) -> list[Step]:
    """The steps ``user`` may take on ``obj`` now, in the flow's order: what the actions partial shows."""
    return [step for step in flow.steps if step.may(user, obj)]


@dataclass(frozen=True)
class Action:
    """A step bound to one object: what ``includes/actions.html`` renders as one button."""

    step: Step
    url: str
    label: str

    @property
    def name(self) -> str:
        return self.step.name

    slug = name  # the decide URL's last part

    @property
    def button_class(self) -> str:
        return {
            Style.PRIMARY: "btn btn-success",
            Style.SECONDARY: "btn btn-outline-secondary",
            Style.WARNING: "btn btn-warning",
            Style.DANGER: "btn btn-outline-danger",
        }[self.step.style]


def bound_actions(
    *, flow: Flow, obj: models.Model, user, decide_url: str, args: Iterable[Any] = ()
) -> list[Action]:
    """:func:`actions_for` with each step's URL: the flow's decide view (``decide_url`` with ``args`` and the
    step's name), or the step's own ``view`` (with ``args``)."""
    from django.urls import reverse

    args = list(args)
    return [
        Action(
            step,
            reverse(step.view, args=args) if step.view else reverse(decide_url, args=[*args, step.name]),
            str(step.label_for(obj) if step.label_for else step.label),
        )
        for step in actions_for(flow=flow, obj=obj, user=user)
    ]


def needs_note(actions: Iterable[Action]) -> bool:
    """Whether the actions partial shows the note field: some step asks for one."""
    return any(action.step.note is not Note.NONE for action in actions)


def lock_for_step(*, flow: Flow, step: Step | str, obj: M, actor, request=None) -> M:
    """The first two things every step does, also for a step with its own service: lock the row
    (``select_for_update(of=("self",))``, with the flow's ``select_related``) and check the actor against the
    step's predicate (a refusal is audited). Call it inside the step's transaction."""
    if isinstance(step, str):
        step = flow.step(step)
    queryset = flow.model._default_manager.select_for_update(of=("self",))
    if flow.select_related:
        queryset = queryset.select_related(*flow.select_related)
    locked = cast(M, queryset.get(pk=obj.pk))  # ``obj`` is an instance of the flow's model
    if not step.predicate(actor, locked):
        deny(actor=actor, obj=locked, request=request, message=str(flow.denied_message))
    return locked


def take(*, flow: Flow, step: Step, obj: models.Model, actor, note: str = "", request=None) -> models.Model:
    """Take ``step`` as a door (a view, the API) does: through its named service when it has one."""
    if step.service:
        service = import_string(step.service)
        kwargs = {flow.object_arg: obj, "actor": actor, "request": request}
        if step.note is not Note.NONE:
            kwargs[step.note_arg] = note
        return service(**kwargs)
    return run_step(flow=flow, step=step, obj=obj, actor=actor, note=note, request=request)


def run_step(*, flow: Flow, step: Step | str, obj: M, actor, note: str = "", request=None, **extra: Any) -> M:
    """Take ``step`` on ``obj`` for ``actor``: lock, check the actor (audited), check the transition, clean the
    note, run the step's effect, move the status with history and audit, queue the e-mail. Returns the locked,
    updated object. Raises ``PermissionDenied`` (audited), ``TransitionNotAllowed`` or ``ValidationError``."""
    if isinstance(step, str):
        step = flow.step(step)
    if step.view:
        raise ValueError(f"flow {flow.name}: step {step.name} is taken by its own view {step.view}")
    if step.own_service:
        raise ValueError(f"flow {flow.name}: step {step.name} is taken by its own service {step.service}")
    with service_step(f"{flow.name}.{step.name}"), transaction.atomic():
        locked = lock_for_step(flow=flow, step=step, obj=obj, actor=actor, request=request)
        if status_of(locked) not in step.source:
            raise TransitionNotAllowed(locked, status_of(locked), step.target)
        text = step.clean_note(note)
        update_fields: list[str] = []
        if step.effect_function is not None:
            update_fields += list(
                step.effect_function(locked, actor=actor, note=text, request=request, step=step, **extra)
                or ()
            )
        status_transition(
            obj=locked,
            to_status=step.target,
            transitions=flow.transitions,
            actor=actor,
            note=text,
            request=request,
            update_fields=update_fields,
        )
        if step.mail is not None:
            _send(flow, step.mail, locked, text)
    return locked


#: What queues a step's e-mail: ``mailer(to=, subject=, template=, context=)``. The notifications app registers
#: its outbox here when it is ready (``core`` imports nothing above it).
_mailer: list[Callable[..., Any]] = []


def register_mailer(mailer: Callable[..., Any]) -> None:
    _mailer[:] = [mailer]


def _send(flow: Flow, mail: Mail, obj: models.Model, note: str) -> None:
    if not _mailer:
        raise RuntimeError("no mailer registered for flows (is disnaker.notifications installed?)")
    if flow.mail_to is None:
        raise ValueError(f"flow {flow.name}: step mails need the flow's mail_to")
    args = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    if flow.mail_args is not None:
        args.update(flow.mail_args(obj))
    context = (
        dict(flow.mail_context(obj, note))
        if flow.mail_context is not None
        else {str(obj._meta.model_name): obj, "note": note}
    )
    _mailer[0](
        to=flow.mail_to(obj), subject=str(mail.subject) % args, template=mail.template, context=context
    )
