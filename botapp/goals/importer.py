"""IPE goal import from CSV: goals found or created by client and title, steps kept by step_id.

Every row is checked and every problem reported by line; good rows are imported and their
check-ins planned (only the client's own open steps get any).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.goals import messages as g
from botapp.goals.timing import no_checkins, pending_checkin, plan_checkins
from botapp.messages import staff as t
from botapp.messages.formatting import LocalTime
from botapp.models import Client, Goal, GoalStep, StepStatus
from botapp.services.csvfiles import CsvRow, ImportReport, Notice, read_rows

REQUIRED = ("client_external_id", "goal", "step_id", "step", "responsible")
OPTIONAL = ("due_date", "cadence_days")
MAX_LENGTH = {"goal": 200, "step_id": 64, "step": 160}  # the Goal and GoalStep columns
RESPONSIBLE = ("client", "specialist", "provider")
DEFAULT_CADENCE, MAX_CADENCE = 14, 365
# Word processors' typography has plain GSM-7 twins; one curly quote would double a text's cost.
PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


@dataclass(frozen=True)
class StepRow:
    """One checked row: whose plan, which goal, and the step as it should stand."""

    client: Client
    goal: str
    step_id: str | None  # the CSV's step_id, or the web page's own "web-…"
    step: str
    responsible: str
    due_on: date | None
    cadence_days: int


class _Row(CsvRow):
    """A goal-step row of the file, checked field by field."""

    def text(self, name: str) -> str:
        raw = self.values[name].translate(PLAIN) if name == "step" else self.values[name]
        if not raw:
            self.fail(t.REQUIRED, field=name)
        elif len(raw) > MAX_LENGTH.get(name, len(raw)):
            self.fail(t.TOO_LONG, field=name, max=MAX_LENGTH[name])
        return raw

    def due_on(self) -> date | None:
        raw = self.values.get("due_date", "")
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date() if raw else None
        except ValueError:
            self.fail(g.DUE_DATE, value=raw)
            return None

    def cadence(self) -> int:
        raw = self.values.get("cadence_days", "")
        if not raw:
            return DEFAULT_CADENCE
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_CADENCE:
            self.fail(g.CADENCE, value=raw, max=MAX_CADENCE)
            return DEFAULT_CADENCE
        return int(raw)

    def check(self, clients: dict[str, Client]) -> StepRow | None:
        external_id = self.text("client_external_id")
        client = clients.get(external_id)
        if external_id and client is None:
            self.fail(g.UNKNOWN_CLIENT, value=external_id)
        goal, step_id, step = self.text("goal"), self.text("step_id"), self.text("step")
        responsible = self.text("responsible").lower()
        if responsible and responsible not in RESPONSIBLE:
            self.fail(g.RESPONSIBLE, value=self.values["responsible"])
        due_on, cadence = self.due_on(), self.cadence()
        if self.problems or client is None:
            return None
        return StepRow(client, goal, step_id, step, responsible, due_on, cadence)


def _goal(session: Session, client: Client, title: str) -> Goal:
    """The client's goal with `title`, created when new."""
    goal = session.scalars(
        select(Goal).where(Goal.client_id == client.id, Goal.title == title)
    ).first()
    if goal is None:
        goal = Goal(client_id=client.id, title=title)
        session.add(goal)
        session.flush()
    return goal


def save_step(session: Session, row: StepRow, step: GoalStep | None, now: datetime) -> GoalStep:
    """Create or update the step of `row` and plan its check-ins."""
    goal = _goal(session, row.client, row.goal)  # before the new step: its query flushes
    if step is None:
        step = GoalStep(external_id=row.step_id, status=StepStatus.NOT_STARTED, missed_checkins=0)
        session.add(step)
    step.goal_id = goal.id
    step.description, step.responsible = row.step, row.responsible
    step.due_on, step.cadence_days = row.due_on, row.cadence_days
    session.flush()
    plan_checkins(session, step, row.client, now)
    return step


def _scheduled(session: Session, step: GoalStep, client: Client, line: int) -> Notice | None:
    """What the row scheduled: the step's next check-in, or why it gets none."""
    why = no_checkins(step, client)
    if why is not None:
        return Notice(why, {"line": line, "responsible": step.responsible})
    pending = pending_checkin(session, step)
    if pending is None:
        return None
    when = LocalTime(pending.due_at, client.timezone)
    return Notice(g.SCHEDULED, {"line": line, "when": when}, n=step.cadence_days)


def import_goals(session: Session, data: bytes, now: datetime) -> ImportReport:
    """Create or update (by step_id) the IPE goal steps of a CSV file; the caller commits."""
    rows, report = read_rows(data, _Row, REQUIRED, OPTIONAL)
    named = {row.values["client_external_id"] for row in rows}
    clients = {
        c.external_id: c
        for c in session.scalars(select(Client).where(Client.external_id.in_(named)))
    }
    seen: dict[str, int] = {}  # step_id -> the first line holding it
    for row in rows:
        checked = row.check(clients)
        step_id = row.values["step_id"]
        if step_id and step_id in seen:
            row.fail(g.DUPLICATE_STEP, value=step_id, first=seen[step_id])
        seen.setdefault(step_id, row.line)
        step = session.scalars(select(GoalStep).where(GoalStep.external_id == step_id)).first()
        if checked and step and step.goal.client_id != checked.client.id:
            owner = session.get_one(Client, step.goal.client_id)
            row.fail(g.OTHER_CLIENT, value=step_id, external_id=owner.external_id)
        if row.problems or checked is None:
            report.rejected += [(row.line, p) for p in row.problems]
            continue
        if step is None:
            report.created += 1
        else:
            report.updated += 1
        notice = _scheduled(
            session, save_step(session, checked, step, now), checked.client, row.line
        )
        report.scheduled += [notice] if notice else []
    return report
