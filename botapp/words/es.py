"""Spanish: the words clients use to stop, limit, restart texts, ask for help or a language,
and to answer botapp's questions."""

from botapp.words import LanguageWords, ReplyWords

_YES = frozenset(
    {"si", "ok", "claro", "confirmo", "confirmar", "vale", "de acuerdo", "alli estare"}
)
_NO = frozenset({"no", "cancelar", "cancela", "no puedo"})

REPLIES = ReplyWords(
    options={
        "yes": _YES,
        "no": _NO,
        "appointment.confirm": _YES
        | {"nos vemos", "ahi estare", "alli voy", "ahi voy", "si voy", "confirmado"},
        "appointment.cancel": _NO | {"no voy", "no puedo ir", "cancelarla", "cancelala"},
        "appointment.reschedule": frozenset(
            {"cambiar", "cambio", "cambiarla", "reprogramar", "mover"}
            | {"otro dia", "otra hora", "otra fecha", "otro horario", "mas tarde", "mas temprano"}
            | {"podemos", "podriamos", "se puede", "mejor el", "mejor a las", "en vez"}
        ),
        "appointment.attended": _YES | {"fui", "si fui", "llegue"},
        "appointment.missed": _NO | {"no fui", "no pude", "no llegue", "falte"},
        "goal.done": frozenset(
            {"si", "listo", "lista", "termine", "terminado", "terminada", "ya lo hice"}
        ),
        "goal.working": frozenset({"trabajando", "todavia no", "aun no", "casi", "no todavia"}),
        "goal.help": frozenset({"necesito ayuda", "ayuda"}),
        "placement.great": frozenset({"excelente", "genial", "muy bien"}),
        "placement.ok": frozenset({"regular", "mas o menos", "sin problemas"}),
        "placement.problems": frozenset({"problema", "problemas", "mal", "no muy bien"}),
        "placement.problem.schedule": frozenset({"horario", "turno", "horas"}),
        "placement.problem.people": frozenset({"supervisor", "jefe", "jefa", "companeros"}),
        "placement.problem.transportation": frozenset({"transporte", "bus", "carro"}),
        "placement.problem.pay": frozenset({"pago", "sueldo", "dinero"}),
        "placement.problem.health": frozenset({"salud", "enfermo", "enferma"}),
        "placement.problem.other": frozenset({"otro", "otra", "otra cosa"}),
    },
    numbered=frozenset({"opcion"}),
    weekdays=(
        frozenset({"lunes"}),
        frozenset({"martes"}),
        frozenset({"miercoles"}),
        frozenset({"jueves"}),
        frozenset({"viernes"}),
        frozenset({"sabado"}),
        frozenset({"domingo"}),
    ),
    today=("hoy",),
    # "mañana" alone is tomorrow; "la mañana" ("por la mañana") is the morning.
    tomorrow=("(?<!la )manana",),
    day_after_tomorrow=("pasado manana",),
    noon=("mediodia",),
    morning=("la manana",),
    afternoon=("tarde", "noche"),
    at=("a las", "a la", "para las"),
    job_loss={
        "quit": (r"\brenuncie\b", r"\bdeje (el|mi) (trabajo|empleo)\b"),
        "let_go": (
            r"\bme (despidieron|corrieron|echaron|botaron)\b",
            r"\bme (han|ha) despedido\b",
        ),
        "ended": (
            r"\bya no (trabajo|tengo (trabajo|empleo))\b",
            r"\bperdi (mi|el) (trabajo|empleo)\b",
            r"\bme quede sin (trabajo|empleo)\b",
        ),
    },
    not_so=frozenset({"no", "nunca", "si"}),
)

