"""Stories of IPE goal check-ins: a specialist imports a plan, the client is asked about their
own steps every few days, and what they answer (or leave unanswered) reaches the case record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.delivery import outbox
from botapp.encoding import analyze
from botapp.flows import engine
from botapp.flows.engine import Flow, Step, Turn
from botapp.flows.replies import choose
from botapp.goals.flow import DONE, HELP, WORKING
from botapp.messages import sms
from botapp.messages.formatting import LocalTime
from botapp.models import (
    ClientStatus,
    Conversation,
    FlowAnswer,
    Goal,
    GoalStep,
    ScheduledItem,
    StepStatus,
)
from tests.support import (
    ALEX,
    CHICAGO,
    LUCIA,
    SPECIALIST,
    MakePhone,
    WriteCsv,
    botapp,
    client_by_phone,
    escalations,
    look,
    notes,
    resolve_escalations,
    run_items,
    start_flow,
    texts_to,
    today,
    wake_questions,
)

HEADER = "client_external_id,goal,step_id,step,responsible,due_date,cadence_days\n"
RESUME = "DEMO-1001,Warehouse associate,S-1,Update your resume with your job coach,client,,\n"
HELP_EN = "Thanks for telling us, Alex. Your specialist will reach out to help you soon."
HELP_ES = "Gracias por avisarnos, Lucía. Su especialista le va a contactar pronto para ayudarle."
ASK_RESUME = (
    "Job Connect: Did you finish: Update your resume with your job coach? "
    "Reply 1 Done, 2 Working on it, 3 Need help"
)


def import_plan(runner: FlaskCliRunner, tmp_csv: WriteCsv, rows: str) -> Result:
    """Run `botapp import goals` on a file with the usual header and `rows`."""
    return botapp(runner, "import", "goals", str(tmp_csv(HEADER + rows)))


def local_10am(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=CHICAGO).astimezone(UTC)


def checkins(session: Session, step_id: str, status: str = "pending") -> list[datetime]:
    query = (
        select(ScheduledItem.due_at)
        .join(GoalStep, GoalStep.id == ScheduledItem.subject_id)
        .where(GoalStep.external_id == step_id, ScheduledItem.kind == "goal.checkin")
        .where(ScheduledItem.status == status)
    )
    return [due for (due,) in look(session, query)]


def step_state(session: Session, step_id: str) -> tuple[StepStatus, int]:
    query = select(GoalStep.status, GoalStep.missed_checkins).where(GoalStep.external_id == step_id)
    return look(session, query)[0]


def no_answer(app: Flask, session: Session, asked_at: datetime) -> None:
    """Nobody answers: the engine re-prompts after 4 hours and gives up after a day."""
    for later in (timedelta(hours=5), timedelta(hours=25)):
        wake_questions(app, session, asked_at + later)


def first_checkin(app: Flask, session: Session, step_id: str = "S-1") -> datetime:
    """Run the step's next check-in; return when it was due."""
    [due] = checkins(session, step_id)
    run_items(app, session, due)
    return due


# Importing the plan


