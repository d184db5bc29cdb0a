"""The queues' queries use their partial indexes, as the database plans them.

Each index on messages is written by every INSERT it covers, the webhook's too, so most are
partial (migration 0006). A partial index only serves a query whose WHERE clause implies its
predicate, as the planner sees it: PostgreSQL's generic plan for a prepared statement sees a
bound status as an unknown, and SQLite matches the predicate's terms as written. These tests
plan the statements the real functions send, and on PostgreSQL as a forced generic plan.
The opt-out rule, which every one of its readers puts in its own query, must find a number's
newest choice through the (phone, id) index. The staff pages (Today, a client's record) never
read the whole messages or clients table, whatever they become: every SELECT on either that
they send is planned; the name search and the unmatched inbox read their own indexes. A tiny
test database cannot show a cost-based bad choice (bench/web.py's big agency does): these
tests catch a query that has no index path at all.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from itertools import takewhile
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from psycopg import sql
from sqlalchemy import Connection, Select, event, select
from sqlalchemy.orm import Session

from botapp.config import engine_of, sessions_of, settings_of
from botapp.contact.flow import due_for_contact
from botapp.db import Base, utcnow
from botapp.delivery import claims, outbox
from botapp.models import Client, Direction, Message, MessageStatus
from botapp.services import consent
from botapp.transport.console import ConsoleTransport
from botapp.workers import inbound as inbound_queue
from botapp.workers.dispatcher import Dispatcher
from tests.support import (
    ADMIN,
    ALEX,
    DANA,
    JAMES,
    STRANGER,
    MakeBrowser,
    MakePhone,
    client_by_phone,
)


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


# The staff pages (bench/web.py times them in an agency of 100,000 clients and 5,000,000
# messages).

# The partial indexes: reading one whole reads only the rows its query wants.
PARTIAL = {
    index.name
    for table in Base.metadata.tables.values()
    for index in table.indexes
    if index.dialect_options["postgresql"]["where"] is not None
}
BIG_TABLES = re.compile(r"\b(FROM|JOIN)\s+(messages|clients)\b", re.IGNORECASE)
# A scan node of a plan: PostgreSQL's "Index Scan Backward using ix on messages", SQLite's
# "SCAN clients USING COVERING INDEX ix".
PG_SCAN = re.compile(
    r"(Seq Scan|Index Scan|Index Only Scan)(?: Backward)?(?: using (\w+))? on (messages|clients)\b"
)
SQLITE_SCAN = re.compile(r"\bSCAN (messages|clients)\b(?: USING (?:COVERING )?INDEX (\w+))?")


def whole_table_reads(found: str) -> list[str]:
    """The scans in the plan `found` that read all of messages or clients: a sequential scan,
    or an index read from end to end (no Index Cond) unless the index is partial."""
    lines = found.splitlines()
    whole = []
    for n, line in enumerate(lines):
        if (lite := SQLITE_SCAN.search(line)) is not None:
            if lite.group(2) not in PARTIAL:
                whole.append(line.strip())
        elif (pg := PG_SCAN.search(line)) is not None:
            kind, index, _table = pg.groups()
            details = takewhile(lambda detail: "->" not in detail, lines[n + 1 :])
            bounded = any("Index Cond" in detail for detail in details)
            if kind == "Seq Scan" or not (bounded or index in PARTIAL):
                whole.append(line.strip())
    return whole


def test_the_whole_table_check_sees_a_full_read_of_clients(demo: Session) -> None:
    def planned(query: Select[Any]) -> str:
        return plan(demo, *sent_statement(demo, lambda: demo.execute(query), "FROM clients"))

    with demo.begin():
        by_name = select(Client.id).where(Client.first_name == "Alex").order_by(Client.id)
        assert whole_table_reads(planned(by_name))
        theirs = select(Client.id).where(Client.specialist_id == 1)
        assert whole_table_reads(planned(theirs)) == []


def page_statements(app: Flask, http: FlaskClient, path: str) -> list[tuple[str, Any]]:
    """The SELECTs reading messages or clients that the page at `path` sent, with their
    parameters."""
    seen: list[tuple[str, Any]] = []

    def grab(
        _conn: Connection, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT") and BIG_TABLES.search(statement):
            seen.append((statement, parameters))

    engine = engine_of(app)
    event.listen(engine, "before_cursor_execute", grab)
    try:
        assert http.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


@pytest.mark.parametrize("page", ["today", "client"])
def test_the_staff_pages_never_read_the_whole_messages_or_clients_table(
    app: Flask, demo_staff: Session, browser: MakeBrowser, phone: MakePhone, page: str
) -> None:
    phone(ALEX).text("Can I move my meeting to Friday?")
    james = browser()
    assert james.sign_in(JAMES).status_code == 302
    path = "/" if page == "today" else f"/clients/{client_by_phone(demo_staff, ALEX).id}"
    demo_staff.rollback()
    statements = page_statements(app, james.http, path)
    reading = " ".join(statement for statement, _ in statements)
    assert "FROM messages" in reading, "the page reads the client's texts"
    assert "FROM clients" in reading, "the page reads the clients"
    for statement, params in statements:
        with demo_staff.begin():
            found = plan(demo_staff, statement, params)
            assert whole_table_reads(found) == [], f"{statement}\n{found}"


@pytest.mark.parametrize("typed", ["lopez", "hernán", "lucia hern"])
def test_the_name_search_reads_the_folded_names_index(
    app: Flask, demo_staff: Session, browser: MakeBrowser, typed: str
) -> None:
    admin = browser()  # all the agency's clients: no caseload narrows the search
    assert admin.sign_in(ADMIN).status_code == 302
    demo_staff.rollback()
    [(statement, params)] = [
        found
        for found in page_statements(app, admin.http, f"/clients?q={typed}")
        if "_name_search >=" in found[0]
    ]
    with demo_staff.begin():
        found = plan(demo_staff, statement, params)
        assert "ix_clients_last_name_search" in found, found
        assert "ix_clients_first_name_search" in found, found
        assert whole_table_reads(found) == [], found


def test_the_unmatched_inbox_reads_only_unmatched_texts(
    app: Flask, demo_staff: Session, browser: MakeBrowser, phone: MakePhone
) -> None:
    phone(STRANGER).text("hello? who is this")
    dana = browser()
    assert dana.sign_in(DANA).status_code == 302
    demo_staff.rollback()
    [(statement, params)] = page_statements(app, dana.http, "/inbox")
    with demo_staff.begin():
        found = plan(demo_staff, statement, params)
        assert "ix_messages_unmatched" in found, found
        assert whole_table_reads(found) == [], found