# Crisis language (decision 23), written for `normalize`d text: no accents, "ñ" is "n".
_WANTS = r"(?:quiero|kiero|qiero|quisiera|deseo|voy a|pienso|pensando en|ganas de|deberia)"
_HERIDO = r"(?:matar|lastimar|golpear|apunalar|disparar|hacer dano|partir la cara)"
CRISIS = {
    "suicide": (
        r"\b(?:quiero|kiero|qiero|quisiera|deseo|ganas de) (?:morir|morirme|morime)\b",
        r"\bno (?:quiero|kiero|qiero) (?:vivir|seguir viviendo|estar viv[oa]|despertar)\b"
        r"(?! (?:en|con|aqui|alla|ahi|cerca|lejos|sol[oa]|de)\b)",
        r"\bme (?:quiero|kiero|qiero|voy a|puedo|debo) (?:matar|suicidar|quitar la vida)\b",
        rf"\b{_WANTS} (?:matarme|ahorcarme|suicidarme)\b",
        r"\bsuicid(?:arme|arse|io|a)\b",
        r"\bquitarme la vida\b|\b(?:acabar|terminar) con mi vida\b",
        r"\bmejor (?:muert[oa]|sin mi)\b",
        r"\bno vale la pena vivir\b|\bla vida no vale la pena\b",
        r"\bno tengo (?:razon|razones|motivo|motivos|por que|porque|para que)"
        r" (?:para |de )?vivir\b",
        r"\bme quiero ahorcar\b|\btomarme todas las pastillas\b",
        r"\btirarme (?:de|del|desde) (?:un|el)? ?(?:puente|edificio|techo)\b",
    ),
    "self_harm": (
        r"\b(?:cortarme|lastimarme|quemarme|hacerme dano|autolesion\w*)\b",
        r"\bme (?:quiero|kiero|voy a) (?:cortar|lastimar|quemar|hacer dano)\b",
        r"\bme (?:estoy cortando|sigo cortando|corto las munecas|corte las munecas)\b",
    ),
    "harm_to_others": (
        rf"\b(?:lo|la|los|las|le|les) (?:voy a|vamos a|quiero) {_HERIDO}\b",
        rf"\b(?:voy a|vamos a|quiero|ganas de) {_HERIDO}(?:lo|la|los|las|le|les)\b",
        r"\b(?:voy a|vamos a|quiero|ganas de) (?:matar|lastimar|golpear) a\b",
        r"\b(?:llevar|traer) (?:un|una) (?:arma|pistola|cuchillo) al?\b",
    ),
    "abuse": (
        r"\bme (?:pega|pego|pegan|golpea|golpeo|golpean|maltrata|maltrato|maltratan|viola|violo"
        r"|violaron|abusa|abuso|abusaron|amenaza|amenazo|ahorca|ahorco|patea|pateo|empuja"
        r"|empujo|cachetea|encierra|encerro|quiere matar)\b",
        r"\babus\w* de mi\b|\babuso sexual\b|\bviolencia (?:domestica|intrafamiliar)\b",
        r"\b(?:le )?tengo miedo (?:de|a) (?:mi )?(?:esposo|esposa|pareja|novio|novia|papa"
        r"|padrastro|mama|ex|el)\b",
        r"\bno (?:estoy|me siento) segur[oa] en (?:mi )?casa\b",
        r"\bamenaz\w* con matarme\b|\bdijo que me (?:iba a|va a) matar\b",
    ),
}
# Sayings that sound like crisis language: "me muero de hambre", a haircut, a sore back.
NOT_CRISIS = (
    r"\b(?:morir|morirme|muero|muriendo|morimos)\w* (?:de|por) (?:la )?(?:hambre|risa|sueno"
    r"|frio|calor|ganas|verguenza|miedo|aburrimiento|cansancio|envidia|nervios|pena|amor|ver)",
    r"\b(?:me |se me )?(?:cort\w*) (?:el|la|las|los|mi|mis) (?:pelo|cabello|unas|barba|fleco"
    r"|flequillo|dedo|una)\b",
    r"\blastim\w* (?:la|el|mi|los|las) (?:espalda|rodilla|mano|pie|brazo|pierna|tobillo|cuello"
    r"|hombro|dedo)\b|\bme lastime (?:en|con|al|trabajando)\b",
    r"\b(?:matar\w*|matando\w*) (?:trabajando|estudiando|de risa|el tiempo)\b",
    r"\bse me peg\w*|\bme peg[ao] (?:el sol|la gripe|la gripa|el resfriado|la cancion|el calor"
    r"|el sueno)\b",
    r"\bamenaz\w* con (?:despedir|correr|demandar|multar|cortar|quitar)\w*",
)

