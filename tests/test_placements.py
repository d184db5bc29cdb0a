"""Stories of a client's first 90 days in a job: follow-ups, problems, job loss, retention."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from unittest.mock import Mock

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.flows import schedule
from botapp.messages.formatting import LocalTime
from botapp.models import (
    Conversation,
    FlowAnswer,
    Message,
    Placement,
    PlacementStatus,
    ScheduledItem,
)
from botapp.placements import service
from botapp.placements.importer import import_placements
from botapp.placements.job_loss import job_ended, job_loss_reason
from botapp.placements.timing import DEFAULT_DAYS, FOLLOW_UP, schedule_ladder
from botapp.services.csvfiles import ImportReport
from tests.support import (
    ALEX,
    CHICAGO,
    LUCIA,
    SPECIALIST,
    MakePhone,
    WriteCsv,
    botapp,
    escalations,
    fresh,
    notes,
    run_items,
    texts_to,
    today,
    wake_questions,
)


def shown(on: date) -> str:
    """A date as a case-record line shows it to an English reader: "Dec 3, 2025"."""
    return f"{on:%b} {on.day}, {on.year}"


HEADER = (
    "external_id,client_external_id,employer,job_title,start_date,"
    "hours_per_week,hourly_wage,employer_contact,may_contact_employer\n"
)


def at(start: date, day: int) -> datetime:
    """When the day-`day` follow-up of a job started on `start` falls due: 10:00 in Chicago."""
    return datetime.combine(start + timedelta(days=day), time(10), tzinfo=CHICAGO)


def row(
    pid: str = "P-1",
    employer: str = "Acme Foods",
    start: date | None = None,
    client: str = "DEMO-1001",
    rest: str = "32,15.50,Pat Lee 312-555-0199,yes",
) -> str:
    """A CSV row of a placement (Alex's, as a line cook starting today, unless told)."""
    return f"{pid},{client},{employer},Line cook,{(start or today()).isoformat()},{rest}"


def hire(session: Session, *rows: str) -> ImportReport:
    """Import placements the way `botapp import placements` does."""
    data = (HEADER + "".join(r + "\n" for r in rows)).encode()
    with fresh(session).begin():
        return import_placements(session, data, utcnow())


def placement(session: Session, pid: str = "P-1") -> Placement:
    return fresh(session).scalars(select(Placement).where(Placement.external_id == pid)).one()


def rungs(session: Session, status: str = "pending") -> list[tuple[datetime, int]]:
    query = select(ScheduledItem).where(
        ScheduledItem.kind == FOLLOW_UP, ScheduledItem.status == status
    )
    items = fresh(session).scalars(query.order_by(ScheduledItem.due_at))
    return [(i.due_at, i.params["day"]) for i in items]


THANKS_EN = "Thanks for telling us, Alex. Your specialist will reach out to you soon."
THANKS_ES = "Gracias por contarnos, Lucía. Su especialista va a comunicarse con usted pronto."
HOLDER = {ALEX: "James Carter", LUCIA: "María López"}  # SPECIALIST's names, in the case record
QUESTION = "Job Connect: Hi Alex, how is work going at {}? Reply 1 Great, 2 OK, 3 Having problems"


# --- the ladder -----------------------------------------------------------------------------


def test_a_new_job_gets_six_follow_ups_mid_morning_where_the_client_lives(demo: Session) -> None:
    start = today()
    assert hire(demo, row(start=start)).created == 1
    assert rungs(demo) == [(at(start, d), d) for d in (1, 7, 14, 30, 60, 90)]
    assert notes(demo, "en") == [
        (
            f"Placement recorded: Line cook at Acme Foods from {shown(start)}. "
            "Follow-up texts planned on days 1, 7, 14, 30, 60, 90.",
            False,
        )
    ]


def test_the_ladder_can_be_given_other_days(demo: Session) -> None:
    hire(demo, row())
    with fresh(demo).begin():
        p = demo.scalars(select(Placement)).one()
        schedule.cancel_pending(demo, [FOLLOW_UP], p.id)
        items = schedule_ladder(demo, p, days=(2, 45), now=utcnow())
    assert [i.params["day"] for i in items] == [2, 45] and DEFAULT_DAYS[-1] == 90


def test_a_job_recorded_late_skips_the_check_ins_already_past_but_keeps_day_90(
    demo: Session,
) -> None:
    start = today() - timedelta(days=40)
    hire(demo, row(start=start))
    assert [day for _, day in rungs(demo)] == [60, 90]


# --- the question ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "thanks", "note"),
    [
        ("1", "That is great to hear, Alex. Thanks for letting us know!", "going great"),
        ("Good 👍", "That is great to hear, Alex. Thanks for letting us know!", "going great"),
        ("2", "Thanks, Alex. If anything changes at work, just text us.", "going OK"),
        ("fine", "Thanks, Alex. If anything changes at work, just text us.", "going OK"),
    ],
)
def test_a_good_or_ok_answer_is_recorded_with_a_short_thanks(
    app: Flask, demo: Session, phone: MakePhone, reply: str, thanks: str, note: str
) -> None:
    start = today()
    hire(demo, row(start=start))
    run_items(app, demo, at(start, 1))
    assert texts_to(demo) == [QUESTION.format("Acme Foods")]
    assert phone(ALEX).text(reply) == [thanks]
    assert notes(demo, "en")[-1] == (
        f"Day 1 follow-up: client says work at Acme Foods is {note}.",
        False,
    )
    assert demo.scalars(select(FlowAnswer.offered)).one() == ["great", "ok", "problems"]


