"""The clock benchmark's data (`bench/clock_fill.py`) still fits the schema it fills.

The full benchmark (`python -m bench clock`) takes minutes and runs no test; its fill once
broke unseen when the clients table gained a column. The fill rebuilds indexes and ANALYZEs:
it gets a database of its own, so no other test's query plans see its statistics.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import clock_fill
from botapp import create_app
from botapp.cli.database import upgrade
from botapp.cli.demo import seed
from botapp.config import engine_of, sessions_of
from botapp.db import utcnow
from botapp.models import Client
from tests.support import app_env


def test_the_clock_benchmark_fills_clients_and_items_the_schema_takes(
    bare_database_url: str,
) -> None:
    upgrade(bare_database_url)
    app = create_app(app_env(bare_database_url))
    session: Session = sessions_of(app)()
    with session.begin():
        seed(session)
    ids = clock_fill.add_clients(app, 3)
    clock_fill.add_items(app, "check_in", ids, utcnow(), [60.0, 120.0, 180.0, 240.0])
    names = session.scalars(select(Client.last_name_search).where(Client.id.in_(ids))).all()
    session.close()
    assert sorted(names) == ["client 0", "client 1", "client 2"]
    assert clock_fill.count_items(app)["pending"] == 4
    engine_of(app).dispose()
