"""The queues' queries use their partial indexes, as the database plans them.

Each index on messages is written by every INSERT it covers, the webhook's too, so most are
partial (migration 0006). A partial index only serves a query whose WHERE clause implies its
predicate, as the planner sees it: PostgreSQL's generic plan for a prepared statement sees a
bound status as an unknown, and SQLite matches the predicate's terms as written. These tests
plan the statements the real functions send, and on PostgreSQL as a forced generic plan.
The opt-out rule, which every one of its readers puts in its own query, must find a number's
newest choice through the (phone, id) index. The staff pages (Today, a client's record) never
scan the whole messages table, whatever they become: every SELECT on messages they send is
planned.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from psycopg import sql
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from botapp.config import engine_of, sessions_of, settings_of
from botapp.contact.flow import due_for_contact
from botapp.db import utcnow
from botapp.delivery import claims, outbox
from botapp.models import Direction, Message, MessageStatus
from botapp.services import consent
from botapp.transport.console import ConsoleTransport
from botapp.workers import inbound as inbound_queue
from botapp.workers.dispatcher import Dispatcher
from tests.support import ALEX, JAMES, MakeBrowser, MakePhone, client_by_phone


def sent_statement(session: Session, action: Callable[[], object], keyword: str) -> tuple[str, Any]:
    """The statement (and its parameters) containing `keyword` that `action` sent."""
    seen: list[tuple[str, Any]] = []

    def grab(
        _conn: Connection, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        seen.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", grab)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    found = [s for s in seen if keyword in s[0]]
    assert found, f"no statement with {keyword!r} among {[s[0][:60] for s in seen]}"
    return found[0]


def plan(session: Session, statement: str, parameters: Any) -> str:
    """The database's plan for `statement`; on PostgreSQL, its generic plan, no seq scans."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        return "\n".join(str(r[-1]) for r in rows)
    raw = conn.connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"${len(names)}"

    prepared = re.sub(r"%\((\w+)\)s", number, statement).replace("%%", "%")
    values = sql.SQL(", ").join(sql.Literal(parameters[n]) for n in names).as_string(raw)
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql(f"PREPARE probe AS {prepared}".replace("%", "%%"))
    try:
        rows = conn.exec_driver_sql(f"EXPLAIN EXECUTE probe ({values})".replace("%", "%%")).all()
    finally:
        conn.exec_driver_sql("DEALLOCATE probe")
    return "\n".join(r[0] for r in rows)


def queue(session: Session, count: int = 3, category: outbox.Category = outbox.REMINDER) -> None:
    client = client_by_phone(session, ALEX)
    for n in range(count):
        outbox.enqueue(
            session,
            phone=ALEX,
            body=f"Reminder {n}",
            key="test.reminder",
            category=category,
            client=client,
            idempotency_key=f"plan-test-{n}",
        )
    session.flush()


@pytest.mark.parametrize(
    ("keyword", "index"),
    [
        ("ORDER BY messages.priority", "ix_messages_pending"),  # the due texts
        ("messages.phone IN", "ix_messages_phone_unsent"),  # what is ahead of them, per phone
    ],
)
def test_the_dispatchers_claim_reads_only_the_unsent_texts(
    demo: Session, keyword: str, index: str
) -> None:
    with demo.begin():
        queue(demo, category=outbox.REPLY)  # due now, whatever the time of day
        statement, params = sent_statement(
            demo, lambda: claims.claim(demo, "t" * 32, utcnow(), 10), keyword
        )
        assert index in plan(demo, statement, params)
        demo.rollback()


def test_taking_over_a_stopped_dispatcher_reads_only_claimed_texts(demo: Session) -> None:
    with demo.begin():
        now = utcnow()
        statement, params = sent_statement(
            demo,
            lambda: claims.take_over_stale(demo, "t" * 32, now, now - timedelta(minutes=5)),
            "UPDATE messages",
        )
        assert "ix_messages_claimed" in plan(demo, statement, params)
        demo.rollback()


def test_the_inbound_workers_window_reads_only_texts_still_waiting(demo: Session) -> None:
    with demo.begin():
        statement, params = sent_statement(
            demo, lambda: inbound_queue.take(demo), "ORDER BY messages.id"
        )
        assert "ix_messages_received_id" in plan(demo, statement, params)
        demo.rollback()