def test_not_good_is_never_taken_for_great(app: Flask, demo: Session, phone: MakePhone) -> None:
    hire(demo, row())
    run_items(app, demo, at(today(), 1))
    [clarify] = phone(ALEX).text("not good")
    assert clarify.startswith("Sorry, we did not understand.")


@pytest.mark.parametrize(
    ("number", "external_id", "problems", "kind", "asked", "thanks"),
    [
        (ALEX, "DEMO-1001", "3", "5 my back is bad again", "What kind of problem?", THANKS_EN),
        (
            LUCIA,
            "DEMO-1002",
            "tengo problemas",
            "salud, me duele la espalda",
            "¿Qué tipo",
            THANKS_ES,
        ),
    ],
)
def test_a_problem_is_asked_its_kind_and_the_specialist_alerted_with_the_kind_only(
    app: Flask,
    demo: Session,
    phone: MakePhone,
    number: str,
    external_id: str,
    problems: str,
    kind: str,
    asked: str,
    thanks: str,
) -> None:
    hire(demo, row(client=external_id))
    run_items(app, demo, at(today(), 1))
    [kinds] = phone(number).text(problems)
    assert kinds.startswith(asked)  # in the client's language
    assert len(kinds) <= 160
    assert phone(number).text(kind) == [thanks]
    assert notes(demo, "en")[-2:] == [
        (
            "Day 1 follow-up: client reports a problem at Acme Foods, kind: health. "
            "Please reach out.",
            True,
        ),
        (f"Escalation 1 opened (problem at work, today) and given to {HOLDER[number]}.", False),
    ]
    assert escalations(demo, said=kind) == [
        ("placement_problem", "today", "open", SPECIALIST[number])
    ]


def test_no_answer_is_noted_after_one_reminder_and_the_next_rung_asks_again(
    app: Flask, demo: Session
) -> None:
    start = today()
    hire(demo, row(start=start))
    run_items(app, demo, at(start, 1))
    for hours in (5, 25):
        wake_questions(app, demo, at(start, 1) + timedelta(hours=hours))
    assert texts_to(demo)[-1].startswith("Just checking in. Job Connect: Hi Alex")
    assert notes(demo, "en")[-1] == (
        "Day 1 follow-up: client did not answer about work at Acme Foods.",
        False,
    )
    run_items(app, demo, at(start, 7))
    assert texts_to(demo)[-1] == QUESTION.format("Acme Foods")


