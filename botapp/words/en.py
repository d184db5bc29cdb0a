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

# Crisis language (decision 23). Written for `normalize`d text: "don't" is "don t", "I'm" is
# "i m". Whom a threat names, and who hurts the client.
_MYSELF = r"(?:my ?self|myslef|meself)"
_TARGETS = (
    r"(?:him|her|them|you|u|someone|somebody|everyone|everybody|people|that (?:guy|man|woman)"
    r"|my (?:boss|manager|supervisor|coworkers?|co workers?|husband|wife|boyfriend|girlfriend"
    r"|bf|gf|ex|partner|mom|mother|dad|father|stepdad|brother|sister|neighbou?r|landlord"
    r"|roommate|kids?|son|daughter|family))"
)
_ABUSERS = (
    r"(?:he|she|they|husband|wife|boyfriend|girlfriend|bf|gf|partner|ex|dad|father|step ?dad"
    r"|mom|mother|step ?mom|brother|sister|uncle|aunt|cousin|grandpa|son|daughter|roommate"
    r"|boss|landlord|caregiver)"
)
_HURTS = (
    r"(?:hits?|hitting|beats?|beating|hurts?|hurting|kicks?|kicked|slaps?|slapped|punch(?:es)?"
    r"|punched|chokes?|choked|strangled|rapes?|raped|abuses?|abused|abusing|threatens?"
    r"|threatened|push(?:es)?|pushed|shoves?|shoved|touch(?:es)?|touched|grabs?|grabbed"
    r"|burned|locks?|locked|drags?|dragged)"
)
CRISIS = {
    "suicide": (
        rf"\b(?:kill|killing|kil|off|hang|hanging|shoot|shooting) {_MYSELF}\b",
        r"\b(?:kms|unalive)\b",
        r"\b(?:suicid|sucid|suisid|suicd)(?:e|al|ally)\b",
        r"\b(?:want|wanna|wana|wnt|ready|deserve) (?:to )?die\b",
        r"\b(?:want|wanna|wish) (?:to be|i was|i were|i d be|id be) dead\b",
        r"\bbetter off (?:dead|without me)\b",
        r"\b(?:don t|dont|do not|dnt) (?:want|wanna) (?:to )?(?:live|be alive|exist|wake up)\b"
        r"(?! (?:in|with|there|here|near|at|on|by|alone|close|far)\b)",
        r"\b(?:end|ending|take|taking) my (?:own )?life\b",
        r"\bend it all\b",
        r"\b(?:no (?:reason|point) (?:to live|in living)|nothing to live for|not worth living)\b",
        r"\b(?:overdose|od) on\b",
        r"\btake all (?:of )?(?:my|the) (?:pills|meds)\b",
        r"\bjump off (?:a|the) (?:bridge|building|roof)\b",
        r"\b(?:slit|cut) my wrists?\b",
        r"\bcan ?t go on (?:anymore|any more|like this|living)\b",
    ),
    "self_harm": (
        rf"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|starve|starving)"
        rf" {_MYSELF}\b",
        r"\bself ?harm\w*",
        r"\b(?:cutting again|started cutting)\b",
        r"\bcut my (?:arms?|legs?|thighs?)\b",
    ),
    "harm_to_others": (
        rf"\b(?:kill|killing|murder|hurt|hurting|shoot|shooting|stab|stabbing|strangle|choke"
        rf"|poison) {_TARGETS}\b",
        r"\b(?:beat|beating) (?:him|her|them|you|someone) (?:up|senseless)\b",
        r"\b(?:bring|bringing|brought|take|taking) a (?:gun|knife|weapon) to\b",
        r"\bshoot up (?:the|my|this)\b",
    ),
    "abuse": (
        rf"\b{_ABUSERS}(?: \w+){{0,2}}? {_HURTS} me\b",
        r"\b(?:i m|i am|im|being|been|was|getting) (?:being )?(?:abused|beaten|raped|molested"
        r"|assaulted)\b",
        r"\b(?:domestic (?:violence|abuse)|abusive|molest\w*|sexually (?:abused|assaulted))\b",
        r"\b(?:scared|afraid|terrified) of (?:him|her|my (?:husband|wife|boyfriend|girlfriend"
        r"|partner|ex|dad|father|stepdad|mom|mother|brother))\b",
        r"\b(?:scared|afraid) to go home\b|\b(?:fear|afraid|scared) for my life\b",
        r"\b(?:not|don t|dont|do not) (?:feel )?safe"
        r" (?:at home|with (?:him|her)|in my (?:home|house))\b",
        r"\b(?:threaten\w*|said|says|told me) (?:(?:he|she|they) (?:would|will|d|ll|was going to"
        r"|is going to|is gonna|was gonna) |to )(?:kill|hurt) me\b",
        r"\bwon ?t let me (?:leave|go out|see anyone)\b",
    ),
}
# Sayings that sound like crisis language: an accident at work, a distance, an idiom.
NOT_CRISIS = (
    rf"\bi (?:just )?(?:hurt|cut|burned|burnt) {_MYSELF} (?:at|on|while|lifting"
    r"|playing|shaving|cooking|falling|by accident|accidentally|a little|slightly)\b",
    r"\b\d+ ?kms?\b|\bkms (?:away|from|far)\b",
    r"\b(?:want|wanna) (?:to )?die (?:of|from|laughing)\b",
    r"\b(?:won ?t|wouldn ?t|will not|didn ?t) kill (?:you|ya|u)\b",
    r"\bshoot (?:him|her|them|you|u|my \w+) (?:a|an) (?:text|email|message|line|call|note)\b",
    r"\bkill (?:them|him|her|you) with kindness\b",
    r"\bhurt (?:his|her|their|your|my) feelings\b",
    r"\bhits? me up\b|\bhit me with (?:a|an|the) (?:question|fee|bill|deadline)\b",
    r"\bdie (?:my|her|his) hair\b",  # "dye"
)

# What event notices announce: "job fair", "hiring events", "career fairs".
_EVENTS = r"(?:(?:job|career|hiring|recruiting) (?:fairs?|events?)|job openings)"

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
    notices=(
        # "job fairs", "the texts about hiring events", "job fair invites".
        rf"(?:(?:{{texts}}|notices?) (?:about|for|on|of) (?:the )?)?{_EVENTS}"
        r"(?: (?:{texts}|notices?|alerts?|invit\w*|list))?\b",
        # "job texts", "event notices", "the jobs list".
        r"(?:jobs?|events?) (?:{texts}|notices?|alerts?|invit\w*|announcements?|list)\b",
        r"(?:{texts}|notices?)(?: me)? about (?:jobs|events)\b",
    ),
    notice_words=frozenset({"jobs", "job", "events", "event"}),
    notices_on=frozenset({"start", "restart", "resume", "opt in", "subscribe"}),
    all_texts=(r"\b(?:texts|messages|msgs|sms|everything|anything|nothing)\b",),
    switch_to={
        "es": frozenset({"spanish", "in spanish"}),
        "en": frozenset({"english", "in english"}),
    },
    crisis=CRISIS,
    not_crisis=NOT_CRISIS,
)