# What event notices announce: "ferias de empleo", "eventos de contratación", "ofertas".
_EVENTOS = (
    r"(?:ferias? de (?:empleo|trabajo)|eventos? de (?:empleo|trabajo|contratacion)"
    r"|ofertas de (?:empleo|trabajo)|(?<=de )(?:las |los )?(?:ferias|eventos))"
)

WORDS = LanguageWords(
    code="es",
    opt_out=frozenset(
        {
            "parar",
            "para",
            "pare",
            "paren",
            "baja",
            "alto",
            "basta",
            "detener",
            "no mas",
            "fin",
            "salir",
            "dejenme en paz",
        }
    ),
    bare_opt_out=frozenset(),
    stop_requests=(
        r"\bno (?:me |le )?(?:vuelvan a )?(?:escriban|escribir|envien|manden|mande|contacten"
        r"|molesten)\b",
        r"\bno (?:quiero )?(?:recibir )?(?:mas )?(?:sus )?{texts}\b",
        r"\bno quiero que me (?:escriban|manden)\b",
        r"\b(?:dejen|deje|paren|pare|dejar) de (?:escribir|mandar|enviar|molestar)",
        r"\b(?:quitenme|sacame|saquenme|borrenme|bajenme)\b",
        r"\b(?:salirme|sacarme|quitarme) de (?:la|su|esta) lista\b",
        r"\bbasta (?:ya )?de {texts}",
        r"\b(?:quiten|borren|eliminen) mi numero\b",
        r"\b(?:dar|darme|denme|doy) de baja\b",
        r"\b(?:detener|detengan|cancelar|cancelen) (?:los )?(?:{texts}|suscripcion)\b",
        r"\bdesuscrib",
        r"\bnumero (?:equivocado|incorrecto)\b",
        r"\bequivoc\w* de numero\b",
    ),
    negations=frozenset({"no"}),
    limits=(
        r"\b(?:despues|antes) de (?:las )?\d",
        r"\btan (?:temprano|tarde|seguido)\b",
        r"\ben la (?:noche|manana)\b",
        r"\b(?:domingos|sabados|fines de semana)\b",
        r"\ben el trabajo\b",
        r"\bhasta\b",
        r"\brecordatorios\b",
        # Texts to someone else: "no le escriban a mi mamá", "dejen de mandarle mensajes".
        r"\ble (?:escriban|manden)\b|\b(?:escribir|mandar)le\b",
    ),
    partial_requests=(
        r"^solo (?:sobre|mensajes|quiero|los recordatorios)\b",
        r"\b(?:nuevo numero|numero nuevo|otro numero|cambie de numero)\b",
        r"\b(?:menos|demasiados) {texts}\b",
    ),
    texts=r"(?:mensajes|textos|recordatorios|avisos)",
    replies=REPLIES,
    filler=frozenset({"por", "favor", "gracias", "ya"}),
    spellings={"msj": "mensajes"},
    typos=frozenset({"parar", "basta", "desuscribir"}),
    not_typos=frozenset({"hasta"}),
    opt_in=frozenset({"si", "alta", "inicio", "iniciar", "comenzar"}),
    opt_in_only_when_out=frozenset({"si"}),
    help=frozenset({"ayuda", "informacion", "ayudame"}),
    notices=(
        # "avisos", "avisos de empleo", "avisos de las ferias de empleo" (not "le aviso": I'll
        # let you know).
        rf"avisos(?: (?:de|sobre) (?:(?:las|los|la|el) )?(?:empleos?|trabajos?|{_EVENTOS}))?\b",
        # "mensajes de eventos", "lo de las ferias de empleo", "ofertas de trabajo".
        rf"(?:(?:{{texts}}|lo) (?:de|sobre) (?:(?:las|los|la|el) )?)?{_EVENTOS}\b",
    ),
    notice_words=frozenset({"avisos", "eventos", "ferias"}),  # not "aviso": "sí, le aviso"
    notices_on=frozenset({"si", "quiero", "recibir", "reanudar", "activar", "alta", "iniciar"}),
    all_texts=(r"\b(?:mensajes|textos|msj|sms|todo|nada)\b",),
    switch_to={
        "es": frozenset({"espanol", "en espanol", "castellano"}),
        "en": frozenset({"ingles", "en ingles"}),
    },
    crisis=CRISIS,
    not_crisis=NOT_CRISIS,
)