@pytest.mark.parametrize(
    ("number", "external_id", "problems"), [(ALEX, "DEMO-1001", "3"), (LUCIA, "DEMO-1002", "mal")]
)
def test_a_problem_of_unsaid_kind_still_alerts_the_specialist(
    app: Flask, demo: Session, phone: MakePhone, number: str, external_id: str, problems: str
) -> None:
    start = today()
    hire(demo, row(start=start, client=external_id))
    run_items(app, demo, at(start, 1))
    phone(number).text(problems)
    later = utcnow() + timedelta(days=2)
    for _ in range(2):
        wake_questions(app, demo, later)
    assert notes(demo, "en")[-2:] == [
        (
            "Day 1 follow-up: client reports a problem at Acme Foods but did not say what kind. "
            "Please reach out.",
            True,
        ),
        (f"Escalation 1 opened (problem at work, today) and given to {HOLDER[number]}.", False),
    ]
    assert escalations(demo) == [("placement_problem", "today", "open", SPECIALIST[number])]


def test_two_jobs_are_asked_about_one_at_a_time(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start = today()
    hire(demo, row("P-1", "Acme Foods", start), row("P-2", "Blue Cafe", start))
    run_items(app, demo, at(start, 1))
    assert texts_to(demo) == [QUESTION.format("Acme Foods")]
    assert phone(ALEX).text("1") == [
        "That is great to hear, Alex. Thanks for letting us know!",
        QUESTION.format("Blue Cafe"),
    ]


# --- "I quit" -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I quit", "quit"),
        ("i quit yesterday, it was too far", "quit"),
        ("No. I quit", "quit"),
        ("I just quit my job", "quit"),
        ("Renuncié", "quit"),
        ("ya renuncie al trabajo", "quit"),
        ("I was fired", "let_go"),
        ("I got fired today :(", "let_go"),
        ("they fired me", "let_go"),
        ("I got laid off", "let_go"),
        ("me despidieron", "let_go"),
        ("Me corrieron del trabajo", "let_go"),
        ("I lost my job", "ended"),
        ("I don't work there anymore", "ended"),
        ("ya no trabajo ahí", "ended"),
        ("perdí mi trabajo", "ended"),
        ("What if I quit?", None),
        ("should I quit my job", None),
        ("I want to quit my job", None),
        ("No me despidieron", None),
        ("I haven't lost my job", None),
        ("I'm afraid I'll get fired", None),
        ("I quite like it", None),
        ("3", None),
        ("work is fine", None),
    ],
)
def test_job_loss_is_recognised_in_english_and_spanish_but_not_in_questions_or_denials(
    text: str, reason: str | None
) -> None:
    assert job_loss_reason(text) == reason


def test_ordinary_texts_are_passed_on_without_touching_the_database() -> None:
    unusable = Mock(spec_set=())  # any use of it raises: no session, settings or client needed
    message = Message(body="see you at 5, my shift is long")
    assert job_ended(unusable, unusable, unusable, message, utcnow()) is False


