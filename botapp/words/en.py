"""English: the words clients use to stop, limit, restart texts, ask for help or a language,
and to answer botapp's questions."""

from botapp.words import LanguageWords, ReplyWords

_YES = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "ok",
        "okay",
        "sure",
        "confirm",
        "confirmed",
        "of course",
        "i will be there",
        "ill be there",
    }
)
_NO = frozenset({"no", "nope", "nah", "cancel", "cant", "can t", "cannot"})

REPLIES = ReplyWords(
    options={
        "yes": _YES,
        "no": _NO,
        "appointment.confirm": _YES
        | {"see you", "see you there", "i ll be there", "will be there", "i will", "i can make it"},
        "appointment.cancel": _NO
        | {"cant make it", "can t make it", "cannot make it", "cancel it", "not going"},
        # Phrases, not weekday names: "yes see you Thursday" confirms, and must not read as a
        # change.
        "appointment.reschedule": frozenset(
            {"change", "change it", "change the time", "reschedule", "resched", "move it", "later"}
            | {"another day", "another time", "different day", "different time", "other day"}
            | {"can we do", "could we do", "can we make it", "can it be", "how about", "instead"}
            | {"what about", "earlier"}
        ),
        "appointment.attended": _YES | {"i went", "went", "i did", "i made it", "made it"},
        "appointment.missed": _NO
        | {"missed", "missed it", "did not", "didn t", "didnt", "never", "i didn t go"},
        "goal.done": frozenset(
            {"done", "finished", "i finished", "i did", "completed", "yes", "yeah", "yep"}
        ),
        "goal.working": frozenset(
            {
                "working",
                "working on it",
                "not yet",
                "not done",
                "still working",
                "almost",
                "in progress",
            }
        ),
        "goal.help": frozenset({"need help", "help", "stuck", "i need help"}),
        "placement.great": frozenset({"great", "excellent", "awesome", "good"}),
        # A reply holding words of two options is unclear and asked again, so "not bad", "no
        # problems" and "not good" are never taken for a problem or for great.
        "placement.ok": frozenset(
            {"ok", "okay", "fine", "alright", "so so", "not bad", "no problems"}
        ),
        "placement.problems": frozenset(
            {"problem", "problems", "bad", "not good", "not great", "terrible"}
        ),
        "placement.problem.schedule": frozenset({"schedule", "hours", "shift"}),
        "placement.problem.people": frozenset(
            {"supervisor", "boss", "manager", "coworker", "coworkers", "co workers"}
        ),
        "placement.problem.transportation": frozenset(
            {"transportation", "transport", "bus", "ride", "car"}
        ),
        "placement.problem.pay": frozenset({"pay", "paycheck", "money", "wages"}),
        "placement.problem.health": frozenset({"health", "sick"}),
        "placement.problem.other": frozenset({"something else", "other"}),
    },
    numbered=frozenset({"option"}),
    weekdays=(
        frozenset({"monday", "mon"}),
        frozenset({"tuesday", "tue", "tues"}),
        frozenset({"wednesday", "wed"}),
        frozenset({"thursday", "thu", "thur", "thurs"}),
        frozenset({"friday", "fri"}),
        frozenset({"saturday", "sat"}),
        frozenset({"sunday", "sun"}),
    ),
    today=("today",),
    tomorrow=("tomorrow", "tmrw", "tmr"),
    noon=("noon",),
    morning=("morning",),
    afternoon=("afternoon", "evening", "tonight"),
    at=("at", "around"),
    job_loss={
        "quit": (r"\bi (just |already )?(quit|resigned)\b", r"\bquit (my|the|that) job\b"),
        "let_go": (
            r"\b(i|i ve|i have) (just )?(was |got |been )?(fired|let go|laid off|terminated)\b",
            r"\b(fired|laid) me( off)?\b",
            r"\blet me go\b",
        ),
        "ended": (
            r"\blost (my|the|that) job\b",
            r"\bno longer (work|working|employed)\b",
            r"\b(don t|dont|do not) work there\b",
            r"\bnot working there\b",
        ),
    },
    not_so=frozenset(
        "no not never if should would could might may can will to want didn t".split()
    ),
)

