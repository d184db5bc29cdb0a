"""An agency sets itself up from an empty database, no demo data: offices, settings, staff and
how to reach them; every mistake is refused in one line, exit 2, with nothing changed."""

from __future__ import annotations

from datetime import date, time

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import Agency, CaseNote, Client, Office, Role, Staff
from tests.support import ALEX, MakeApp, WriteCsv, ok, refused, run

DANA, JAMES, MARIA = "dana@agency.example", "james@agency.example", "maria@agency.example"
# What `agency show` prints of the program while the agency leaves it to the server.
PROGRAM_FROM_SERVER = [
    "program: Job Connect (the server's), phone +13125550100 (the server's)",
    "crisis reply in English: You can call or text 988 now, day or night, to talk with someone "
    "(Suicide & Crisis Lifeline). If you are in danger right now, call 911. (the server's)",
    "crisis reply in Spanish: Puede llamar al 988 y marcar 2, o enviar AYUDA al 988, a cualquier "
    "hora, para hablar con alguien en español. Si corre peligro ahora, llame al 911. "
    "(the server's)",
]


def staff(session: Session, email: str) -> Staff:
    session.expire_all()
    return session.scalars(select(Staff).where(Staff.email == email)).one()


def add_client(session: Session, specialist: str | None = None) -> None:
    """Alex, a client at ALEX's number, with `specialist` (an email) or none."""
    with session.begin():
        office = session.scalars(select(Office)).first()
        assert office is not None
        holder = staff(session, specialist).id if specialist else None
        session.add(
            Client(
                office_id=office.id,
                external_id="VR-1",
                first_name="Alex",
                last_name="Kim",
                phone=ALEX,
                specialist_id=holder,
            )
        )


@pytest.fixture
def office(runner: FlaskCliRunner) -> None:
    """One office, and with it the agency."""
    ok(runner, "offices add 'Loop Office' --phone +13125550100")


@pytest.fixture
def team(runner: FlaskCliRunner, office: None) -> None:
    """A supervisor and two specialists she supervises, each with a phone."""
    ok(runner, f"staff add {DANA} --name 'Dana Reed' --role supervisor --phone +13125550113")
    ok(
        runner,
        f"staff add {JAMES} --name 'James Carter' --role specialist --phone +13125550112 "
        f"--supervisor {DANA}",
    )
    ok(
        runner,
        f"staff add {MARIA} --name 'María López' --role specialist --phone +13125550111 "
        f"--supervisor {DANA} --language es",
    )


def test_an_agency_sets_up_from_an_empty_database_in_the_order_the_readme_gives(
    runner: FlaskCliRunner, session: Session
) -> None:
    assert ok(runner, "offices add 'Loop Office' --phone '(312) 555-0100'") == [
        "agency Job Connect created (time zone America/Chicago); change its settings with "
        "`botapp agency set`",
        "office Loop Office added",
    ]
    assert ok(runner, "offices add 'Rockford Office'") == ["office Rockford Office added"]
    assert ok(
        runner,
        "agency set --on-call '312 555 0199' --alert-email Alerts@Agency.Example "
        "--hours 07:30-16:00 --days mon-thu",
    ) == [
        "Job Connect (time zone America/Chicago)",
        "working hours: 07:30-16:00 mon-thu",
        "on-call number: +13125550199",
        "alert email: alerts@agency.example",
        *PROGRAM_FROM_SERVER,
        "office: Loop Office, phone +13125550100",
        "office: Rockford Office, phone not set",
    ]
    assert ok(
        runner,
        "staff add Dana@Agency.Example --name 'Dana Reed' --role supervisor --office 'loop office'",
    ) == ["dana@agency.example added: supervisor at Loop Office"]
    assert ok(
        runner,
        f"staff add {JAMES} --name 'James Carter' --role specialist --office 'Rockford Office' "
        "--phone '(312) 555-0112' --supervisor DANA@agency.example --hours 09:00-13:00 "
        "--days mon,wed,fri",
    ) == ["james@agency.example added: specialist at Rockford Office"]
    assert ok(runner, "staff list") == [
        "2 staff members (hours in America/Chicago):",
        "dana@agency.example  Dana Reed, supervisor, Loop Office; phone not set; "
        "supervisor not set; hours 07:30-16:00 mon-thu (the agency's)",
        "james@agency.example  James Carter, specialist, Rockford Office; phone +13125550112; "
        "supervisor dana@agency.example; hours 09:00-13:00 mon,wed,fri",
    ]
    assert ok(runner, "agency show")[0] == "Job Connect (time zone America/Chicago)"
    agency = session.scalars(select(Agency)).one()
    assert (agency.work_start, agency.work_end, agency.work_days) == (time(7, 30), time(16), "1234")
    james = staff(session, JAMES)
    assert james.supervisor is not None and james.supervisor.email == DANA
    assert (james.phone, james.work_days, james.locale, james.active) == (
        "+13125550112",
        "135",
        "en",
        True,
    )


