"""Staff compose a broadcast at the terminal: a draft with a text per language, an event and
who it goes to; a mistake is named in one line and nothing is saved; a supervisor reaches
their own office only; templates keep texts to reuse; clients' tags, ZIP codes and counties
come in with the clients' import."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.broadcasts.segment import Segment
from botapp.broadcasts.service import BroadcastFields, create_broadcast, update_broadcast
from botapp.models import (
    Broadcast,
    BroadcastStatus,
    BroadcastTemplate,
    Client,
    ClientTag,
    Office,
    Staff,
)
from botapp.services.agency import Refused
from tests.support import WriteCsv, audits, botapp, count, fresh, look, ok, refused

ADMIN, DANA = "admin@demo.example", "dana.reed@demo.example"
JOB_FAIR = (
    'broadcast create --name "Spring job fair" '
    '--text "en={event} on {date} at {time}, {place}." '
    '--text "es={event}: {date} a las {time}, {place}." '
    '--event-name "Job fair" --event-place "Harold Washington Library" '
    '--event-at "2030-06-03 10:00" --rsvp --tag Forklift --language es '
    "--skip-texted-within 14 --include-open-questions"
)


def _only(session: Session) -> Broadcast:
    return fresh(session).scalars(select(Broadcast)).one()


def test_an_admin_composes_a_draft_and_gets_its_number(
    runner: FlaskCliRunner, demo: Session
) -> None:
    [line] = ok(runner, f"{JOB_FAIR} --by {ADMIN}")
    broadcast = _only(demo)
    assert line == f"Broadcast {broadcast.id} created as a draft: Spring job fair"
    assert broadcast.status == "draft" and broadcast.office_id is None  # the whole agency
    assert set(broadcast.texts) == {"en", "es"} and broadcast.default_language == "en"
    # 10:00 where the event is (the agency's zone, Chicago: UTC-5 in June).
    assert broadcast.event_at == datetime(2030, 6, 3, 15, 0, tzinfo=UTC)
    assert broadcast.event_timezone == "America/Chicago"
    assert broadcast.ask_rsvp and broadcast.rsvp_deadline == broadcast.event_at
    assert broadcast.organiser is not None and broadcast.organiser.email == ADMIN
    segment = Segment.from_json(broadcast.segment)
    assert segment.tags == ("forklift",) and segment.languages == ("es",)
    assert segment.skip_texted_within_days == 14 and not segment.skip_open_question
    assert segment.skip_open_escalation
    assert audits(demo, "create_broadcast") == [
        (ADMIN, "create_broadcast", f"broadcast {broadcast.id}")
    ]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ('--name "" --text en=Hi', "A broadcast's name must be 1 to 200 characters."),
        (
            "--name Fair --text es=Hola",
            "A text in the default language (en) is required: clients whose language has no "
            "text get it.",
        ),
        (
            "--name Fair --text en=Hi --text fr=Salut",
            "botapp cannot text in 'fr': a text's language must be one of en, es.",
        ),
        (
            '--name Fair --text "en=Hi {first_name}"',
            "The en text names {first_name}; a text may name {program}, {event}, {place}, "
            "{address}, {date}, {time}.",
        ),
        (
            '--name Fair --text "en=Hi {"',
            "The en text has a brace that opens or closes no placeholder (write {{ or }} for a "
            "brace itself).",
        ),
        ("--name Fair --text en-Hi", "'en-Hi' is not LANG=TEXT, such as es='Feria de empleo'."),
        (
            "--name Fair --text en=Hi --rsvp",
            "Asking who is coming needs the event's date and time.",
        ),
        (
            '--name Fair --text en=Hi --event-at "2020-01-02 10:00"',
            "The event's date and time (Thu, Jan 2, 10:00 AM America/Chicago) has passed.",
        ),
        (
            '--name Fair --text en=Hi --event-at "2030-06-03 10:00" --rsvp '
            '--rsvp-deadline "2030-06-04 09:00"',
            "The RSVP deadline (Tue, Jun 4, 9:00 AM America/Chicago) is after the event "
            "(Mon, Jun 3, 10:00 AM America/Chicago).",
        ),
        (
            '--name Fair --text en=Hi --event-at "June 3"',
            "'June 3' is not a date and time such as 2026-12-03 10:00.",
        ),
        (
            "--name Fair --text en=Hi --event-timezone Mars/Base",
            "'Mars/Base' is not a time zone name such as America/Chicago",
        ),
        (
            "--name Fair --text en=Hi --organiser james.carter@demo.example",
            "james.carter@demo.example cannot organise this broadcast: the organiser must be "
            "active staff who may manage it (an administrator, or a supervisor of its office).",
        ),
        (
            f'--name Fair --text "en={"Job fair! " * 70}"',
            "The en text, with the event and the lines botapp adds, takes 5 segments; at most 4.",
        ),
        (
            "--name Fair --text en=Hi --skip-texted-within 0",
            "The recipients' filter skip_texted_within_days: must be a whole number, 1 to 365",
        ),
        (
            "--name Fair --text en=Hi --office Nowhere",
            "no office named 'Nowhere'; offices: Chicago Loop Office",
        ),
    ],
)
def test_a_mistake_is_named_in_one_line_and_nothing_is_saved(
    runner: FlaskCliRunner, demo: Session, options: str, error: str
) -> None:
    assert refused(runner, f"broadcast create {options} --by {ADMIN}") == error
    assert count(demo, Broadcast) == 0


def test_a_supervisor_reaches_their_office_only_and_a_specialist_composes_nothing(
    runner: FlaskCliRunner, demo: Session
) -> None:
    with demo.begin():
        loop = demo.scalars(select(Office)).one()
        demo.add(Office(agency_id=loop.agency_id, name="Rockford Office", phone="+18155550100"))
    [line] = ok(runner, f"broadcast create --name Fair --text en=Hi --by {DANA}")
    assert _only(demo).office_id == loop.id
    assert refused(
        runner, f'broadcast create --name Fair --text en=Hi --office "Rockford Office" --by {DANA}'
    ).startswith("Office ")
    assert (
        refused(runner, "broadcast create --name Fair --text en=Hi --by james.carter@demo.example")
        == "james.carter@demo.example (specialist) may not manage this broadcast: administrators "
        "manage the agency's, supervisors their office's."
    )
    assert audits(demo, "create_broadcast_denied") == [
        ("james.carter@demo.example", "create_broadcast_denied", "broadcasts")
    ]
    # The admin sees both the agency's and the office's; the supervisor only her office's.
    ok(runner, f"broadcast create --name Statewide --text en=Hi --by {ADMIN}")
    admin_list = ok(runner, f"broadcast list --by {ADMIN}")
    assert [row.split("  ")[1:4] for row in admin_list] == [
        ["Statewide", "draft", "whole agency"],
        ["Fair", "draft", "Chicago Loop Office"],
    ]
    assert "recipients: not sent yet (see preview)" in admin_list[0]
    [dana_row] = ok(runner, f"broadcast list --by {DANA}")
    assert dana_row.split("  ")[1] == "Fair"
    assert refused(runner, f"broadcast preview {_statewide(demo)} --by {DANA}").startswith(
        f"{DANA} (supervisor) may not manage this broadcast"
    )


def _statewide(session: Session) -> int:
    [(found,)] = look(session, select(Broadcast.id).where(Broadcast.name == "Statewide"))
    return found


def test_templates_keep_texts_to_start_a_broadcast_from(
    runner: FlaskCliRunner, demo: Session
) -> None:
    save = 'broadcast template save "Job fair" --text "en=Job fair {date}" --text "es=Feria {date}"'
    assert ok(runner, f"{save} --by {ADMIN}") == ["Template saved: Job fair"]
    assert refused(runner, f"{save} --by {DANA}") == "There is already a template 'Job fair'."
    assert ok(runner, f"broadcast template list --by {DANA}") == ["Job fair  (en, es)"]
    # A template's text may be overridden, language by language.
    ok(
        runner,
        f'broadcast create --name June --template "job fair" --text "es=Feria el {{date}}" '
        f'--event-at "2030-06-03 10:00" --by {ADMIN}',
    )
    assert _only(demo).texts == {"en": "Job fair {date}", "es": "Feria el {date}"}
    assert ok(runner, f'broadcast template delete "Job fair" --by {ADMIN}') == [
        "Template deleted: Job fair"
    ]
    assert count(demo, BroadcastTemplate) == 0
    assert _only(demo).texts["en"] == "Job fair {date}"  # the broadcast keeps its texts
    assert (
        refused(runner, f'broadcast create --name X --template "Job fair" --by {ADMIN}')
        == "There is no template 'Job fair'."
    )
    assert [action for _, action, _ in audits(demo) if "template" in action] == [
        "save_broadcast_template",
        "delete_broadcast_template",
    ]


def test_a_specialist_keeps_no_templates_and_each_refusal_is_audited(
    runner: FlaskCliRunner, demo: Session
) -> None:
    james = "james.carter@demo.example"
    for command in (
        "broadcast template save Fair --text en=Hi",
        "broadcast template list",
        "broadcast template delete Fair",
    ):
        assert refused(runner, f"{command} --by {james}") == (
            f"{james} (specialist) may not manage this broadcast: administrators manage the "
            "agency's, supervisors their office's."
        )
    assert count(demo, BroadcastTemplate) == 0
    assert [(actor, action) for actor, action, _ in audits(demo)] == [
        (james, "save_broadcast_template_denied"),
        (james, "list_broadcast_templates_denied"),
        (james, "delete_broadcast_template_denied"),
    ]


def test_the_commands_speak_the_actors_language(runner: FlaskCliRunner, demo: Session) -> None:
    with demo.begin():
        dana = demo.scalars(select(Staff).where(Staff.email == DANA)).one()
        dana.locale = "es"
    [line] = ok(runner, f"broadcast create --name Feria --text en=Hi --by {DANA}")
    assert line == f"Aviso {_only(demo).id} creado como borrador: Feria"
    assert refused(runner, f"broadcast create --name Feria --text es=Hola --by {DANA}") == (
        "Se requiere un texto en el idioma predeterminado (en): lo reciben los clientes cuyo "
        "idioma no tiene texto."
    )


# Tags, ZIP codes and counties come with the clients' import.

HEADER = "external_id,first_name,last_name,phone,language,timezone,tags,zip_code,county\n"


def _tags(session: Session, external_id: str) -> set[str]:
    rows = look(
        session,
        select(ClientTag.tag).join(Client).where(Client.external_id == external_id),
    )
    return {tag for (tag,) in rows}


def test_clients_import_their_tags_zip_and_county_and_a_reimport_replaces_the_tags(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    row = "VR-1,Marcus,Bell,3125550150,en,America/Chicago,{},60601-1234,Cook\n"
    result = botapp(
        runner, "import", "clients", str(tmp_csv(HEADER + row.format('" Forklift ;Youth;youth"')))
    )
    assert result.exit_code == 0, result.output
    assert _tags(demo, "VR-1") == {"forklift", "youth"}
    [(zip_code, county)] = look(
        demo, select(Client.zip_code, Client.county).where(Client.external_id == "VR-1")
    )
    assert (zip_code, county) == ("60601-1234", "Cook")
    result = botapp(runner, "import", "clients", str(tmp_csv(HEADER + row.format("welding"))))
    assert result.exit_code == 0, result.output
    assert _tags(demo, "VR-1") == {"welding"}
    # A file without the columns leaves them as they were.
    plain = "external_id,first_name,last_name,phone,language,timezone\n"
    plain += "VR-1,Marcus,Bell,3125550150,en,America/Chicago\n"
    assert botapp(runner, "import", "clients", str(tmp_csv(plain))).exit_code == 0
    assert _tags(demo, "VR-1") == {"welding"}


def test_a_bad_zip_or_too_long_a_tag_is_reported_by_line(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    rows = (
        "VR-1,Marcus,Bell,3125550150,en,America/Chicago,forklift,6060,Cook\n"
        f"VR-2,Rosa,Diaz,3125550151,es,America/Chicago,{'x' * 41},60601,Cook\n"
        "VR-3,Ana,Ruiz,3125550152,es,America/Chicago,,,\n"
    )
    result = botapp(runner, "import", "clients", str(tmp_csv(HEADER + rows)))
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "line 2: zip_code '6060' is not a ZIP code (5 digits, or ZIP+4 such as 60601-1234)",
        f"line 3: the tag '{'x' * 41}' is longer than 40 characters",
    ]
    assert "1 client imported" in result.output


def test_a_draft_can_be_changed_but_not_once_it_is_sending(demo: Session) -> None:
    now = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    with demo.begin():
        broadcast = create_broadcast(demo, None, BroadcastFields("Fair", {"en": "Hi"}), now)
    with demo.begin():
        fields = BroadcastFields("Fair", {"en": "Hello", "es": "Hola"}, segment={"tags": ["Youth"]})
        update_broadcast(demo, None, broadcast, fields, now)
    saved = _only(demo)
    assert saved.texts == {"en": "Hello", "es": "Hola"}
    assert Segment.from_json(saved.segment).tags == ("youth",)
    with fresh(demo).begin():
        saved.status = BroadcastStatus.SENDING
    with pytest.raises(Refused) as refusal, demo.begin():
        update_broadcast(demo, None, saved, fields, now)
    assert refusal.value.notice.text("en") == (
        f"Broadcast {saved.id} is sending: only a draft or a scheduled broadcast can be changed."
    )


def test_the_length_check_reads_the_agencys_own_program_name(
    runner: FlaskCliRunner, demo: Session
) -> None:
    # "{program}" eleven times: short with PROGRAM_NAME ("Job Connect"), five segments once the
    # agency names itself at length, as its texts then will.
    create = f'broadcast create --name Fair --text "en={"{program}. " * 11}" --by {ADMIN}'
    ok(runner, create)
    name = "Illinois Division of Rehabilitation Services Employment"
    ok(runner, f'agency set --program-name "{name}"')
    assert refused(runner, create) == (
        "The en text, with the event and the lines botapp adds, takes 5 segments; at most 4."
    )
    assert count(demo, Broadcast) == 1
