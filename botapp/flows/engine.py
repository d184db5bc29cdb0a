"""The flow engine: declarative step tables, one open question per client, state in the database.

A flow is a table of named steps. Each step says what to ask (a catalog message), which
answers it understands (numbered options with words in both languages), and a small typed
function that records the answer and names the next step (or None to finish); its return
type lists the steps it may name (`-> Literal[ReminderStep.PLAN] | None`), which mypy holds
it to and the table checks when the flow is made, as its module is imported (decision
17). The engine does the rest: it keeps at most one question open per client (others wait,
queued, in order), asks once more when an answer is unclear, re-prompts once when there is
no reply and then expires the question with the step's "no response" handler. Global keywords (STOP,
HELP, language) are handled before any of this; a text no open question can take goes to
the specialist's inbox.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import outbox
from botapp.flows.replies import Option, choose
from botapp.messages import Msg
from botapp.messages import sms as texts
from botapp.models import (
    Client,
    Conversation,
    ConversationStatus,
    FlowAnswer,
    Message,
    Reason,
    Severity,
)
from botapp.services import alerts, case_record

# What a flow's questions are about: an Appointment, a GoalStep, a Placement, or None.
SubjectT = TypeVar("SubjectT")


@dataclass
class Turn(Generic[SubjectT]):
    """Everything a step function needs: who, what about, what they said, and when."""

    session: Session
    settings: Settings
    client: Client
    conversation: Conversation
    subject: SubjectT
    now: datetime
    message: Message | None = None
    option: Option | None = None

    @property
    def reply(self) -> str:
        """The client's words ("" when the step runs without a reply)."""
        return self.message.body if self.message else ""

    def note(self, entry: Msg, *, alert: bool = False, **params: Any) -> None:
        """Add a line to the client's case record (an alert flags it for the specialist)."""
        case_record.note(
            self.session, self.client, entry, message=self.message, alert=alert, **params
        )

    def need_person(self, reason: Reason, severity: Severity) -> None:
        """Say the client needs a person (an escalation, beside the alert line), shown by the
        reply being read if there is one."""
        alerts.need_person(self.session, self.client, reason, severity, self.message)

    def say(self, msg: Msg, **params: Any) -> None:
        """Answer the client with a text that asks nothing."""
        outbox.queue_text(
            self.session,
            self.settings,
            msg,
            params,
            phone=self.client.phone,
            client=self.client,
            category=outbox.REPLY,
            in_reply_to=self.message,
        )


StepFn = Callable[[Turn[SubjectT]], str | None]


def _nothing(turn: Turn[Any]) -> None:
    """No record for a question left unanswered."""


@dataclass(frozen=True)
class Step(Generic[SubjectT]):
    """A question: its text (message and parameters), the answers it takes, what they do."""

    ask: Callable[[Turn[SubjectT]], tuple[Msg, dict[str, Any]]]
    on_answer: StepFn[SubjectT]
    options: tuple[Option, ...] = ()  # none: any reply answers (a free-text question)
    on_no_reply: Callable[[Turn[SubjectT]], None] = _nothing
    # Reads a reply that no option's words pick: "mañana a las 3" asks to change the time.
    read: Callable[[Turn[SubjectT]], Option | None] | None = None


@dataclass(frozen=True)
class Flow(Generic[SubjectT]):
    """A named conversation: its steps, the first one, its subject and its timing."""

    name: str
    first: str
    steps: Mapping[str, Step[SubjectT]]
    subject: type[SubjectT] | None = None
    category: outbox.Category = outbox.CHECK_IN
    reprompt_after: timedelta = timedelta(hours=4)
    expire_after: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        check(self)


# Looks at every free text before the open question; True when it took the text.
Interrupt = Callable[[Session, Settings, Client, Message, datetime], bool]
# Filled by `botapp.features.install` (decision 18): the flows by name, and the interrupts.
REGISTRY: dict[str, Flow[Any]] = {}
INTERRUPTS: list[Interrupt] = []


class FlowTableError(ValueError):
    """A flow's table names a step it does not have, or hides which steps a function goes to."""


def register(flow: Flow[SubjectT]) -> Flow[SubjectT]:
    """Make `flow` known to the engine by its name (its table was checked when it was made)."""
    known = REGISTRY.setdefault(flow.name, flow)
    if known is not flow:
        raise FlowTableError(f"two flows are named {flow.name!r}")
    return flow