def test_a_plan_is_imported_and_only_the_clients_own_steps_get_check_ins(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    soon = today() + timedelta(days=5)
    result = import_plan(
        runner,
        tmp_csv,
        RESUME
        + f"DEMO-1001,Warehouse associate,S-2,Apply for 3 jobs,Client,{soon},7\n"
        + "DEMO-1001,Warehouse associate,S-3,Authorize work boots,specialist,,\n"
        + "DEMO-1001,Warehouse associate,S-4,Schedule the forklift class,provider,,\n",
    )
    assert result.exit_code == 0, result.output
    assert look(demo, select(func.count(Goal.id))) == [(1,)]
    # Every 14 days by default, mid-morning in the client's timezone...
    assert checkins(demo, "S-1") == [local_10am(today() + timedelta(days=14))]
    # ...or on the due date when it comes before the cadence does.
    assert checkins(demo, "S-2") == [local_10am(soon)]
    # The client cannot report on someone else's work: those steps are in the plan, untexted.
    assert checkins(demo, "S-3") == checkins(demo, "S-4") == []
    assert step_state(demo, "S-4") == (StepStatus.NOT_STARTED, 0)
    assert texts_to(demo, ALEX) == []  # importing sends nothing


def test_bad_rows_are_reported_by_line_and_the_good_rows_still_imported(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    assert import_plan(runner, tmp_csv, "DEMO-1002,Cook,L-1,Get a food handler card,client,,\n")
    result = import_plan(
        runner,
        tmp_csv,
        RESUME  # line 2: good
        + "NOBODY,Cook,S-2,Visit the job center,client,,\n"  # 3
        + "DEMO-1001,Cook,S-3,Visit the job center,coach,,\n"  # 4
        + "DEMO-1001,Cook,S-4,Visit the job center,client,12/01/2026,\n"  # 5
        + "DEMO-1001,Cook,S-5,Visit the job center,client,,0\n"  # 6
        + "DEMO-1001,Cook,S-6,Visit the job center,client,,two\n"  # 7
        + f"DEMO-1001,Cook,S-7,{'x' * 161},client,,\n"  # 8
        + "DEMO-1001,Cook,S-8,,client,,\n"  # 9
        + "DEMO-1001,Cook,S-1,Visit the job center,client,,\n"  # 10: line 2's step_id
        + "DEMO-1001,Cook,L-1,Visit the job center,client,,\n",  # 11: Lucía's step
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[:9] == [
        "line 3: no client has client_external_id 'NOBODY'",
        "line 4: responsible 'coach' must be client, specialist or provider",
        "line 5: due_date '12/01/2026' is not a date written as YYYY-MM-DD",
        "line 6: cadence_days '0' is not a whole number of days from 1 to 365",
        "line 7: cadence_days 'two' is not a whole number of days from 1 to 365",
        "line 8: step is longer than 160 characters",
        "line 9: step is empty",
        "line 10: step_id 'S-1' already appears on line 2",
        "line 11: step_id 'L-1' is already a step of client DEMO-1002",
    ]
    steps = select(GoalStep.external_id).order_by(GoalStep.external_id)
    assert look(demo, steps) == [("L-1",), ("S-1",)]


def test_importing_again_updates_steps_by_step_id_and_replans_their_check_ins(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    import_plan(runner, tmp_csv, RESUME)
    [planned] = checkins(demo, "S-1")
    import_plan(runner, tmp_csv, RESUME)  # the same plan: the same check-in stands
    assert checkins(demo, "S-1") == [planned]
    import_plan(runner, tmp_csv, RESUME.replace("job coach,client,,", "job coach,client,,7"))
    assert checkins(demo, "S-1") == [local_10am(today() + timedelta(days=7))]
    assert checkins(demo, "S-1", "cancelled") == [planned]
    import_plan(
        runner,
        tmp_csv,
        RESUME.replace("Update your resume with your job coach", "Ask for a reference"),
    )
    assert look(demo, select(GoalStep.description)) == [("Ask for a reference",)]
    assert look(demo, select(func.count(Goal.id))) == [(1,)]  # found again by client and title
    import_plan(runner, tmp_csv, RESUME.replace(",client,", ",specialist,"))
    assert checkins(demo, "S-1") == []


def test_typographic_quotes_are_made_plain_so_the_check_in_stays_cheap(
    app: Flask, runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    row = "DEMO-1001,Cook,S-1,“Call Ms. Lee’s office” – ask about hours…,client,,\n"
    assert import_plan(runner, tmp_csv, row).exit_code == 0
    first_checkin(app, demo)
    [ask] = texts_to(demo, ALEX)
    assert '"Call Ms. Lee\'s office" - ask about hours...' in ask
    assert analyze(ask).encoding == "GSM-7"


def test_even_the_longest_step_asks_in_two_segments_at_most(
    app: Flask, runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    longest = "Visit " + "x" * 154
    import_plan(runner, tmp_csv, f"DEMO-1001,Cook,S-1,{longest},client,,\n")
    first_checkin(app, demo)
    [ask] = texts_to(demo, ALEX)
    assert longest in ask and analyze(ask).segments == 2


# Answering a check-in


CARD = "DEMO-1002,Cocinera,L-1,Sacar la tarjeta de manipulador,client,,\n"
STEP = {ALEX: (RESUME, "S-1"), LUCIA: (CARD, "L-1")}  # each client's own step, and its id


@pytest.fixture
def number() -> str:
    """Whose plan `plan` imports: Alex's, unless a story parametrizes it (ALEX or LUCIA)."""
    return ALEX


@pytest.fixture
def plan(
    app: Flask, runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv, number: str
) -> datetime:
    """The client's plan has one step of their own; the clock has just asked about it."""
    rows, step_id = STEP[number]
    import_plan(runner, tmp_csv, rows)
    return first_checkin(app, demo, step_id)


def test_the_check_in_asks_about_the_step_and_sets_the_next_one(
    demo: Session, plan: datetime
) -> None:
    assert texts_to(demo, ALEX) == [ASK_RESUME]
    next_day = plan.astimezone(CHICAGO).date() + timedelta(days=14)
    assert checkins(demo, "S-1") == [local_10am(next_day)]


def test_done_thanks_the_client_and_ends_the_check_ins(
    demo: Session, phone: MakePhone, plan: datetime
) -> None:
    assert phone(ALEX).text("1") == [
        "Great job, Alex! We marked it as done and your specialist will see it."
    ]
    assert step_state(demo, "S-1") == (StepStatus.DONE, 0)
    assert checkins(demo, "S-1") == []
    assert notes(demo) == [("note.goals.done", False)]


def test_working_on_it_is_encouraged_and_the_check_ins_go_on(
    demo: Session, phone: MakePhone, plan: datetime
) -> None:
    assert phone(ALEX).text("still working on it") == [
        "Thanks, Alex. Keep going, you are making progress! We will check in again soon."
    ]
    assert step_state(demo, "S-1") == (StepStatus.WORKING, 0)
    assert len(checkins(demo, "S-1")) == 1
    assert notes(demo) == [("note.goals.working", False)]


@pytest.mark.parametrize(
    ("number", "reply", "thanks"),
    [
        (ALEX, "3", HELP_EN),
        (ALEX, "I need help", HELP_EN),
        (LUCIA, "3", HELP_ES),
        (LUCIA, "necesito ayuda", HELP_ES),
    ],
)
def test_needing_help_alerts_the_specialist_and_tells_the_client(
    demo: Session, phone: MakePhone, plan: datetime, number: str, reply: str, thanks: str
) -> None:
    assert phone(number).text(reply) == [thanks]
    step_id = STEP[number][1]
    assert step_state(demo, step_id) == (StepStatus.NEEDS_HELP, 0)
    assert notes(demo) == [("note.goals.needs_help", True), ("note.escalation.raised", False)]
    assert escalations(demo, said=reply) == [("needs_help", "today", "open", SPECIALIST[number])]
    assert len(checkins(demo, step_id)) == 1  # not done: the client is still asked later


def test_the_record_shows_the_options_offered_and_the_one_chosen(
    demo: Session, phone: MakePhone, plan: datetime
) -> None:
    phone(ALEX).text("I need help")
    answers = look(demo, select(FlowAnswer.step, FlowAnswer.offered, FlowAnswer.chosen))
    assert answers == [("progress", ["done", "working", "help"], "help")]


@pytest.mark.parametrize(
    ("reply", "key"),
    [
        ("1", "done"),
        ("Done!", "done"),
        ("yes i finished", "done"),
        ("Ya terminé", "done"),
        ("✅", "done"),
        ("2", "working"),
        ("not yet", "working"),
        ("todavía no", "working"),
        ("3", "help"),
        ("i need help with this", "help"),
        ("Necesito ayuda", "help"),
        ("not done", None),  # both "not done" and "done": asked again with the numbers
        ("what step?", None),
    ],
)
def test_replies_people_really_send_pick_the_right_answer(reply: str, key: str | None) -> None:
    picked = choose(reply, (DONE, WORKING, HELP))
    assert (picked.key if picked else None) == key


def test_an_unclear_reply_is_asked_once_more_with_the_numbers(
    demo: Session, phone: MakePhone, plan: datetime
) -> None:
    [again] = phone(ALEX).text("what do you mean")
    assert again == "Sorry, we did not understand. " + ASK_RESUME
    assert phone(ALEX).text("2")[0].startswith("Thanks, Alex. Keep going")


# Check-ins nobody answers


@pytest.mark.parametrize(
    ("number", "again"), [(ALEX, "Just checking in. "), (LUCIA, "Solo para confirmar. ")]
)
def test_two_missed_check_ins_in_a_row_alert_the_specialist(
    app: Flask, demo: Session, plan: datetime, number: str, again: str
) -> None:
    step_id = STEP[number][1]
    no_answer(app, demo, plan)
    [asked, reminded] = texts_to(demo, number)
    assert reminded == again + asked  # in the client's language
    assert step_state(demo, step_id) == (StepStatus.NOT_STARTED, 1)
    assert notes(demo) == [("note.goals.missed", False)]
    no_answer(app, demo, first_checkin(app, demo, step_id))
    assert step_state(demo, step_id)[1] == 2
    assert notes(demo)[-2:] == [
        ("note.goals.missed_in_a_row", True),
        ("note.escalation.raised", False),
    ]
    resolve_escalations(demo)  # the specialist called (the open one would hold the third)
    no_answer(app, demo, first_checkin(app, demo, step_id))  # a third: noted, no second alarm
    assert notes(demo)[-1] == ("note.goals.missed_in_a_row", False)
    # Just the one, resolved by the person who called.
    assert escalations(demo) == [("missed_checkins", "today", "resolved", "admin@demo.example")]


def test_an_answer_starts_the_missed_count_again(
    app: Flask, demo: Session, phone: MakePhone, plan: datetime
) -> None:
    no_answer(app, demo, plan)
    first_checkin(app, demo)
    phone(ALEX).text("2")
    assert step_state(demo, "S-1") == (StepStatus.WORKING, 0)
    no_answer(app, demo, first_checkin(app, demo))
    assert notes(demo)[-1] == ("note.goals.missed", False)  # one miss again, no alert
    assert not any(alert for _, alert in notes(demo))


# When check-ins are not sent


def test_a_client_who_opted_out_is_not_asked_until_they_opt_back_in(
    app: Flask, demo: Session, phone: MakePhone, runner: FlaskCliRunner, tmp_csv: WriteCsv
) -> None:
    import_plan(runner, tmp_csv, RESUME)
    phone(ALEX).text("STOP")
    before = texts_to(demo, ALEX)
    first_checkin(app, demo)
    assert texts_to(demo, ALEX) == before  # nothing asked while opted out
    assert look(demo, select(func.count(Conversation.id))) == [(0,)]  # so no miss either
    assert len(checkins(demo, "S-1")) == 1  # the next one is set, for after START
    phone(ALEX).text("START")
    first_checkin(app, demo)
    assert texts_to(demo, ALEX)[-1] == ASK_RESUME


def test_a_closed_case_gets_no_more_check_ins(
    app: Flask, demo: Session, runner: FlaskCliRunner, tmp_csv: WriteCsv
) -> None:
    import_plan(runner, tmp_csv, RESUME)
    with demo.begin():
        client_by_phone(demo, ALEX).status = ClientStatus.CLOSED
    first_checkin(app, demo)
    assert texts_to(demo, ALEX) == []
    assert checkins(demo, "S-1") == []


def test_a_done_step_imported_again_stays_done_and_unasked(
    demo: Session, phone: MakePhone, runner: FlaskCliRunner, tmp_csv: WriteCsv, plan: datetime
) -> None:
    phone(ALEX).text("done")
    import_plan(runner, tmp_csv, RESUME.replace("job coach,client,,", "job coach,client,,7"))
    assert step_state(demo, "S-1")[0] is StepStatus.DONE
    assert checkins(demo, "S-1") == []


# One question at a time


def remind_answered(turn: Turn[None]) -> None:
    """Takes any answer and finishes."""


REMINDER = Flow(
    name="test_reminder",
    first="remind",
    steps={"remind": Step(lambda turn: (sms.HELP_REPLY, {"phone": "REMINDER"}), remind_answered)},
    category=outbox.REMINDER,
)


@pytest.fixture
def reminders() -> Iterator[Flow[None]]:
    engine.register(REMINDER)
    yield REMINDER
    engine.REGISTRY.pop(REMINDER.name)


def test_a_reminder_queued_behind_the_check_in_comes_only_after_the_answer(
    app: Flask, demo: Session, phone: MakePhone, plan: datetime, reminders: Flow[None]
) -> None:
    start_flow(app, demo, reminders)
    assert texts_to(demo, ALEX) == [ASK_RESUME]  # the reminder waits its turn
    done, reminder = phone(ALEX).text("1")
    assert done.startswith("Great job, Alex!")
    assert "REMINDER" in reminder
    assert step_state(demo, "S-1")[0] is StepStatus.DONE


def test_a_check_in_still_waiting_its_turn_is_not_asked_twice(
    app: Flask, demo: Session, runner: FlaskCliRunner, tmp_csv: WriteCsv, reminders: Flow[None]
) -> None:
    import_plan(runner, tmp_csv, RESUME.replace("job coach,client,,", "job coach,client,,1"))
    start_flow(app, demo, reminders)  # an open question Alex never answers
    due = first_checkin(app, demo)
    first_checkin(app, demo)  # a day later the step is due again
    waiting = select(Conversation.flow, Conversation.status).order_by(Conversation.id)
    assert look(demo, waiting) == [("test_reminder", "active"), ("goal_checkin", "queued")]
    assert checkins(demo, "S-1") == [local_10am(due.astimezone(CHICAGO).date() + timedelta(2))]


# Spanish (passes once /tmp/es_goals.json is merged into the catalogs)


def test_lucia_is_asked_in_spanish_after_the_translations_are_merged(
    app: Flask, demo: Session, runner: FlaskCliRunner, tmp_csv: WriteCsv
) -> None:
    import_plan(runner, tmp_csv, CARD)
    first_checkin(app, demo, "L-1")
    assert texts_to(demo, LUCIA) == [
        "Job Connect: Sacar la tarjeta de manipulador. ¿Ya lo hizo? "
        "Responda 1 Listo, 2 Trabajando en eso, 3 Necesito ayuda"
    ]


def test_the_import_says_when_each_step_is_checked_in_on_or_why_never(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_plan(
        runner,
        tmp_csv,
        "DEMO-1001,Cook,S-1,Get a food handler card,client,,7\n"
        "DEMO-1001,Cook,S-2,Call the employer,specialist,,7\n",
    )
    assert result.exit_code == 0, result.output
    first = LocalTime(local_10am(today() + timedelta(days=7)), "America/Chicago").text("en")
    assert result.output.splitlines()[:2] == [
        f"line 2: next check-in {first}, then every 7 days until the step is done",
        "line 3: no check-ins: the step is the specialist's to do, not the client's",
    ]
