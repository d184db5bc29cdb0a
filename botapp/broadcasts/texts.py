"""What a broadcast's recipient reads: the text in their language (or the default one), the
event's details filled in, the RSVP question when the event asks it, and how to stop event
notices — each part in the language of the text used, rendered once per language."""

from __future__ import annotations

import string
from collections.abc import Mapping

from sqlalchemy.orm import Session

from botapp.broadcasts import messages as texts
from botapp.config import Settings
from botapp.delivery.program import program
from botapp.messages import render
from botapp.messages.formatting import clock, day
from botapp.models import Agency, Broadcast

# What a broadcast's text may name: "{event} on {date} at {time}, {place} ({address})".
PLACEHOLDERS = ("program", "event", "place", "address", "date", "time")


class BroadcastTextError(ValueError):
    """A text names a placeholder there is no value for, or is not a valid template."""


def placeholders_in(text: str) -> list[str]:
    """The names a text's {placeholders} use, in order; raises on a malformed brace."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise BroadcastTextError(str(error)) from error


def check(text: str) -> None:
    """Refuse a text naming anything but `PLACEHOLDERS` (or with a stray brace)."""
    for name in placeholders_in(text):
        if name not in PLACEHOLDERS:
            raise BroadcastTextError(f"unknown placeholder {{{name}}}")


def program_name(session: Session, settings: Settings, broadcast: Broadcast) -> str:
    """The program a broadcast's texts speak for: its agency's name, else PROGRAM_NAME."""
    return program(session.get_one(Agency, broadcast.agency_id), settings).name


def language_for(broadcast: Broadcast, client_language: str) -> str:
    """The language of the text a client gets: theirs if the broadcast has it, else the
    default language."""
    return client_language if broadcast.texts.get(client_language) else broadcast.default_language


def event_params(broadcast: Broadcast, language: str, program: str) -> dict[str, str]:
    """The placeholders' values in `language` (dates and times where the event happens)."""
    params = {
        "program": program,
        "event": broadcast.event_name or "",
        "place": broadcast.event_place or "",
        "address": broadcast.event_address or "",
        "date": "",
        "time": "",
    }
    if broadcast.event_at is not None:
        zone = broadcast.event_timezone or "UTC"
        params["date"] = day(broadcast.event_at, language, zone)
        params["time"] = clock(broadcast.event_at, language, zone)
    return params


def fill(text: str, params: Mapping[str, str]) -> str:
    """`text` with its placeholders filled; raises `BroadcastTextError` for an unknown one."""
    check(text)
    return text.format_map(params)


def body(broadcast: Broadcast, language: str, program: str) -> str:
    """The whole text sent to a client reading `language` (see `language_for`)."""
    used = language_for(broadcast, language)
    parts = [fill(broadcast.texts[used], event_params(broadcast, used, program)).strip()]
    if broadcast.ask_rsvp:
        parts.append(render(texts.RSVP_QUESTION, used))
    parts.append(render(texts.OPT_OUT_HINT, used))
    return "\n".join(parts)