def test_a_new_agency_has_the_default_working_hours_and_nothing_set_to_reach(
    runner: FlaskCliRunner, office: None
) -> None:
    assert ok(runner, "agency show") == [
        "Job Connect (time zone America/Chicago)",
        "working hours: 08:00-17:00 mon-fri",
        "on-call number: not set",
        "alert email: not set",
        *PROGRAM_FROM_SERVER,
        "office: Loop Office, phone +13125550100",
    ]


def test_before_any_office_there_is_no_agency_to_show_and_no_staff(runner: FlaskCliRunner) -> None:
    assert refused(runner, "agency show") == (
        "no agency yet: add an office with `botapp offices add NAME`"
    )
    assert ok(runner, "staff list") == [
        "No staff yet: add them with `botapp staff add EMAIL --name NAME --role ROLE`."
    ]
    assert refused(runner, f"staff add {DANA} --name Dana --role admin") == (
        "no office yet: add one with `botapp offices add NAME`"
    )


def test_agency_set_on_an_empty_database_creates_the_agency_too(
    runner: FlaskCliRunner, session: Session
) -> None:
    lines = ok(runner, "agency set --timezone America/Denver")
    assert lines[0].startswith("agency Job Connect created (time zone America/Chicago)")
    assert lines[1] == "Job Connect (time zone America/Denver)"
    assert session.scalars(select(Office)).all() == []


HOURS = "is not working hours such as 08:00-17:00 (start before end, within one day)"
DAYS = "is not a set of days such as mon-fri or mon,wed,fri (mon tue wed thu fri sat sun)"


@pytest.mark.parametrize(
    ("options", "line"),
    [
        ("--on-call 555", "'555' is not a valid phone number"),
        ("--alert-email alerts", "'alerts' is not an email address"),
        ("--alert-email 'a b@c.example'", "'a b@c.example' is not an email address"),
        ("--hours 17:00-08:00", f"'17:00-08:00' {HOURS}"),
        ("--hours 8am-5pm", f"'8am-5pm' {HOURS}"),
        ("--days weekdays", f"'weekdays' {DAYS}"),
        ("--timezone Chicago", "'Chicago' is not a time zone name such as America/Chicago"),
    ],
)
def test_agency_settings_that_cannot_work_are_refused(
    runner: FlaskCliRunner, session: Session, office: None, options: str, line: str
) -> None:
    assert refused(runner, f"agency set --days sat-sun {options}") == line
    agency = session.scalars(select(Agency)).one()
    assert (agency.on_call_phone, agency.alert_email, agency.work_days) == (None, None, "12345")


def test_office_mistakes_are_refused(
    runner: FlaskCliRunner, session: Session, office: None
) -> None:
    assert refused(runner, "offices add 'LOOP office '") == (
        "an office named 'LOOP office' already exists"
    )
    assert refused(runner, "offices add North --phone 12") == "'12' is not a valid phone number"
    assert refused(runner, "offices add '  '") == "a name of 1 to 200 characters is needed"
    assert [o.name for o in session.scalars(select(Office))] == ["Loop Office"]


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (DANA, f"a staff member with the email {DANA} already exists"),
        ("' DANA@Agency.example '", f"a staff member with the email {DANA} already exists"),
        ("new@agency.example --office Nowhere", "no office named 'Nowhere'; offices: Loop Office"),
        ("new@agency.example --phone 555-01", "'555-01' is not a valid phone number"),
        (
            "new@agency.example --phone '(312) 555-0112'",
            f"phone +*******0112 already belongs to staff member {JAMES}",
        ),
        (
            "new@agency.example --supervisor boss@agency.example",
            "no staff member has the email boss@agency.example",
        ),
        ("not-an-email", "'not-an-email' is not an email address"),
        ("new@agency.example --hours 25:00-26:00", f"'25:00-26:00' {HOURS}"),
        ("new@agency.example --days mon-funday", f"'mon-funday' {DAYS}"),
    ],
)
def test_staff_mistakes_are_refused_and_nobody_is_added(
    runner: FlaskCliRunner, session: Session, team: None, options: str, line: str
) -> None:
    assert refused(runner, f"staff add {options} --name 'New Person' --role admin") == line
    assert len(session.scalars(select(Staff)).all()) == 3


