"""The broadcast benchmark's agency: generated in bulk once, cached, and copied fresh per run.

One agency, one office, a specialist per 500 clients, and `clients` active clients in four
languages (en 55 %, es 35 %, vi and zh 5 % each: the broadcast has texts in en and es only, so
vi and zh readers get the default, English) spread over three US time zones. Clients are
generated in the database (INSERT ... SELECT over a recursive CTE on SQLite, generate_series
on PostgreSQL) and ANALYZEd. The data is kept between runs, keyed by the scenario and the
newest migration: a SQLite file under the temp dir, a PostgreSQL database `bench_bc_<key>`
(a database, not a schema, so that `CREATE DATABASE ... TEMPLATE` copies it whole); `fresh`
builds it again. Every timed step runs on a copy of it, made for that step and dropped after.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.databases import app_env
from bench.web import MIGRATIONS, _numbers
from botapp import create_app
from botapp.broadcasts import texts
from botapp.cli.database import upgrade
from botapp.config import engine_of, sessions_of
from botapp.db import create_quiet_engine
from botapp.encoding import analyze
from botapp.models import Agency, Broadcast, Client, Office, Role, Staff

# (language, share in twentieths): en 55 %, es 35 %, vi 5 %, zh 5 %.
LANGUAGES = (("en", 11), ("es", 7), ("vi", 1), ("zh", 1))
TEXTS = {  # the broadcast has these two; vi and zh readers get the default (en)
    "en": "{event} on {date} at {time}, {place}, {address}. Bring your resume.",
    "es": "{event}: {date} a las {time}, {place}, {address}. Traiga su curriculum.",
}
ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles")
PER_SPECIALIST = 500
PROGRAM = "Job Connect"
READY = "bench_ready"


def key(clients: int) -> str:
    """Names the cached data: the client count and the newest migration."""
    newest = max(p.name.split("_")[0] for p in MIGRATIONS.glob("[0-9]*.py"))
    return f"c{clients}_v{newest}_g2"  # g: the generator's version


def phone(i: int) -> str:
    """Client number i's phone (i from 1)."""
    return f"+1312{3_000_000 + i:07d}"


def _language_case() -> str:
    cases, upto = [], 0
    for language, share in LANGUAGES:
        upto += share
        cases.append(f"WHEN i % 20 < {upto} THEN '{language}'")
    return "CASE " + " ".join(cases) + " END"


