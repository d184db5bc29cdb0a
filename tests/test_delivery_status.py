"""A text's status only moves forward, each change kept with its time, one at a time or many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.delivery import outbox
from botapp.delivery.status import Move, advance, advance_many, requeue
from botapp.models import CaseNote, Message, MessageStatus, MessageStatusEvent
from tests.support import ALEX, report_status

EARLIER = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
LATER = EARLIER + timedelta(minutes=5)


def queued(session: Session, status: str, sent_at: datetime | None = None) -> int:
    with session.begin():
        row = outbox.enqueue(session, phone=ALEX, body=status, key="test", category=outbox.REPLY)
        row.status, row.sent_at, row.claim_token = MessageStatus(status), sent_at, "ours"
        session.flush()
        return row.id


def trail(session: Session, message_id: int) -> list[tuple[str, datetime]]:
    rows = session.execute(
        select(MessageStatusEvent.status, MessageStatusEvent.created_at)
        .where(MessageStatusEvent.message_id == message_id)
        .order_by(MessageStatusEvent.id)
    )
    return [(r.status, r.created_at) for r in rows]


def test_sends_recorded_together_move_forward_only_with_an_event_each(demo: Session) -> None:
    fresh = queued(demo, "claimed")
    fallback = queued(demo, "claimed")
    ahead = queued(demo, "delivered", sent_at=EARLIER)  # a callback got there first
    touched = demo.get_one(Message, fresh).updated_at
    demo.rollback()
    with demo.begin():
        moved = advance_many(
            demo,
            [
                Move(fresh, ("sent", "queued"), {"twilio_sid": "SM1", "claim_token": None}),
                Move(fallback, ("claimed", "queued"), {"twilio_sid": "SM2", "claim_token": None}),
                Move(ahead, ("sent", "queued"), {"twilio_sid": "SM3", "claim_token": None}),
            ],
            at=LATER,
        )
    demo.expire_all()
    rows = {m.id: m for m in demo.scalars(select(Message))}
    assert moved == 2
    assert [(rows[i].status, rows[i].twilio_sid) for i in (fresh, fallback, ahead)] == [
        ("sent", "SM1"),
        ("queued", "SM2"),
        ("delivered", "SM3"),
    ]
    assert all(rows[i].claim_token is None for i in (fresh, fallback, ahead))
    assert (rows[fresh].sent_at, rows[ahead].sent_at) == (LATER, EARLIER)
    assert rows[fresh].updated_at > touched
    assert trail(demo, fresh) == [("sent", LATER)]
    assert trail(demo, fallback) == [("queued", LATER)]
    assert trail(demo, ahead) == []


# Twilio's lifecycle of an outbound text, botapp's own stages first.
LIFECYCLE = ("pending", "claimed", "accepted", "queued", "sending", "sent", "delivered", "read")
FINAL = ("delivered", "undelivered", "failed", "canceled", "expired")


def moved(
    session: Session,
    message_id: int,
    status: str,
    *,
    error_code: str | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> bool:
    session.rollback()  # end the transaction a look at the row began
    with session.begin():
        message = session.get_one(Message, message_id)
        return advance(session, message, status, error_code=error_code, detail=detail, at=at)


def fetched(session: Session, message_id: int) -> Message:
    session.expire_all()
    return session.get_one(Message, message_id)


@pytest.mark.parametrize(
    ("before", "after"),
    [(a, b) for i, a in enumerate(LIFECYCLE) for b in LIFECYCLE[i + 1 :]],
)
def test_each_later_stage_of_a_text_moves_it_forward(
    demo: Session, before: str, after: str
) -> None:
    mid = queued(demo, before)
    assert moved(demo, mid, after, at=LATER)
    assert fetched(demo, mid).status == after
    assert trail(demo, mid) == [(after, LATER)]


@pytest.mark.parametrize(
    ("before", "after"),
    [(a, b) for i, a in enumerate(LIFECYCLE) for b in LIFECYCLE[: i + 1]]
    + [("scheduled", "accepted"), ("accepted", "scheduled"), ("read", "delivered")],
)
def test_a_late_or_repeated_stage_changes_nothing(demo: Session, before: str, after: str) -> None:
    mid = queued(demo, before)
    assert not moved(demo, mid, after, at=LATER)
    assert fetched(demo, mid).status == before
    assert trail(demo, mid) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [(a, b) for a in FINAL for b in (*FINAL, "read") if not (a, b) == ("delivered", "read")],
)
def test_nothing_follows_a_final_status_but_read_after_delivered(
    demo: Session, before: str, after: str
) -> None:
    mid = queued(demo, before)
    assert not moved(demo, mid, after, error_code="30005", at=LATER)
    message = fetched(demo, mid)
    assert (message.status, message.error_code, message.failed_at) == (before, None, None)


def test_a_late_failed_callback_after_delivered_changes_nothing(
    demo: Session, client: FlaskClient
) -> None:
    mid = queued(demo, "sent", sent_at=EARLIER)
    with demo.begin():
        demo.get_one(Message, mid).twilio_sid = "SM" + "d" * 32
    assert report_status(client, "SM" + "d" * 32, "delivered").status_code == 200
    delivered = fetched(demo, mid)
    assert delivered.status == "delivered" and delivered.delivered_at is not None
    assert report_status(client, "SM" + "d" * 32, "failed", code="30005").status_code == 200
    assert report_status(client, "SM" + "d" * 32, "undelivered", code="30003").status_code == 200
    message = fetched(demo, mid)
    assert (message.status, message.error_code, message.failed_at) == ("delivered", None, None)
    assert [status for status, _ in trail(demo, mid)] == ["delivered"]
    assert demo.scalars(select(CaseNote)).all() == []  # nobody is told it failed


@pytest.mark.parametrize("first", ["accepted", "queued", "sent"])
def test_the_first_time_twilio_took_a_text_is_kept(demo: Session, first: str) -> None:
    mid = queued(demo, "claimed")
    assert moved(demo, mid, first, at=EARLIER)
    for later in ("queued", "sending", "sent"):
        moved(demo, mid, later, at=LATER)
    message = fetched(demo, mid)
    assert (message.status, message.sent_at, message.delivered_at) == ("sent", EARLIER, None)


def test_delivered_is_stamped_on_delivery_only_and_kept_when_read(demo: Session) -> None:
    mid = queued(demo, "claimed")
    moved(demo, mid, "sent", at=EARLIER)
    assert fetched(demo, mid).delivered_at is None
    moved(demo, mid, "delivered", at=LATER)
    moved(demo, mid, "read", at=LATER + timedelta(hours=1))
    message = fetched(demo, mid)
    assert (message.status, message.sent_at, message.delivered_at, message.failed_at) == (
        "read",
        EARLIER,
        LATER,
        None,
    )


def test_a_read_receipt_without_a_delivery_report_stamps_the_delivery(demo: Session) -> None:
    mid = queued(demo, "sent", sent_at=EARLIER)
    assert moved(demo, mid, "read", at=LATER)
    assert fetched(demo, mid).delivered_at == LATER


@pytest.mark.parametrize("status", ["undelivered", "failed", "canceled", "expired"])
def test_a_text_that_will_never_arrive_is_stamped_failed_with_code_and_reason(
    demo: Session, status: str
) -> None:
    mid = queued(demo, "sent", sent_at=EARLIER)
    reason = "the handset is unreachable " * 10
    assert moved(demo, mid, status, error_code="30003", detail=reason, at=LATER)
    message = fetched(demo, mid)
    assert (message.status, message.failed_at, message.delivered_at) == (status, LATER, None)
    assert (message.error_code, message.failure_reason) == ("30003", reason[:200])
    event = demo.scalars(select(MessageStatusEvent)).one()
    assert (event.status, event.error_code, event.detail) == (status, "30003", reason[:200])


def test_a_status_twilio_never_sends_is_refused(demo: Session) -> None:
    mid = queued(demo, "sent")
    with pytest.raises(ValueError, match="unknown message status 'delievered'"):
        moved(demo, mid, "delievered")


def test_a_text_put_back_waits_for_its_new_time_free_of_any_claim(demo: Session) -> None:
    mid = queued(demo, "claimed")
    with demo.begin():
        message = demo.get_one(Message, mid)
        message.claimed_at = EARLIER
        requeue(demo, message, LATER, "HTTP 503 " + "x" * 300)
    message = fetched(demo, mid)
    assert (message.status, message.not_before, message.claim_token, message.claimed_at) == (
        "pending",
        LATER,
        None,
        None,
    )
    event = demo.scalars(select(MessageStatusEvent)).one()
    assert (event.status, event.detail) == ("pending", ("retry: HTTP 503 " + "x" * 300)[:200])


def test_recording_sends_that_move_nothing_writes_no_event(demo: Session) -> None:
    ahead = queued(demo, "delivered", sent_at=EARLIER)
    with demo.begin():
        assert advance_many(demo, []) == 0
        assert advance_many(demo, [Move(ahead, ("sent",), {"twilio_sid": "SM9"})], at=LATER) == 0
    assert fetched(demo, ahead).twilio_sid == "SM9"
    assert demo.scalars(select(MessageStatusEvent)).all() == []
