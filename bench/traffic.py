"""The requests a benchmark sends: signed Twilio inbound webhooks, built before any timing."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from botapp.cli.demo import CLIENTS

AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
PUBLIC_BASE_URL = "https://sms.bench.example"
PATH = "/sms/inbound"
PROGRAM_PHONE = "+13125550100"
ACCOUNT_SID = "AC" + "b" * 32
# Numbers no demo client has (555-01xx is reserved for fiction): the "unknown sender" path.
UNKNOWN = ["+13125550197", "+17735550198", "+12065550199", "+14155550196"]
UNKNOWN_SHARE = 0.2
# (body, weight): what clients really send, mostly free text.
BODIES: list[tuple[str, int]] = [
    ("Hi, I can't make my appointment tomorrow, can we move it to Friday?", 20),
    ("I got the job at the warehouse! Start Monday", 10),
    ("What time is my interview on Thursday?", 10),
    ("ok thanks", 8),
    ("HELP", 8),
    ("Yes", 12),
    ("¿Puedo cambiar mi cita para el miércoles? Gracias, José", 12),
    ("Sí, ya terminé la solicitud en línea", 8),
    ("Thank you so much 🙏 see you then", 8),
    ("Running 10 min late, bus broke down 😩", 4),
]


@dataclass(frozen=True)
class Webhook:
    """One inbound webhook: its form (already URL-encoded) and its X-Twilio-Signature."""

    body: bytes
    signature: str


def forms(count: int, seed: int) -> list[dict[str, str]]:
    """`count` inbound-message forms with unique MessageSids, from clients and strangers."""
    rng = random.Random(seed)
    phones = [c.phone for c in CLIENTS]
    texts = [b for b, _ in BODIES]
    weights = [w for _, w in BODIES]
    out = []
    for _ in range(count):
        sender = rng.choice(UNKNOWN) if rng.random() < UNKNOWN_SHARE else rng.choice(phones)
        out.append(form(sender, rng.choices(texts, weights)[0]))
    return out


def signed(count: int, seed: int) -> list[Webhook]:
    """`count` webhooks signed as Twilio signs them: over PUBLIC_BASE_URL + PATH and the form."""
    return sign(forms(count, seed))


def form(sender: str, body: str) -> dict[str, str]:
    """One inbound-message form from `sender`, with a unique MessageSid."""
    return {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": PROGRAM_PHONE,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }


def sign(unsigned: list[dict[str, str]]) -> list[Webhook]:
    """Each form signed as Twilio signs it: over PUBLIC_BASE_URL + PATH and the form."""
    validator = RequestValidator(AUTH_TOKEN)
    url = PUBLIC_BASE_URL + PATH
    return [
        Webhook(urlencode(f).encode(), str(validator.compute_signature(url, f))) for f in unsigned
    ]


def raw_requests(hooks: list[Webhook]) -> list[bytes]:
    """The complete HTTP/1.1 requests (keep-alive) that POST each webhook."""
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: TwilioProxy/1.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nAccept: */*\r\n"
    )
    return [
        (
            f"{head}X-Twilio-Signature: {h.signature}\r\nContent-Length: {len(h.body)}\r\n\r\n"
        ).encode()
        + h.body
        for h in hooks
    ]


def texted(texts: Iterable[tuple[str, str]]) -> list[bytes]:
    """Each (sender, body) as a complete signed webhook request."""
    return raw_requests(sign([form(sender, body) for sender, body in texts]))