def test_a_text_queued_twice_is_found_by_its_key_in_the_partial_unique_index(
    demo: Session,
) -> None:
    with demo.begin():
        queue(demo, 1)
        statement, params = sent_statement(demo, lambda: queue(demo, 1), "idempotency_key =")
        assert "uq_messages_idempotency_key" in plan(demo, statement, params)
        assert demo.query(Message).filter_by(idempotency_key="plan-test-0").count() == 1
        demo.rollback()


@pytest.mark.parametrize("key", [None, "plan-test"])
def test_the_partial_unique_index_still_refuses_a_second_row_with_a_key(
    demo: Session, key: str | None
) -> None:
    with demo.begin():
        for _ in range(2):
            demo.add(
                Message(
                    direction=Direction.OUTBOUND,
                    phone=ALEX,
                    status=MessageStatus.PENDING,
                    idempotency_key=key,
                )
            )
        if key is None:
            demo.flush()  # rows without a key are not in the index at all
        else:
            with pytest.raises(Exception, match="(?i)unique"):
                demo.flush()
        demo.rollback()


def _dispatch(app: Flask, demo: Session) -> None:
    with demo.begin():
        queue(demo, 1, category=outbox.REPLY)  # due now, whatever the time of day
    dispatcher = Dispatcher(sessions_of(app), settings_of(app), ConsoleTransport(io.StringIO()))
    try:
        dispatcher.run_once()
    finally:
        dispatcher.close()


def _receive(app: Flask, demo: Session) -> None:
    with demo.begin():
        demo.add(
            Message(
                direction=Direction.INBOUND, phone=ALEX, body="hi", status=MessageStatus.RECEIVED
            )
        )
    inbound_queue.handle_next(sessions_of(app), settings_of(app))


# Everything that reads the opt-out rule (consent.opted_out_clause), each as it runs.
READERS: dict[str, Callable[[Flask, Session], object]] = {
    "is_opted_out": lambda app, demo: consent.is_opted_out(demo, ALEX, "reminder"),
    "the contact check": lambda app, demo: due_for_contact(demo, utcnow() + timedelta(days=60)),
    "the inbound worker": _receive,
    "the dispatcher": _dispatch,
}


@pytest.mark.parametrize("reader", READERS)
def test_the_opt_out_rule_reads_a_numbers_newest_choice_through_its_index(
    app: Flask, demo: Session, reader: str
) -> None:
    statement, params = sent_statement(
        demo, lambda: READERS[reader](app, demo), "FROM consent_events"
    )
    assert "ix_consent_events_phone_id" in plan(demo, statement, params)
    demo.rollback()


# The staff pages (bench/web.py times them in an agency of 5,000,000 messages).


def page_statements(app: Flask, http: FlaskClient, path: str) -> list[tuple[str, Any]]:
    """The SELECTs reading messages that the page at `path` sent, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def grab(
        _conn: Connection, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT") and MESSAGES.search(statement):
            seen.append((statement, parameters))

    engine = engine_of(app)
    event.listen(engine, "before_cursor_execute", grab)
    try:
        assert http.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


MESSAGES = re.compile(r"\b(FROM|JOIN)\s+messages\b", re.IGNORECASE)
FULL_SCAN = re.compile(r"Seq Scan on messages|SCAN messages\b")


@pytest.mark.parametrize("page", ["today", "client"])
def test_the_staff_pages_never_scan_the_whole_messages_table(
    app: Flask, demo_staff: Session, browser: MakeBrowser, phone: MakePhone, page: str
) -> None:
    phone(ALEX).text("Can I move my meeting to Friday?")
    james = browser()
    assert james.sign_in(JAMES).status_code == 302
    path = "/" if page == "today" else f"/clients/{client_by_phone(demo_staff, ALEX).id}"
    demo_staff.rollback()
    statements = page_statements(app, james.http, path)
    if page == "client":
        assert statements, "the client page reads the client's texts"
    for statement, params in statements:
        with demo_staff.begin():
            found = plan(demo_staff, statement, params)
            assert not FULL_SCAN.search(found), f"{statement}\n{found}"
