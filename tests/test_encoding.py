"""Hand-checkable vectors for SMS encoding and segmenting, plus a seeded property check."""

from __future__ import annotations

import random

import pytest

from botapp.encoding import Encoding, SmsCost, analyze, is_gsm7, split, to_gsm7

A = "a"  # a plain GSM-7 character: one septet, or one UTF-16 unit in a UCS-2 message
EMOJI = "\U0001f600"  # 😀, outside the BMP: a surrogate pair, two UTF-16 units


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        # Empty body: Twilio still bills one segment.
        ("", "GSM-7", 0, 1),
        # GSM-7: 160 septets alone, 153 per part when concatenated.
        (A * 160, "GSM-7", 160, 1),
        (A * 161, "GSM-7", 161, 2),
        (A * 306, "GSM-7", 306, 2),
        (A * 307, "GSM-7", 307, 3),
        # Extension characters cost two septets.
        (A * 158 + "€", "GSM-7", 160, 1),
        (A * 159 + "€", "GSM-7", 161, 2),
        ("{}[]~^|\\€\f", "GSM-7", 20, 1),
        # 152 + "{" cannot fit 153, so "{" opens part 2 (2 + 151 = 153) and one "a" spills
        # into part 3: 306 septets but 3 segments, unlike 306 plain characters.
        (A * 152 + "{" + A * 152, "GSM-7", 306, 3),
        # Accents in the GSM-7 alphabet.
        ("é ñ ü Ñ", "GSM-7", 7, 1),
        ("éñüäöÑÜÄÖàèùìòÇÉß", "GSM-7", 17, 1),
        ("ΔΦΓΛΩΠΨΣΘΞ £¥¤§¿¡ÆæØøÅå @$_\n\r", "GSM-7", 29, 1),
        # UCS-2: 70 units alone, 67 per part when concatenated.
        ("á" * 70, "UCS-2", 70, 1),
        ("á" * 71, "UCS-2", 71, 2),
        ("á" * 134, "UCS-2", 134, 2),
        ("á" * 135, "UCS-2", 135, 3),
        # One non-GSM character makes the whole message UCS-2.
        (A * 69 + "á", "UCS-2", 70, 1),
        (A * 70 + "á", "UCS-2", 71, 2),
        ("í", "UCS-2", 1, 1),
        ("ó", "UCS-2", 1, 1),
        ("ú", "UCS-2", 1, 1),
        # Emoji: a surrogate pair.
        (EMOJI, "UCS-2", 2, 1),
        (A * 68 + EMOJI, "UCS-2", 70, 1),
        (A * 69 + EMOJI, "UCS-2", 71, 2),
        # The emoji would straddle units 67/68 of part 1, so it opens part 2 (2 + 65 = 67)
        # and one "a" spills into part 3: 134 units but 3 segments, unlike 134 "á".
        (A * 66 + EMOJI + A * 66, "UCS-2", 134, 3),
        # Other scripts.
        ("مرحبا بك", "UCS-2", 8, 1),
        ("Xin chào, bạn khỏe không?", "UCS-2", 25, 1),
        ("Hola Ana, ¿Cómo está?", "UCS-2", 21, 1),
    ],
)
def test_analyze(text: str, encoding: Encoding, units: int, segments: int) -> None:
    assert analyze(text) == SmsCost(encoding, units, segments)
    assert len(split(text)) == segments


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", [""]),
        ("hello", ["hello"]),
        (A * 161, [A * 153, A * 8]),
        (A * 159 + "€", [A * 153, A * 6 + "€"]),
        # The ESC pair is not cut: "{" moves whole into part 2.
        (A * 152 + "{" + A * 10, [A * 152, "{" + A * 10]),
        (A * 152 + "{" + A * 152, [A * 152, "{" + A * 151, A]),
        ("á" * 71, ["á" * 67, "á" * 4]),
        # The surrogate pair is not cut: the emoji moves whole into part 2.
        (A * 66 + EMOJI + A * 10, [A * 66, EMOJI + A * 10]),
        (A * 66 + EMOJI + A * 66, [A * 66, EMOJI + A * 65, A]),
    ],
)
def test_split(text: str, parts: list[str]) -> None:
    assert split(text) == parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        ("Hello, world!", True),
        ("é ñ ü Ñ", True),
        ("€ {x} [y] ~ ^ | \\", True),
        ("\x1b", False),  # ESC only introduces an extension character
        ("á", False),
        ("ç", False),  # the table has capital Ç only
        ("`", False),
        (EMOJI, False),
    ],
)
def test_is_gsm7(text: str, expected: bool) -> None:
    assert is_gsm7(text) is expected


# Independent of the module: characters and how to count them.
GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNO"
GSM_BASIC += "PQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
GSM_EXTENSION = "\f^{}\\[]~|€"
NON_GSM = "áíóúçÁ`ạỏôمرح日本" + EMOJI + "\U0001f44d\U0001f389"


def septets(text: str) -> int:
    return len(text) + sum(c in GSM_EXTENSION for c in text)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def generated_texts(count: int, seed: int = 20240611) -> list[str]:
    rng = random.Random(seed)
    pools = [GSM_BASIC, GSM_BASIC * 4 + GSM_EXTENSION * 2, GSM_BASIC * 8 + NON_GSM]
    texts = []
    for _ in range(count):
        pool, length = rng.choice(pools), rng.randint(0, 420)
        texts.append("".join(rng.choice(pool) for _ in range(length)))
    return texts


def test_split_properties_on_generated_texts() -> None:
    texts = generated_texts(400)
    assert {analyze(t).encoding for t in texts} == {"GSM-7", "UCS-2"}
    for text in texts:
        cost, parts = analyze(text), split(text)
        assert "".join(parts) == text, text
        assert cost.segments == len(parts), text
        gsm = all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)
        assert cost.encoding == ("GSM-7" if gsm else "UCS-2"), text
        count = septets if gsm else utf16_units
        assert cost.units == count(text), text
        single, per_part = (160, 153) if gsm else (70, 67)
        if len(parts) == 1:
            assert cost.units <= single, text
        else:
            assert cost.units > single, text
            assert all(0 < count(p) <= per_part for p in parts), text


def test_a_staff_text_keeps_gsm7_letters_and_drops_other_accents() -> None:
    assert to_gsm7("Lucía H., José R., Zoë, Ñandú") == "Lucia H., José R., Zoe, Ñandu"
    assert to_gsm7("Ana 😀 李") == "Ana ? ?"
    assert is_gsm7(to_gsm7("María Ángeles Núñez"))
