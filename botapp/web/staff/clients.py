"""The Clients page: search by name, phone or case id, filter by status, language and
specialist, a page at a time; only clients in the reader's scope (the search is audited,
without what was typed: it may be a name or a phone number)."""

from __future__ import annotations

from flask import render_template, request

from botapp.config import SUPPORTED_LOCALES
from botapp.db import get_session
from botapp.messages import queues as q
from botapp.messages.formatting import language_name
from botapp.models import ClientStatus
from botapp.services import directory
from botapp.services.access import audit
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, page_locale, text
from botapp.web.staff.today_view import specialist_choices

_STATUS = {ClientStatus.ACTIVE: q.STATUS_ACTIVE, ClientStatus.CLOSED: q.STATUS_CLOSED}


def _wanted() -> directory.Search:
    """The search the query string asks for (values not understood are left out)."""
    args = request.args
    status = args.get("status", "")
    language = args.get("language", "")
    specialist = args.get("specialist", "")
    page = args.get("page", "1")
    return directory.Search(
        text=args.get("q", "")[:100],
        status=ClientStatus(status) if status in set(ClientStatus) else None,
        language=language if language in SUPPORTED_LOCALES else None,
        specialist_id=int(specialist) if specialist.isdigit() else None,
        page=int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1,
    )


@bp.get("/clients")
def client_list() -> str:
    """The clients found, by last name, with links to their records."""
    db, staff, locale = get_session(), current_staff(), page_locale()
    wanted = _wanted()
    found, more = directory.search(db, staff, wanted)
    audit(db, staff.email, "search_clients", f"{len(found)} found, page {wanted.page}")
    page = render_template(
        "staff/clients.html",
        q=q,
        args=request.args,
        wanted=wanted,
        clients=found,
        more=more,
        status_name={s: text(msg) for s, msg in _STATUS.items()},
        statuses=[(s.value, text(msg)) for s, msg in _STATUS.items()],
        languages=[(code, language_name(code, locale)) for code in SUPPORTED_LOCALES],
        language_name=lambda code: language_name(code, locale),
        specialists=specialist_choices(db, staff),
    )
    db.commit()
    return page