def _people(session: Session, clients: int) -> tuple[int, int]:
    """The agency (default quiet hours 20:00-09:00), its office and specialists: (office id,
    first specialist's id)."""
    agency = Agency(name="Bench agency", program_name=PROGRAM)
    office = Office(agency=agency, name="Bench office")
    count = max(1, -(-clients // PER_SPECIALIST))
    staff = [
        Staff(
            office=office,
            email=f"specialist{n}@bench.example",
            name=f"Specialist {n}",
            role=Role.SPECIALIST,
        )
        for n in range(count)
    ]
    session.add_all([agency, office, *staff])
    session.flush()
    return office.id, staff[0].id


def build(url: str, clients: int) -> None:
    """Migrate and fill an empty database with the agency's clients; ANALYZE it."""
    upgrade(url)
    app = create_app(app_env(url))
    session = sessions_of(app)()
    with session.begin():
        office, first = _people(session, clients)
    session.close()
    engine = engine_of(app)
    started = time.perf_counter()
    with engine.begin() as conn:
        cte, source = _numbers(conn.dialect.name, str(clients))
        phone_sql = "'+1312' || (3000000 + i)"
        if conn.dialect.name == "postgresql":
            phone_sql += "::text"
        zones = " ".join(f"WHEN i % 3 = {n} THEN '{z}'" for n, z in enumerate(ZONES))
        conn.execute(
            text(
                "INSERT INTO clients (office_id, external_id, first_name, last_name, "
                "first_name_search, last_name_search, phone, language, timezone, "
                "specialist_id, status, created_at, updated_at) "
                f"{cte}SELECT {office}, 'BC-' || i, 'Client', 'Number ' || i, "
                "'client', 'number ' || i, "  # the names folded, as the model keeps them
                f"{phone_sql}, "
                f"{_language_case()}, CASE {zones} END, "
                f"{first} + ((i - 1) / {PER_SPECIALIST}), 'active', :at, :at FROM {source}"
            ),
            {"at": datetime.now(UTC)},
        )
        conn.execute(text(f"CREATE TABLE {READY} (done INTEGER)"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    engine.dispose()


def _ready(engine: Engine) -> bool:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            query = text("SELECT count(*) FROM sqlite_master WHERE name = :n")
        else:
            query = text("SELECT count(*) FROM pg_tables WHERE tablename = :n")
        return bool(conn.execute(query, {"n": READY}).scalar())


def _folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "botapp-bench-broadcast"
    folder.mkdir(exist_ok=True)
    return folder


def cached_sqlite(clients: int, fresh: bool) -> Path:
    """The cached SQLite file, built when missing (or `fresh`)."""
    path = _folder() / f"{key(clients)}.sqlite3"
    if path.exists() and not fresh:
        engine = create_quiet_engine(f"sqlite:///{path}")
        ready = _ready(engine)
        engine.dispose()
        if ready:
            return path
    for stale in _folder().glob(f"{key(clients)}.sqlite3*"):
        stale.unlink()
    print(f"building {path} ...", file=sys.stderr)
    build(f"sqlite:///{path}", clients)
    return path


def _admin(base: str) -> Engine:
    return create_quiet_engine(base).execution_options(isolation_level="AUTOCOMMIT")


def _with_database(base: str, name: str) -> str:
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def cached_postgresql(base: str, clients: int, fresh: bool) -> str:
    """The cached PostgreSQL database's name, built when missing (or `fresh`)."""
    name = f"bench_bc_{key(clients)}".lower()
    admin = _admin(base)
    try:
        with admin.connect() as conn:
            found = conn.scalar(
                text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if found and not fresh:
                engine = create_quiet_engine(_with_database(base, name))
                ready = _ready(engine)
                engine.dispose()
                if ready:
                    return name
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        print(f"building database {name} ...", file=sys.stderr)
        try:
            build(_with_database(base, name), clients)
        except BaseException:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            raise
        return name
    finally:
        admin.dispose()


def cached(kind: str, clients: int, fresh: bool, pg_url: str) -> str:
    """The URL of the cached agency (built when missing, or `fresh`): for reading only."""
    if kind == "sqlite":
        return f"sqlite:///{cached_sqlite(clients, fresh)}"
    return _with_database(pg_url, cached_postgresql(pg_url, clients, fresh))


@contextmanager
def copy_of(kind: str, clients: int, pg_url: str, tmp: Path) -> Iterator[str]:
    """A URL of a fresh copy of the cached agency, removed after the block."""
    tag = uuid.uuid4().hex[:8]
    if kind == "sqlite":
        path = tmp / f"copy-{tag}.sqlite3"
        shutil.copyfile(cached_sqlite(clients, False), path)
        try:
            yield f"sqlite:///{path}"
        finally:
            for done in tmp.glob(f"copy-{tag}.sqlite3*"):
                done.unlink()
        return
    template, name = cached_postgresql(pg_url, clients, False), f"bench_bc_copy_{tag}"
    admin = _admin(pg_url)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        yield _with_database(pg_url, name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start_time(now: datetime) -> datetime:
    """The latest 18:00 UTC before `now`: 13:00 or 14:00 in New York, 10:00 or 11:00 in Los
    Angeles, so no recipient's text is deferred for quiet hours by the enqueue."""
    at = now.astimezone(UTC).replace(hour=18, minute=0, second=0, microsecond=0)
    return at if at <= now else at - timedelta(days=1)


def open_hours(url: str, now: datetime) -> None:
    """Move the agency's quiet hours at `url` to the local hour twelve hours from `now` in New
    York: outside it in every zone for hours, so the dispatcher sends every client's text
    during the drain whatever the time of day the benchmark runs (with the default 20:00-09:00
    it sent none from 04:00 to 14:00 UTC)."""
    local = now.astimezone(ZoneInfo(ZONES[0])) + timedelta(hours=12)
    start = local.time().replace(minute=0, second=0, microsecond=0)
    end = (local + timedelta(hours=1)).time().replace(minute=0, second=0, microsecond=0)
    engine = create_quiet_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(update(Agency).values(quiet_start=start, quiet_end=end))
    finally:
        engine.dispose()


def _broadcast(agency_id: int, now: datetime) -> Broadcast:
    """The benchmark's broadcast, a draft: texts en and es (default en; both GSM-7, as the
    composer would suggest), to every active client, an event a week ahead asking who comes."""
    return Broadcast(
        agency_id=agency_id,
        name="Spring job fair",
        texts=dict(TEXTS),
        default_language="en",
        segment={},
        event_name="Job fair",
        event_place="Harold Washington Library",
        event_address="400 S State St",
        event_at=(now + timedelta(days=7)).replace(hour=16, minute=0, second=0, microsecond=0),
        event_timezone="America/Chicago",
        ask_rsvp=True,
    )


def add_broadcast(url: str, now: datetime) -> int:
    """The benchmark's broadcast added to the agency at `url`; its id."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session, session.begin():
            broadcast = _broadcast(session.scalars(select(Agency.id)).one(), now)
            session.add(broadcast)
            session.flush()
            return broadcast.id
    finally:
        engine.dispose()


def costs(now: datetime) -> dict[str, str]:
    """Each text's language, as sent: its segments and encoding, for the report."""
    broadcast = _broadcast(0, now)
    found = {}
    for language in TEXTS:
        cost = analyze(texts.body(broadcast, language, PROGRAM))
        found[language] = f"{cost.segments} segments ({cost.encoding})"
    return found


def client_count(url: str) -> dict[str, int]:
    """The agency's clients by language."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(select(Client.language, func.count()).group_by(Client.language))
            return {str(language): int(n) for language, n in rows}
    finally:
        engine.dispose()
