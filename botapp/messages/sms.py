"""Texts sent to clients. Keep them short (one GSM-7 segment where the language allows),
plain, warm, and free of any diagnosis, disability, service or benefit detail."""

from botapp.messages.catalog import M

# TRANSLATORS: Sent once after a client opts out. Must say how to opt back in. Under 160 chars.
OPT_OUT_CONFIRM = M(
    "sms.opt_out.confirm",
    "{program}: You are unsubscribed and will get no more texts from us. Reply START to resume.",
)

# TRANSLATORS: Sent once when a client asks to limit texts ("not after 8pm", "only about
# appointments", "text my new number") rather than stop them all. Must say how to stop every
# text; keep STOP in English capitals as well as any local word. Under 160 chars, and avoid
# letters outside GSM-7 (such as á í ó ú), which would make it cost more.
PARTIAL_OPT_OUT = M(
    "sms.opt_out.partial",
    "{program}: We passed your request to your specialist. To stop all texts from us, reply STOP.",
)

# TRANSLATORS: Sent when a client opts back in. CTIA asks us to repeat HELP, STOP and rates.
OPT_IN_CONFIRM = M(
    "sms.opt_in.confirm",
    "{program}: You are subscribed again. Msg frequency varies. Msg & data rates may apply. "
    "Reply HELP for help, STOP to opt out.",
)

# TRANSLATORS: Reply to HELP. Must name the program, a phone number, how often we text,
# "Msg & data rates may apply", how to stop event notices alone and how to stop every text.
# Keep the keywords STOP JOBS and STOP in English capitals as well as any local words you add
# (Spanish: NO MAS AVISOS, BAJA), since all work. At most two segments: avoid letters outside
# GSM-7 (such as á í ó ú), which would make it three or more.
HELP_REPLY = M(
    "sms.help.reply",
    "{program}: texts about your job plan and appointments. Msg frequency varies. "
    "Msg & data rates may apply. Questions: call {phone}. "
    "Reply STOP JOBS to stop event notices, STOP to opt out.",
)

# TRANSLATORS: Sent once when a client stops job-fair and event notices alone (STOP JOBS; NO
# MAS AVISOS in Spanish). Say that reminders and check-ins go on, and name the words that
# bring the notices back exactly as botapp understands them (START JOBS; QUIERO AVISOS in
# Spanish). Under 160 characters, in GSM-7 (no á í ó ú).
NOTICES_OFF_CONFIRM = M(
    "sms.notices.off",
    "{program}: You will get no more job-fair and event notices. Reminders and check-ins "
    "continue. Reply START JOBS to get notices again.",
)

# TRANSLATORS: Sent when a client asks for job-fair and event notices again (START JOBS;
# QUIERO AVISOS in Spanish). Name the words that stop them (STOP JOBS; NO MAS AVISOS).
# Under 160 characters, in GSM-7 (no á í ó ú).
NOTICES_ON_CONFIRM = M(
    "sms.notices.on",
    "{program}: You will get job-fair and event notices again. Reply STOP JOBS to stop them.",
)

# TRANSLATORS: Confirms a language switch, written in the NEW language.
LANGUAGE_CHANGED = M(
    "sms.language.changed",
    "{program}: OK, from now on we will text you in English.",
)

# TRANSLATORS: Sent to a number we do not know. Must not name the program or say what it
# is about: the sender may not be a client. Friendly and short.
UNKNOWN_SENDER = M(
    "sms.unknown_sender.reply",
    "Thanks for your message. We could not find your number in our records. "
    "If you expected a text from us, please call {phone}.",
)

# TRANSLATORS: Acknowledges a free-text message from a client; a person reads it later.
INBOX_ACK = M(
    "sms.inbox.ack",
    "Thanks, {first_name}. Your specialist will read your message and get back to you.",
)

# TRANSLATORS: Sent once when a reply to a question was not understood; {question} is the
# question again, with its numbered options.
FLOW_CLARIFY = M("sms.flow.clarify", "Sorry, we did not understand. {question}")

# TRANSLATORS: Sent once when a question got no reply; {question} is the question again.
FLOW_REPROMPT = M("sms.flow.reprompt", "Just checking in. {question}")

# TRANSLATORS: Sent at once, at any hour, when a client's text speaks of suicide, self-harm,
# harming someone or abuse. Keep 988 and 911; in Spanish, 988 then 2 by phone, or AYUDA by
# text to 988. Plain and calm, one or two segments, no letters outside GSM-7 if possible.
# An agency may replace it (CRISIS_REPLY_EN, CRISIS_REPLY_ES).
CRISIS_RESOURCES = M(
    "sms.crisis.resources",
    "You can call or text 988 now, day or night, to talk with someone "
    "(Suicide & Crisis Lifeline). If you are in danger right now, call 911.",
)
