"""Case-record lines read in the reader's language: the appointment's kind translated, dates
and times written as texts write them, with the zone named."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from tests.support import LUCIA, WriteCsv, botapp

MARIA = "maria.lopez@demo.example"  # LUCIA's specialist, who reads Spanish
DANA = "dana.reed@demo.example"  # the office's supervisor, who reads English
HEADER = "external_id,client_external_id,kind,date,time,place,timezone,check_attendance,status\n"
# A Thursday in winter: Central Standard Time, whatever today is.
ROW = "A-1,DEMO-1002,interview,2099-12-03,14:30,Main St Library,America/Chicago,,\n"


def test_an_appointment_note_is_in_the_readers_words_with_its_zone_named(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    assert date(2099, 12, 3).weekday() == 3
    imported = botapp(runner, "import", "appointments", str(tmp_csv(HEADER + ROW)))
    assert imported.exit_code == 0, imported.output
    spanish = botapp(runner, "case", LUCIA, "--by", MARIA).output
    assert (
        "Cita agregada: entrevista de trabajo el jue, 3 dic a las 14:30 "
        "(hora estándar central) en Main St Library." in spanish
    )
    assert "(interview)" not in spanish and "interview" not in spanish
    assert "Las horas son la hora local del cliente (America/Chicago)." in spanish
    english = botapp(runner, "case", LUCIA, "--by", DANA).output
    assert (
        "Appointment added: job interview on Thu, Dec 3 at 2:30 PM (Central Standard Time) "
        "at Main St Library." in english
    )
