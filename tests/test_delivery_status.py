"""Recording many sends at once keeps the rules of one: forward only, an event per change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.delivery import outbox
from botapp.delivery.status import Move, advance_many
from botapp.models import Message, MessageStatusEvent

EARLIER = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
LATER = EARLIER + timedelta(minutes=5)


def queued(session: Session, status: str, sent_at: datetime | None = None) -> int:
    with session.begin():
        row = outbox.enqueue(
            session, phone="+13125550142", body=status, key="test", category=outbox.REPLY
        )
        row.status, row.sent_at, row.claim_token = status, sent_at, "ours"
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