def test_i_quit_in_answer_to_the_question_ends_the_job_and_alerts_the_specialist(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start = today()
    hire(demo, row(start=start))
    run_items(app, demo, at(start, 1))
    assert phone(ALEX).text("I was fired yesterday") == [
        "Thank you for letting us know, Alex. Your specialist will contact you soon "
        "to talk about what comes next."
    ]
    p = placement(demo)
    assert (p.status, p.ended_on, p.end_reason) == (PlacementStatus.ENDED, today(), "let_go")
    assert rungs(demo) == []
    assert demo.scalars(select(Conversation.status)).one() == "done"
    assert notes(demo, "en")[-1] == (
        "Client texted that they were let go from Acme Foods (fired or laid off). "
        "Follow-ups stopped; please contact them.",
        True,
    )
    run_items(app, demo, at(start, 90))
    assert len(texts_to(demo, ALEX)) == 2  # the question and the kind reply: nothing after


def test_a_job_loss_texted_out_of_the_blue_ends_the_job_too(
    demo: Session, phone: MakePhone
) -> None:
    hire(demo, row())
    phone(ALEX).text("lost my job today")
    assert placement(demo).status is PlacementStatus.ENDED
    assert notes(demo, "en")[-1][0].startswith(
        "Client texted that they no longer work at Acme Foods."
    )


def test_a_client_without_a_job_on_record_saying_i_quit_reaches_the_inbox(
    demo: Session, phone: MakePhone
) -> None:
    assert phone(ALEX).text("I quit") == [
        "Thanks, Alex. Your specialist will read your message and get back to you."
    ]


def test_the_job_named_is_the_one_ended_and_its_waiting_question_withdrawn(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start = today()
    hire(demo, row("P-1", "Acme Foods", start), row("P-2", "Blue Cafe", start))
    run_items(app, demo, at(start, 1))  # Acme asked, Blue Cafe waiting
    phone(ALEX).text("I quit Blue Cafe")
    assert placement(demo, "P-2").status is PlacementStatus.ENDED
    assert placement(demo, "P-1").status is PlacementStatus.ACTIVE
    statuses = demo.execute(select(Conversation.subject_id, Conversation.status)).all()
    assert sorted(s for _, s in statuses) == ["active", "withdrawn"]
    assert [day for _, day in rungs(demo)] == [7, 14, 30, 60, 90]  # Acme's ladder goes on


def test_quitting_the_job_asked_about_opens_the_next_question(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start = today()
    hire(demo, row("P-1", "Acme Foods", start), row("P-2", "Blue Cafe", start))
    run_items(app, demo, at(start, 1))
    replies = phone(ALEX).text("i quit")
    assert replies[0].startswith("Thank you for letting us know, Alex.")
    assert replies[1] == QUESTION.format("Blue Cafe")
    assert placement(demo, "P-1").status is PlacementStatus.ENDED


def test_with_two_jobs_and_no_telling_which_a_person_asks(demo: Session, phone: MakePhone) -> None:
    hire(demo, row("P-1", "Acme Foods"), row("P-2", "Blue Cafe"))
    [reply] = phone(ALEX).text("I got fired")
    assert reply.startswith("Thank you for letting us know, Alex.")
    assert {placement(demo, p).status for p in ("P-1", "P-2")} == {PlacementStatus.ACTIVE}
    assert notes(demo, "en")[-1] == (
        "Client texted that a job ended, but several placements are active "
        "(Acme Foods, Blue Cafe). Please contact them and end the right one with "
        "`botapp placements end`.",
        True,
    )


@pytest.mark.parametrize(
    ("number", "external_id", "text", "reply"),
    [
        (ALEX, "DEMO-1001", "I quit my job", "Thank you for letting us know, Alex."),
        (ALEX, "DEMO-1001", "I was let go", "Thank you for letting us know, Alex."),
        (LUCIA, "DEMO-1002", "Renuncié a mi trabajo", "Gracias por avisarnos, Lucía."),
        (LUCIA, "DEMO-1002", "Me despidieron", "Gracias por avisarnos, Lucía."),
    ],
)
def test_a_job_loss_opens_an_escalation_for_today_and_is_answered_in_the_clients_language(
    demo: Session, phone: MakePhone, number: str, external_id: str, text: str, reply: str
) -> None:
    hire(demo, row(client=external_id))
    [answer] = phone(number).text(text)
    assert answer.startswith(reply)
    assert placement(demo).status is PlacementStatus.ENDED
    assert escalations(demo, said=text) == [("job_loss", "today", "open", SPECIALIST[number])]


# --- day 90 ---------------------------------------------------------------------------------


def test_day_90_in_the_job_records_the_outcome_that_closes_the_case(
    app: Flask, demo: Session
) -> None:
    start = today() - timedelta(days=89)
    hire(demo, row(start=start))
    assert [day for _, day in rungs(demo)] == [90]
    run_items(app, demo, at(start, 90))
    assert placement(demo).status is PlacementStatus.RETAINED
    assert notes(demo, "en")[-1] == (
        f"90 days employed at Acme Foods since {shown(start)}: case may close as employed. "
        "No job loss was reported by text; that is a lead, not verified wages: "
        "confirm employment before closing.",
        False,
    )
    assert texts_to(demo) == [QUESTION.format("Acme Foods")]  # the check-in still goes out


def test_a_job_older_than_90_days_recorded_late_is_retained_at_the_next_tick(
    app: Flask, demo: Session
) -> None:
    hire(demo, row(start=today() - timedelta(days=120)))
    run_items(app, demo, utcnow())
    assert placement(demo).status is PlacementStatus.RETAINED


def test_after_day_90_job_loss_words_go_to_the_specialist_as_a_message(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start = today() - timedelta(days=89)
    hire(demo, row(start=start))
    run_items(app, demo, at(start, 90))
    phone(ALEX).text("1")
    assert phone(ALEX).text("I quit") == [
        "Thanks, Alex. Your specialist will read your message and get back to you."
    ]
    assert placement(demo).status is PlacementStatus.RETAINED


def test_a_follow_up_for_a_job_already_ended_sends_nothing(app: Flask, demo: Session) -> None:
    hire(demo, row())
    with fresh(demo).begin():
        service.mark_ended(demo.scalars(select(Placement)).one(), today(), "moved away")
    run_items(app, demo, at(today(), 1))
    assert texts_to(demo) == []


# --- a new service restarts the clock -------------------------------------------------------


def test_a_new_service_restarts_the_90_days_with_a_fresh_ladder(
    runner: FlaskCliRunner, demo: Session
) -> None:
    start = today()
    hire(demo, row(start=start))
    restart = start + timedelta(days=20)
    result = botapp(
        runner, "placements", "restart-clock", "P-1", "--on", str(restart), "--reason", "job coach"
    )
    end = restart + timedelta(days=90)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"placement P-1: the 90 days count from {restart} and end on {end}; "
        "6 follow-ups scheduled\n"
    )
    assert placement(demo).clock_start == restart
    assert rungs(demo) == [(at(restart, d), d) for d in DEFAULT_DAYS]
    assert len(rungs(demo, "cancelled")) == 6
    assert notes(demo, "en")[-1] == (
        f"New service authorised on {shown(restart)} (job coach): the 90 days at Acme Foods "
        f"count again from that day and end on {shown(end)}.",
        False,
    )


@pytest.mark.parametrize(
    ("pid", "on", "error"),
    [
        ("P-1", 0, "already count from"),
        ("P-1", -3, "already count from"),
        ("P-9", 5, "no placement has external_id 'P-9'"),
        ("P-2", 5, "placement P-2 is no longer active"),
    ],
)
def test_a_clock_restart_that_makes_no_sense_changes_nothing(
    runner: FlaskCliRunner, demo: Session, pid: str, on: int, error: str
) -> None:
    hire(demo, row("P-1"), row("P-2", "Blue Cafe"))
    botapp(runner, "placements", "end", "P-2", "--reason", "moved away")
    day = str(today() + timedelta(days=on))
    result = botapp(runner, "placements", "restart-clock", pid, "--on", day, "--reason", "x")
    assert result.exit_code == 1 and error in result.output
    assert placement(demo).clock_start == today()


def test_staff_can_end_a_job_they_heard_about_another_way(
    runner: FlaskCliRunner, demo: Session
) -> None:
    hire(demo, row())
    result = botapp(runner, "placements", "end", "P-1", "--on", "2030-01-02", "--reason", "closed")
    assert result.exit_code == 0, result.output
    assert result.output == "placement P-1 marked ended; 6 follow-ups withdrawn\n"
    p = placement(demo)
    assert (p.status, p.ended_on, p.end_reason) == (
        PlacementStatus.ENDED,
        date(2030, 1, 2),
        "closed",
    )
    assert notes(demo, "en")[-1] == (
        "Placement at Acme Foods marked ended on Jan 2, 2030 (closed). Follow-ups stopped.",
        False,
    )


def test_a_job_ended_by_staff_without_a_date_ends_today_where_the_client_lives(
    runner: FlaskCliRunner, demo: Session
) -> None:
    hire(demo, row())
    botapp(runner, "placements", "end", "P-1", "--reason", "moved away")
    assert placement(demo).ended_on == today()


# --- the CSV import -------------------------------------------------------------------------


def test_bad_rows_are_reported_by_line_and_good_ones_imported(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    content = HEADER + "\n".join(
        [
            row("P-1"),
            "P-2,DEMO-1001,Acme Foods,Line cook,03/02/2026,40,,,",
            row("P-3", client="DEMO-404"),
            row("P-4", "", rest="0,fifteen,,maybe"),
            row("P-1", "Blue Cafe"),
            row("P-5", rest="200,-3,,no"),
            row("P-6", "x" * 201),
            row("P-7", rest="30,16,Pat, Lee,yes"),
        ]
    )
    result = botapp(runner, "import", "placements", str(tmp_csv(content)))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:-4] == [
        "line 3: start_date '03/02/2026' is not a date written as YYYY-MM-DD",
        "line 4: client_external_id 'DEMO-404' is not the external_id of any client",
        "line 5: employer is empty",
        "line 5: hours_per_week '0' is not a whole number from 1 to 100",
        "line 5: hourly_wage 'fifteen' is not an amount such as 15.50",
        "line 5: may_contact_employer 'maybe' is not yes or no",
        "line 6: external_id 'P-1' already appears on line 2",
        "line 7: hours_per_week '200' is not a whole number from 1 to 100",
        "line 7: hourly_wage '-3' is not an amount such as 15.50",
        "line 8: employer is longer than 200 characters",
        "line 9: more values than columns (is a comma missing its quotes?)",
        "line 9: may_contact_employer 'Lee' is not yes or no",
    ]
    first = LocalTime(at(today(), 1), "America/Chicago").text("en")
    assert lines[-4] == (
        f"line 2: follow-ups on days 1, 7, 14, 30, 60, 90 after the start, the first {first}"
    )
    assert lines[-1] == "7 rows rejected"
    p = placement(demo)
    assert (p.employer, p.hours_per_week, str(p.hourly_wage)) == ("Acme Foods", 32, "15.50")


def test_the_employer_contact_is_usable_only_with_the_clients_permission(demo: Session) -> None:
    hire(
        demo,
        row("P-1", rest="20,$14,Pat Lee 312-555-0199,Yes"),
        row("P-2", "Blue Cafe", rest=",,Sam 312-555-0198,"),
    )
    assert service.usable_employer_contact(placement(demo, "P-1")) == "Pat Lee 312-555-0199"
    p2 = placement(demo, "P-2")
    assert (p2.may_contact_employer, service.usable_employer_contact(p2)) == (False, None)
    assert (p2.hours_per_week, p2.hourly_wage) == (None, None)


def test_a_re_import_updates_the_placement_and_a_corrected_start_moves_its_ladder(
    demo: Session,
) -> None:
    first, second = today(), today() + timedelta(days=3)
    hire(demo, row(start=first))
    report = hire(demo, row("P-1", "Acme Foods Inc", start=second))
    assert (report.created, report.updated) == (0, 1)
    p = placement(demo)
    assert (p.employer, p.start_date, p.clock_start) == ("Acme Foods Inc", second, second)
    assert rungs(demo) == [(at(second, d), d) for d in DEFAULT_DAYS]
    hire(demo, row(start=first))  # put back: the first ladder comes back, not a third
    assert rungs(demo) == [(at(first, d), d) for d in DEFAULT_DAYS]
    assert len(fresh(demo).scalars(select(ScheduledItem)).all()) == 12


def test_a_re_import_leaves_a_restarted_clock_alone(runner: FlaskCliRunner, demo: Session) -> None:
    hire(demo, row())
    restart = today() + timedelta(days=10)
    botapp(runner, "placements", "restart-clock", "P-1", "--on", str(restart), "--reason", "x")
    hire(demo, row(start=today() + timedelta(days=1)))
    p = placement(demo)
    assert (p.start_date, p.clock_start) == (today() + timedelta(days=1), restart)


def test_a_placement_cannot_move_to_another_client(demo: Session) -> None:
    hire(demo, row())
    report = hire(demo, row(client="DEMO-1002"))
    [(line, reason)] = report.rejected
    assert reason.text("en") == "line 2: placement 'P-1' belongs to client DEMO-1001, not DEMO-1002"


def test_a_job_recorded_late_says_which_follow_ups_it_leaves_out(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    start = today() - timedelta(days=20)
    result = botapp(runner, "import", "placements", str(tmp_csv(HEADER + row(start=start))))
    assert result.exit_code == 0, result.output
    first = LocalTime(at(start, 30), "America/Chicago").text("en")
    assert result.output.splitlines()[:2] == [
        f"line 2: follow-ups on days 30, 60, 90 after the start, the first {first}",
        f"line 2: no follow-up on days 1, 7, 14: their dates have passed (the job started {start})",
    ]
