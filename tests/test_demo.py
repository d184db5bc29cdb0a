"""The demo command loads a caseload with something to talk about, and can be run again."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.models import Appointment, Client, GoalStep, Placement, ScheduledItem
from tests.support import botapp


def test_seed_demo_loads_clients_and_their_plans_and_is_rerunnable(
    app: Flask, runner: FlaskCliRunner, session: Session
) -> None:
    for _ in range(2):
        result = botapp(runner, "seed-demo")
        assert result.exit_code == 0, result.output
    counts = [
        session.scalar(select(func.count()).select_from(model))
        for model in (Client, Appointment, GoalStep, Placement)
    ]
    assert counts == [6, 1, 1, 1]
    pending = session.scalars(select(ScheduledItem.kind).where(ScheduledItem.status == "pending"))
    assert {"appointment.reminder", "goal.checkin", "placement.followup"} <= set(pending)
