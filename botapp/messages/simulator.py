"""Texts of the staff web app's phone simulator (botapp/web/staff/simulator.py): a demo client's
phone played against the real webhook, for demos and training."""

from botapp.messages.catalog import M

# TRANSLATORS: The page's title and its link in the menu. A pretend phone on the screen.
TITLE = M("staff.web.simulator.title", "Phone simulator")

INTRO = M(
    "staff.web.simulator.intro",
    "Play a demo client's phone: what you type goes to botapp's real webhook, signed as "
    "Twilio signs it, and every text botapp sends to that phone appears below.",
)

# TRANSLATORS: The label of the list of the clients one may play. "555-01xx" is the range of
# US phone numbers kept for fiction; keep it as is.
CLIENT = M("staff.web.simulator.client", "Demo client (a fictional 555-01xx number)")

OPEN = M("staff.web.simulator.open", "Open this phone")

NO_CLIENTS = M(
    "staff.web.simulator.no_clients",
    "None of your clients has a fictional 555-01xx number, so there is no phone to play.",
)

# TRANSLATORS: The heading over the pretend phone. {name} is the client's first name and last
# initial, {phone} their (fictional) number.
PHONE = M("staff.web.simulator.phone", "{name}'s phone, {phone}")

# TRANSLATORS: The label of the box in which staff type a text as the client would.
TEXT = M("staff.web.simulator.text", "Text botapp as {name}")

SEND = M("staff.web.simulator.send", "Send")

EMPTY = M("staff.web.simulator.empty", "No texts on this phone yet: type one above.")

# TRANSLATORS: Who a line on the pretend phone is from.
FROM_PHONE = M("staff.web.simulator.from_phone", "This phone")

FROM_BOTAPP = M("staff.web.simulator.from_botapp", "botapp")

# TRANSLATORS: Under the pretend phone, for those whose browser runs no JavaScript.
RELOAD = M(
    "staff.web.simulator.reload",
    "Answers come within a few seconds: this list refreshes by itself, or reload the page.",
)

SENT = M(
    "staff.web.simulator.sent",
    "Your text reached the webhook. botapp's answer appears below within a few seconds.",
)

# TRANSLATORS: {status} is an HTTP status code such as 403.
REFUSED = M("staff.web.simulator.refused", "The webhook refused the text (HTTP {status}).")

BLANK = M("staff.web.simulator.blank", "Type a text first.")
