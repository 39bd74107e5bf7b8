"""Tests for the expressions tried only where one of their words' first letters stands
(hdtui/domain/lookahead.py): they find what their words alone find."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest

from hdtui.domain import debug, terms
from hdtui.domain.insight.facts import _FAULT_RE, FAULT_WORDS
from hdtui.domain.lookahead import first_letters_ahead

DATA = Path(__file__).resolve().parent.parent / "data"

LOOKING_AHEAD = [
    (terms._MAC_ADDRESS_RE, terms._MAC_ADDRESS_WORDS),
    (terms._WHERE_RE, terms._WHERE_WORDS),
    (terms._PHRASE_RE, terms._PHRASE_WORDS),
    (terms._UNSTABLE_RE, terms._UNSTABLE_WORDS),
    (terms._BAD_CONNECTION_OTHER_RE, terms._BAD_CONNECTION_OTHER_WORDS),
    (debug._JOURNAL_ERROR_RE, debug.JOURNAL_ERROR_WORDS),
    (_FAULT_RE, FAULT_WORDS),
]
"""Each expression with a look-ahead, and its words alone."""

SAMPLES = [
    "Where is my Persistent Storage?", "WO IST die Datei", "¿Dónde está el archivo?",
    "où est le dossier", "Onde está?", "dove è finito", "gdzie jest plik", "где он",
    "MAC address", "mac-adres", "adresse mac", "indirizzo MAC", "dirección mac",
    "endereço mac", "an iMac", "Tails is unstable", "INSTABILITÉ", "kararsız", "нестабильно",
    "нестійкий", "ناپایدار", "плохое соединение", "Słaby internet", "schlechte Verbindung",
    "mauvaise connexion", "mala conexión", "má conexão", "màn hình", "Mật khẩu", "kata sandi",
    "jookseb kokku", "half-upgraded", "error", "ſegfault", "tracebacK", "unfailing",
    "ata1: hard resetting link", "scsi_eh_0", "Aborted (core dumped)", "RESET", "reseted",
]


@cache
def corpus() -> list[str]:
    """The samples, each in capitals and in a sentence, the phrases of the lexicon, the
    test data's reports and labelled sets (many languages), and random strings of the
    words' letters."""
    texts = list(SAMPLES)
    texts += [t.upper() for t in SAMPLES] + [f"x {t}, y" for t in SAMPLES]
    texts += [f"{p} ." for p in terms._PHRASES] + [p.upper() for p in terms._PHRASES]
    for path in sorted([*(DATA / "whisperback").glob("*.txt"),
                        *(DATA / "matching").glob("*.toml")]):
        texts += path.read_text(encoding="utf-8").split("\n\n")
    rng = random.Random(21)
    letters = "wdogмacпсsmuinkнنefrtлſK ':-_hb"
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 10)))
              for _ in range(5_000)]
    return texts


@pytest.mark.parametrize(("pattern", "words"), LOOKING_AHEAD,
                         ids=[p.pattern[:30] for p, _ in LOOKING_AHEAD])
def test_an_expression_looking_ahead_finds_what_its_words_find(
        pattern: re.Pattern[str], words: str) -> None:
    alone = re.compile(words, re.IGNORECASE)
    assert pattern.pattern != alone.pattern
    found = [(t, [m.span() for m in pattern.finditer(t)]) for t in corpus()]
    differ = [t for t, spans in found if spans != [m.span() for m in alone.finditer(t)]]
    assert differ == []
    assert sum(1 for _, spans in found if spans) >= 3


def test_a_first_letter_left_out_loses_the_words_that_start_with_it() -> None:
    # The test above can fail: "where" is no longer found without its "w".
    assert not first_letters_ahead("dogг", terms._WHERE_WORDS).search("Where is it?")
    assert first_letters_ahead("wdogг", terms._WHERE_WORDS).search("Where is it?")
