"""Texts of the demo's tools, read by whoever tries botapp: `botapp seed-demo` and the simulated
phone of `botapp simulate`."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: After `botapp seed-demo`. {count} is a number of fictional clients.
READY = MP(
    "demo.seed.ready",
    "demo caseload ready: {count} client. The demo agency has no quiet hours: it texts at any "
    "hour.",
    "demo caseload ready: {count} clients. The demo agency has no quiet hours: it texts at any "
    "hour.",
)

# TRANSLATORS: {name} is a fictional client's first name; {due} a time like
# "Tue, Mar 10, 4:32:10 PM America/Chicago".
FIRST_TEXT = M(
    "demo.seed.first_text",
    "{name}'s appointment reminder falls due at {due}; a goal check-in and a job follow-up "
    "follow, each asked once the question before it is answered.",
)

# TRANSLATORS: Keep the command as it is.
TRY = M("demo.seed.try", "Be that phone: botapp simulate {phone}")

# TRANSLATORS: The first line of `botapp simulate`. {url} is a web address, {phone} a number.
SIMULATE_START = M(
    "demo.simulate.start",
    "Texting {url} as {phone}: type a text and press Enter; Ctrl-D to quit. Every text botapp "
    "sends this phone is shown as it is sent.",
)

# TRANSLATORS: Shown above the last texts between botapp and the simulated phone.
SIMULATE_EARLIER = M("demo.simulate.earlier", "Earlier on this phone:")

SIMULATE_NOT_RUNNING = M(
    "demo.simulate.not_running",
    "[the app is not answering: is `botapp serve` (or scripts/demo.sh) running?]",
)

# TRANSLATORS: {status} is an HTTP status code, {detail} the start of the app's answer.
SIMULATE_REFUSED = M("demo.simulate.refused", "[webhook answered {status}: {detail}]")

SIMULATE_NOT_READ = M(
    "demo.simulate.not_read",
    "[the text is still waiting to be read: is an inbound worker running (`botapp serve` or "
    "`botapp inbound`)?]",
)

# TRANSLATORS: {count} is a number of replies waiting in the outbox.
SIMULATE_QUEUED = MP(
    "demo.simulate.queued",
    "[{count} reply still queued: is a dispatcher running (`botapp serve` or `botapp dispatch`)?]",
    "[{count} replies still queued: is a dispatcher running (`botapp serve` or "
    "`botapp dispatch`)?]",
)

# TRANSLATORS: Why a text got no answer. Each is shown on its own, between brackets.
SIMULATE_FAILED = M(
    "demo.simulate.failed",
    "[botapp could not act on this text (its log says why): it is marked error and was put in "
    "the specialist's inbox]",
)

SIMULATE_UNKNOWN = M(
    "demo.simulate.unknown",
    "[no reply, by design: this number is no client's; an unknown number is answered once "
    "every 30 days]",
)

SIMULATE_OPTED_OUT = M(
    "demo.simulate.opted_out",
    "[no reply, by design: this phone has opted out; botapp sends nothing until START]",
)

SIMULATE_CARRIER = M(
    "demo.simulate.carrier",
    "[no reply from botapp, by design: Twilio itself answers STOP, START and HELP "
    "(OPT_OUT_HANDLER=twilio)]",
)

SIMULATE_LIMIT_TOLD = M(
    "demo.simulate.limit_told",
    "[no reply, by design: this phone was already answered about limiting texts in the last "
    "24 hours; the specialist got this request as an alert]",
)

SIMULATE_INBOX_TOLD = M(
    "demo.simulate.inbox_told",
    "[no reply, by design: the text is in the specialist's inbox, and this phone was told in "
    "the last 24 hours that the specialist will read it]",
)

# TRANSLATORS: Keep the command as it is; {phone} is the simulated phone's number.
SIMULATE_NO_REPLY = M(
    "demo.simulate.no_reply",
    "[no reply: `botapp case {phone}` shows what botapp recorded about this text]",
)

# TRANSLATORS: After `botapp seed-demo`. {url} is a web address, {emails} a list of the demo
# staff's email addresses, {password} the demo's password (only the demo has one).
SIGN_IN = M(
    "demo.seed.sign_in",
    "Staff web app: {url} — sign in as {emails} with the demo password {password}",
)