WORDS = LanguageWords(
    code="en",
    opt_out=frozenset(
        {
            "stop",
            "opt me out",
            "no more",
            "i want out",
            "enough",
            "leave me alone",
            "go away",
            "lose my number",
        }
    ),
    bare_opt_out=frozenset({"cancel", "end", "quit"}),
    stop_requests=(
        r"\b(?:stop|quit|cease) (?:\w+ ){0,2}?(?:texting|messaging|sending|contacting|spamming"
        r"|bothering|harassing|bugging)\b",
        r"\bstop (?:it|this|all)\b",
        r"\b(?:stop|cease) (?:\w+ ){0,3}?{texts}\b",
        r"\b{texts} stop\b",
        r"\b(?:said|say) stop\b",
        r"\b(?:don t|do not|never) (?:text|message|contact|send)(?: \w+){0,2}? (?:me|this|my)\b"
        r"(?! back\b)",
        # "please don't text after 8pm": only with a limit after it, which makes it partial.
        r"\b(?:don t|do not|never) (?:text|message|contact)(?= (?:after|before|on|at|in|during"
        r"|so|until)\b)",
        r"^no (?:more )?(?:\w+ ){0,2}?{texts}\b",
        r"\b(?:don t|do not|no longer) (?:want|need)\b(?: \w+){0,4}? {texts}\b",
        r"\b(?:unsubscribe|unsub|opt out|revoke)\b",
        r"^(?:take|remove|delete) (?:me|my number)(?: (?:off|from))?(?: (?:this|the|your))?"
        r"(?: (?:texting|text|mailing))?(?: list)?$",
        r"\b(?:cancel|end) (?:(?:my|all|these) )?(?:subscription|{texts})\b",
        r"\bwrong (?:number|person)\b",
    ),
    negations=frozenset({"don t", "do not", "did you", "didn t"}),
    limits=(
        r"\b(?:after|before) (?:\d|noon)",
        r"\bso (?:early|late|much|many|often)\b",
        r"\b(?:at|in the) (?:night|morning|evening)\b",
        r"\bon (?:sundays?|saturdays?|weekends?)\b",
        r"\b(?:at|during) work\b",
        r"\buntil\b",
        r"\bjob fairs?\b",
        r"\b(?:reminders?|check ins?)\b",
        # Texts to someone else: "stop texting my mom", "don't send messages to my son's phone".
        r"\b(?:texting|text|messages to|contact) my (?!number\b|phone\b)\w+",
    ),
    partial_requests=(
        r"\bonly (?:text me|about|appointment|want)\b",
        r"\bjust the (?:appointment )?reminders\b",
        r"\b(?:a|my) new (?:number|phone)\b",
        r"\bmy (?:other|old) number\b",
        r"\btext me (?:at \d|after \d|less\b)",
        r"\b(?:fewer|less|too many) {texts}\b",
        r"^(?:and )?not (?:after|before|on)\b",
        r"\bpause (?:the )?{texts}\b",
        r"\bemail me instead\b",
    ),
    texts=r"(?:texts?|texting|texted|messages?|sms|notifications|notices|reminders|check ins?)",
    replies=REPLIES,
    filler=frozenset(
        {
            "please",
            "pls",
            "plz",
            "thanks",
            "thank",
            "you",
            "thx",
            "ty",
            "ok",
            "just",
            "now",
            "already",
            "seriously",
            "sorry",
            "but",
            "for",
        }
    ),
    spellings={"txt": "text", "msg": "message", "msgs": "messages", "dont": "don t"},
    typos=frozenset({"stop", "unsubscribe", "texting", "please", "number"}),
    not_typos=frozenset({"step", "shop", "top"}),
    symbols={"🛑": "stop", "#": "number"},
    opt_in=frozenset({"start", "unstop", "yes", "subscribe", "resume", "opt in"}),
    opt_in_only_when_out=frozenset({"yes"}),
    help=frozenset({"help", "info", "help me"}),
    switch_to={
        "es": frozenset({"spanish", "in spanish"}),
        "en": frozenset({"english", "in english"}),
    },
)
