"""The clock benchmark's data (`bench/clock_fill.py`) still fits the schema it fills.

The full benchmark (`python -m bench clock`) takes minutes and runs no test; its fill once
broke unseen when the clients table gained a column.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import clock_fill
from botapp.db import utcnow
from botapp.models import Client


def test_the_clock_benchmark_fills_clients_and_items_the_schema_takes(
    app: Flask, demo: Session
) -> None:
    ids = clock_fill.add_clients(app, 3)
    clock_fill.add_items(app, "check_in", ids, utcnow(), [60.0, 120.0, 180.0, 240.0])
    names = demo.scalars(select(Client.last_name_search).where(Client.id.in_(ids))).all()
    demo.rollback()
    assert sorted(names) == ["client 0", "client 1", "client 2"]
    assert clock_fill.count_items(app)["pending"] == 4