def check(flow: Flow[Any]) -> None:
    """Refuse a table whose first step, or a step a step function may return, is missing."""
    if flow.first not in flow.steps:
        raise FlowTableError(f"flow {flow.name}: its first step {flow.first!r} is not in its table")
    for name, step in flow.steps.items():
        for target in next_steps(step.on_answer):
            if target not in flow.steps:
                raise FlowTableError(
                    f"flow {flow.name}: step {name!r} may go to {target!r}, not in its table"
                )


def next_steps(fn: StepFn[Any]) -> frozenset[str]:
    """The steps `fn` may return, read from its return type: Literal step names, or None."""
    hint = get_type_hints(fn).get("return")
    names = _literal_names(hint)
    if names is None:
        raise FlowTableError(
            f"step function {fn.__qualname__} must declare the steps it returns:"
            f" -> Literal[...] | None, not {hint!r}"
        )
    return names


def _literal_names(hint: Any) -> frozenset[str] | None:
    """The strings a Literal / None / union of those allows; None for any other type."""
    if hint is None or hint is type(None):
        return frozenset()
    if get_origin(hint) is Literal and all(isinstance(a, str) for a in get_args(hint)):
        return frozenset(str(a) for a in get_args(hint))
    if get_origin(hint) in (Union, types.UnionType):
        names: set[str] = set()
        for arg in get_args(hint):
            part = _literal_names(arg)
            if part is None:
                return None
            names |= part
        return frozenset(names)
    return None


_ACTIVE = select(Conversation).where(
    Conversation.client_id == bindparam("client_id"),
    Conversation.status == ConversationStatus.ACTIVE,
)


def active(session: Session, client: Client) -> Conversation | None:
    """The client's open question, if any."""
    return session.scalars(_ACTIVE, {"client_id": client.id}).one_or_none()


# Bound names differ from the columns': an UPDATE reserves those for its SET clause.
_ABOUT = (
    Conversation.flow.in_(bindparam("flows", expanding=True)),
    Conversation.subject_id == bindparam("subject"),
)
_ASKING = (
    select(Conversation)
    .where(
        *_ABOUT,
        Conversation.status.in_([ConversationStatus.QUEUED, ConversationStatus.ACTIVE]),
    )
    .order_by(Conversation.id)
)
_WITHDRAW = (
    update(Conversation)
    .where(*_ABOUT, Conversation.status == ConversationStatus.QUEUED)
    .values(status=ConversationStatus.WITHDRAWN)
    .execution_options(synchronize_session=False)
)


def asking(session: Session, subject_id: int, *flows: str) -> list[Conversation]:
    """The questions of `flows` about `subject_id` open or waiting their turn, oldest first."""
    return list(session.scalars(_ASKING, {"flows": flows, "subject": subject_id}))


def withdraw(session: Session, subject_id: int, *flows: str) -> None:
    """Withdraw the questions of `flows` about `subject_id` still waiting their turn: never
    asked, as their subject changed. An open one is left to the caller to close."""
    session.execute(_WITHDRAW, {"flows": flows, "subject": subject_id})


def start(
    session: Session,
    settings: Settings,
    client: Client,
    flow: Flow[Any],
    subject_id: int | None,
    now: datetime,
) -> Conversation:
    """Open `flow` with `client` now, or queue it behind the question already open."""
    conversation = Conversation(
        client_id=client.id,
        flow=flow.name,
        step=flow.first,
        subject_id=subject_id,
        status=ConversationStatus.QUEUED,
        priority=flow.category.priority,
        state={},
    )
    session.add(conversation)
    session.flush()
    if active(session, client) is None:
        _open(session, settings, client, conversation, now)
    return conversation


def answer(
    session: Session, settings: Settings, client: Client, message: Message, now: datetime
) -> bool:
    """Let the open question take `message`; False when there is none or it stays unclear."""
    if any(interrupt(session, settings, client, message, now) for interrupt in INTERRUPTS):
        return True
    conversation = active(session, client)
    if conversation is None:
        return False
    flow = REGISTRY[conversation.flow]
    step = flow.steps[conversation.step]
    turn = _turn(session, settings, client, conversation, now, message)
    turn.option = choose(message.body, step.options) if step.options else None
    if turn.option is None and step.read is not None:
        turn.option = step.read(turn)
    if step.options and turn.option is None:
        if conversation.unclear_replies:
            return False  # one clarification only, never a loop: a person reads it
        conversation.unclear_replies += 1
        _ask(turn, prefix=texts.FLOW_CLARIFY)
        return True
    session.add(
        FlowAnswer(
            conversation_id=conversation.id,
            client_id=client.id,
            step=conversation.step,
            offered=[o.key for o in step.options],
            chosen=turn.option.key if turn.option else None,
            text=message.body,
            message_id=message.id,
        )
    )
    _go(turn, step.on_answer(turn))
    return True


