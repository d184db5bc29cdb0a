"""English: the words clients use to stop, limit, restart texts, ask for help or a language."""

from botapp.words import LanguageWords

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