def test_a_staff_phone_cannot_be_a_clients(
    runner: FlaskCliRunner, session: Session, office: None
) -> None:
    add_client(session)
    assert refused(runner, f"staff add {DANA} --name D --role admin --phone 3125550142") == (
        "phone +*******0142 belongs to client VR-1: a staff phone must be the staff member's own"
    )


def test_with_several_offices_staff_add_asks_which(runner: FlaskCliRunner, office: None) -> None:
    ok(runner, "offices add 'Rockford Office'")
    assert refused(runner, f"staff add {DANA} --name D --role admin") == (
        "there are several offices: choose one with --office (Loop Office, Rockford Office)"
    )


def test_the_commands_speak_the_agencys_language(make_app: MakeApp, session: Session) -> None:
    runner = make_app(DEFAULT_LOCALE="es").test_cli_runner()
    assert refused(runner, f"staff add {DANA} --name Dana --role admin") == (
        "todavía no hay ninguna oficina: añada una con `botapp offices add NAME`"
    )
    assert ok(runner, "offices add 'Oficina Centro'")[1] == "oficina Oficina Centro añadida"
    assert refused(runner, "offices add Norte --phone 12") == (
        "'12' no es un número de teléfono válido"
    )
    assert ok(runner, f"staff add {DANA} --name Dana --role supervisor") == [
        f"se añadió a {DANA}: supervisor en Oficina Centro"
    ]
    assert staff(session, DANA).locale == "es"  # DEFAULT_LOCALE unless --language says
    assert refused(runner, f"staff away {DANA} --from 2026-12-31 --to 2026-12-01 --backup x") == (
        "la ausencia termina (2026-12-01) antes de empezar (2026-12-31)"
    )


def test_staff_set_changes_phone_supervisor_and_hours_and_back_to_the_agencys(
    runner: FlaskCliRunner, session: Session, team: None
) -> None:
    assert ok(
        runner,
        f"staff set {JAMES} --phone +13125550120 --supervisor {MARIA} --hours 10:00-14:00 "
        "--role supervisor",
    ) == [f"{JAMES} changed"]
    james = staff(session, JAMES)
    assert (james.phone, james.role, james.work_start) == (
        "+13125550120",
        Role.SUPERVISOR,
        time(10),
    )
    assert james.supervisor is not None and james.supervisor.email == MARIA
    ok(runner, f"staff set {JAMES} --hours agency --days agency")
    james = staff(session, JAMES)
    assert (james.work_start, james.work_end, james.work_days) == (None, None, None)


def test_supervisors_do_not_go_round_in_a_circle(runner: FlaskCliRunner, team: None) -> None:
    assert refused(runner, f"staff set {DANA} --supervisor {JAMES}") == (
        f"{JAMES} cannot supervise {DANA}: {DANA} is already above {JAMES}"
    )
    assert refused(runner, f"staff set {DANA} --supervisor {DANA}") == (
        "a staff member cannot be their own supervisor"
    )
    assert refused(runner, "staff set nobody@agency.example --name X") == (
        "no staff member has the email nobody@agency.example"
    )


def test_time_away_names_the_backup_who_stands_in(
    runner: FlaskCliRunner, session: Session, team: None
) -> None:
    assert ok(runner, f"staff away {JAMES} --from 2099-12-22 --to 2099-12-31 --backup {MARIA}") == [
        f"{JAMES} is away from 2099-12-22 to 2099-12-31; {MARIA} stands in"
    ]
    james = staff(session, JAMES)
    assert (james.away_from, james.away_to) == (date(2099, 12, 22), date(2099, 12, 31))
    assert james.backup is not None and james.backup.email == MARIA
    listed = ok(runner, "staff list")
    row = next(n for n, line in enumerate(listed) if line.startswith(JAMES))
    assert listed[row + 1] == f"    away from 2099-12-22 to 2099-12-31; backup {MARIA}"


def test_time_away_that_is_over_is_not_listed(runner: FlaskCliRunner, team: None) -> None:
    ok(runner, f"staff away {JAMES} --from 2020-01-01 --to 2020-01-02 --backup {MARIA}")
    assert not any(line.startswith("    away") for line in ok(runner, "staff list"))


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (
            f"--from 2099-12-31 --to 2099-12-22 --backup {MARIA}",
            "the time away ends (2099-12-22) before it starts (2099-12-31)",
        ),
        (
            f"--from 22/12/2099 --to 2099-12-31 --backup {MARIA}",
            "'22/12/2099' is not a date such as 2026-12-24",
        ),
        (
            "--from 2099-12-22 --to 2099-12-31 --backup x@agency.example",
            "no staff member has the email x@agency.example",
        ),
        (
            f"--from 2099-12-22 --to 2099-12-31 --backup {JAMES}",
            "a staff member cannot be their own backup",
        ),
        (
            f"--from 2099-12-30 --to 2100-01-05 --backup {MARIA}",
            f"backup {MARIA} is away themselves from 2099-12-24 to 2099-12-30: choose another",
        ),
    ],
)
def test_time_away_that_leaves_nobody_standing_in_is_refused(
    runner: FlaskCliRunner, session: Session, team: None, options: str, line: str
) -> None:
    ok(runner, f"staff away {MARIA} --from 2099-12-24 --to 2099-12-30 --backup {DANA}")
    assert refused(runner, f"staff away {JAMES} {options}") == line
    assert staff(session, JAMES).away_from is None


