"""The outbox report warns when a broadcast cannot go out before its texts expire."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskCliRunner
from sqlalchemy import insert
from sqlalchemy.orm import Session

from botapp.config import sessions_of
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.models import Direction, Message
from tests.support import ALEX, MakeApp, botapp


def test_a_broadcast_too_big_for_one_long_code_is_reported(
    make_app: MakeApp, demo: Session
) -> None:
    app = make_app(SENDER_MPS="1")
    now = utcnow()
    rows = [
        {
            "direction": Direction.OUTBOUND,
            "phone": ALEX,
            "body": "Job fair Friday",
            "status": "pending",
            "category": "broadcast",
            "priority": outbox.BROADCAST.priority,
            "segments": 1,
            "not_before": now,
            "expires_at": now + timedelta(hours=10),
            "created_at": now,
            "updated_at": now,
            "attempts": 0,
        }
        for _ in range(40_000)
    ]
    with sessions_of(app).begin() as session:
        session.execute(insert(Message), rows)
    result = botapp(app.test_cli_runner(), "outbox")
    assert result.exit_code == 0, result.output
    assert "pending: broadcast 40000 (40000 segments)" in result.output
    assert "at 1 segments/s the pending texts take 11.1 h" in result.output
    # 40,000 one-segment texts at 1/s: those after the first 36,000 s miss their 10 h window
    # (a few more, as the report runs a few seconds after the texts were queued).
    found = re.search(r"WARNING: (\d+) pending texts will expire before their turn", result.output)
    assert found is not None and 4000 <= int(found.group(1)) <= 4060


def test_an_empty_outbox_says_so(runner: FlaskCliRunner) -> None:
    result = botapp(runner, "outbox")
    assert "outbound texts: empty" in result.output and "pending: none" in result.output