def wake(session: Session, settings: Settings, conversation: Conversation, now: datetime) -> None:
    """Re-prompt an unanswered question once, then expire it (the clock calls this)."""
    wake_at = conversation.wake_at
    if conversation.status != ConversationStatus.ACTIVE or wake_at is None or now < wake_at:
        return
    client = session.get_one(Client, conversation.client_id)
    turn = _turn(session, settings, client, conversation, now, None)
    expires_at = conversation.expires_at
    if not conversation.reprompted and (expires_at is None or now < expires_at):
        conversation.reprompted = True
        _ask(turn, prefix=texts.FLOW_REPROMPT, keep_timing=True)
        conversation.wake_at = expires_at
        return
    REGISTRY[conversation.flow].steps[conversation.step].on_no_reply(turn)
    _close(turn, ConversationStatus.EXPIRED)


def close(
    session: Session,
    settings: Settings,
    client: Client,
    conversation: Conversation,
    now: datetime,
    message: Message | None = None,
) -> None:
    """Finish an open question from outside its flow (a job lost mid-question), opening the next."""
    _close(_turn(session, settings, client, conversation, now, message), ConversationStatus.DONE)


def _turn(
    session: Session,
    settings: Settings,
    client: Client,
    conversation: Conversation,
    now: datetime,
    message: Message | None,
) -> Turn[Any]:
    flow = REGISTRY[conversation.flow]
    subject = (
        session.get(flow.subject, conversation.subject_id)
        if flow.subject is not None and conversation.subject_id is not None
        else None
    )
    return Turn(session, settings, client, conversation, subject, now, message)


def _open(
    session: Session,
    settings: Settings,
    client: Client,
    conversation: Conversation,
    now: datetime,
    message: Message | None = None,
) -> None:
    """Make `conversation` the open question and ask it (in reply to `message`, if any)."""
    conversation.status = ConversationStatus.ACTIVE
    session.flush()  # the one-active-per-client index checks this now, not at commit
    _ask(_turn(session, settings, client, conversation, now, message))


def _ask(turn: Turn[Any], prefix: Msg | None = None, keep_timing: bool = False) -> None:
    """Send the current step's question (after `prefix`: "Sorry, we did not understand.")."""
    conversation, flow = turn.conversation, REGISTRY[turn.conversation.flow]
    msg, params = flow.steps[conversation.step].ask(turn)
    asked = int(conversation.state.get("asked", 0)) + 1
    conversation.state = {**conversation.state, "asked": asked}
    outbox.queue_text(
        turn.session,
        turn.settings,
        msg,
        params,
        phone=turn.client.phone,
        client=turn.client,
        category=outbox.REPLY if turn.message else flow.category,
        in_reply_to=turn.message,
        idempotency_key=f"conversation:{conversation.id}:ask:{asked}",
        within=prefix,
    )
    if not keep_timing:
        conversation.wake_at = turn.now + flow.reprompt_after
        conversation.expires_at = turn.now + flow.expire_after


def _go(turn: Turn[Any], next_step: str | None) -> None:
    conversation = turn.conversation
    if next_step is None:
        _close(turn, ConversationStatus.DONE)
        return
    conversation.step = next_step
    conversation.unclear_replies = 0
    conversation.reprompted = False
    _ask(turn)


def _close(turn: Turn[Any], status: ConversationStatus) -> None:
    """Finish the conversation and open the client's next queued question, if any."""
    turn.conversation.status = status
    turn.conversation.wake_at = None
    turn.session.flush()
    queued = turn.session.scalars(
        select(Conversation)
        .where(
            Conversation.client_id == turn.client.id,
            Conversation.status == ConversationStatus.QUEUED,
        )
        .order_by(Conversation.priority, Conversation.id)
        .limit(1)
    ).first()
    if queued is not None:
        _open(turn.session, turn.settings, turn.client, queued, turn.now, turn.message)