def test_a_deactivated_staff_member_stays_on_record_but_holds_nothing(
    runner: FlaskCliRunner, session: Session, team: None
) -> None:
    add_client(session, specialist=JAMES)
    assert ok(runner, f"staff deactivate {JAMES}") == [
        f"{JAMES} deactivated; 1 client now has no specialist"
    ]
    session.expire_all()
    alex = session.scalars(select(Client)).one()
    assert alex.specialist_id is None
    note = session.scalars(select(CaseNote)).one()
    assert (note.client_id, note.note_key, note.alert) == (alex.id, "note.staff.unassigned", False)
    case = ok(runner, f"case {ALEX}")
    assert case[0].endswith("specialist: none assigned")
    assert case[1] == "Times are the client's local time (America/Chicago)."
    assert case[2].endswith(
        "James Carter was deactivated: the client has no specialist until one is assigned."
    )
    listed = ok(runner, "staff list")
    assert listed[-2].startswith(JAMES) and listed[-1] == "    deactivated"
    # Their phone is free for someone else; they stand in for and supervise nobody.
    ok(runner, "staff add new@agency.example --name New --role specialist --phone +13125550112")
    gone = f"{JAMES} is deactivated"
    away = f"staff away {MARIA} --from 2099-01-01 --to 2099-01-02 --backup {JAMES}"
    assert refused(runner, away) == gone
    assert refused(runner, f"staff set {MARIA} --supervisor {JAMES}") == gone
    assert refused(runner, f"staff set {JAMES} --phone +13125550130") == gone
    assert refused(runner, f"case {ALEX} --by {JAMES}") == gone


def test_deactivating_a_supervisor_names_the_staff_left_without_one(
    runner: FlaskCliRunner, team: None
) -> None:
    assert ok(runner, f"staff deactivate {DANA}") == [
        f"{DANA} deactivated; 0 clients now have no specialist",
        f"they supervised {JAMES}, {MARIA}: give them another supervisor with "
        "`botapp staff set EMAIL --supervisor EMAIL`",
    ]


def test_clients_cannot_be_imported_to_a_deactivated_specialist(
    runner: FlaskCliRunner, team: None, tmp_csv: WriteCsv
) -> None:
    ok(runner, f"staff deactivate {JAMES}")
    path = tmp_csv(
        "external_id,first_name,last_name,phone,language,timezone,specialist_email\n"
        f"VR-1,Alex,Kim,3125550142,en,America/Chicago,{JAMES}\n"
    )
    result = run(runner, f"import clients {path}")
    assert result.exit_code == 2
    assert f"'{JAMES}' is not the email of an active staff member" in result.output


@pytest.mark.parametrize(
    "command", [f"deactivate {JAMES}", f"away {JAMES} --from 2099-01-01 --to 2099-01-02 --backup x"]
)
def test_a_command_naming_someone_not_on_staff_is_refused(
    runner: FlaskCliRunner, office: None, command: str
) -> None:
    assert refused(runner, f"staff {command}") == f"no staff member has the email {JAMES}"


def test_the_demo_staff_can_be_reached_and_the_specialists_have_a_supervisor(
    runner: FlaskCliRunner, session: Session
) -> None:
    for _ in range(2):
        ok(runner, "seed-demo")
    agency = session.scalars(select(Agency)).one()
    assert (agency.on_call_phone, agency.alert_email) == ("+13125550199", "alerts@demo.example")
    everyone = {s.email: s for s in session.scalars(select(Staff))}
    assert all(s.phone and s.active for s in everyone.values())
    assert len({s.phone for s in everyone.values()}) == 4
    for email in ("maria.lopez@demo.example", "james.carter@demo.example"):
        assert everyone[email].supervisor is everyone["dana.reed@demo.example"]
    assert (
        "james.carter@demo.example  James Carter, specialist, Chicago Loop Office; phone "
        "+13125550112; supervisor dana.reed@demo.example; hours 08:00-17:00 mon-fri (the agency's)"
    ) in ok(runner, "staff list")
