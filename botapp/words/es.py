"""Spanish: the words clients use to stop, limit, restart texts, ask for help or a language."""

from botapp.words import LanguageWords

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
        r"\bferias?\b",
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
    filler=frozenset({"por", "favor", "gracias", "ya"}),
    spellings={"msj": "mensajes"},
    typos=frozenset({"parar", "basta", "desuscribir"}),
    not_typos=frozenset({"hasta"}),
    opt_in=frozenset({"si", "alta", "inicio", "iniciar", "comenzar"}),
    opt_in_only_when_out=frozenset({"si"}),
    help=frozenset({"ayuda", "informacion", "ayudame"}),
    switch_to={
        "es": frozenset({"espanol", "en espanol", "castellano"}),
        "en": frozenset({"ingles", "en ingles"}),
    },
)
