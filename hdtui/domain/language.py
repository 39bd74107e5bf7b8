"""Provides best-effort detection of the language a report or mail is written in.

Counts common function words per language (a word shared by k languages counts 1/k for each) and
Cyrillic letters. Only en, fr, es, de, it, pt and ru are told apart.
"""

from __future__ import annotations

import re

_MAX_CHARS = 20_000
_MIN_WORDS = 4
_MIN_SCORE = 2.0
_MARGIN = 1.25
_WORD_RE = re.compile(r"[^\W\d_]+")

_STOPWORDS: dict[str, str] = {
    "en": (
        "the and is it to of that this with was not have has but when my i on for are can what "
        "you be from after there does didn doesn don isn wasn won cannot would which then "
        "tried trying any at an or if so all how why just also because"
    ),
    "fr": (
        "le les et est une des du je pas dans pour sur avec ce cette elle au aux mon mes ai suis "
        "sont été ça très aussi quand comme tout rien leur votre vous nous j l d qu n c "
        "ne qui il la un que mais ou ma en se"
    ),
    "es": (
        "el los las y es pero muy está están estoy cuando también hay puedo tengo yo ya eso esto "
        "este esta porque sin nada donde aunque después ahora hace la un una que por con para "
        "se en del al lo mi me su no mas"
    ),
    "de": (
        "der die das und ist nicht ich mit ein eine einen auf zu den dem sich auch wenn aber habe "
        "kann wird von wie nach bei noch nur oder mein meine werden wurde ohne schon dass im sie "
        "wir kein keine funktioniert"
    ),
    "it": (
        "il di che è non per sono ho della dei delle nel nella gli questo questa anche più "
        "perché cosa ancora essere hanno alla sul poi molto tutto ci e un una la lo ma mi si al "
        "del con da come quando se no le qui ne"
    ),
    "pt": (
        "o os um uma não em eu na ao dos meu minha você estou isso isto também tenho pode foi "
        "ser já pela pelo seu sua nós só e que por para do da das no se mais mas ou com quando "
        "como"
    ),
}


def _build_weights() -> dict[str, dict[str, float]]:
    """Map each stopword to {language: weight}, weight 1/k for a word in k languages."""
    owners: dict[str, list[str]] = {}
    for lang, words in _STOPWORDS.items():
        for word in set(words.split()):
            owners.setdefault(word, []).append(lang)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in owners.items()}


_WEIGHTS = _build_weights()


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
"""A Cyrillic letter. Counted by the expression, not a Python test per character: that
loop over a report's text was a tenth of reading it (docs/cold-start.md, "Writing the
cache")."""
_LATIN_RE = re.compile("[A-Za-z]")


def detect_language(text: str) -> str | None:
    """Best-effort ISO 639-1 code among en fr es de it pt ru; None if too little text."""
    if not text:
        return None
    sample = text[:_MAX_CHARS]
    cyrillic = 0 if sample.isascii() else len(_CYRILLIC_RE.findall(sample))
    if cyrillic >= 10:
        latin = len(_LATIN_RE.findall(sample))
        if cyrillic >= latin:
            return "ru"
    words = _WORD_RE.findall(sample.casefold())
    if len(words) < _MIN_WORDS:
        return None
    scores: dict[str, float] = dict.fromkeys(_STOPWORDS, 0.0)
    for word in words:
        weights = _WEIGHTS.get(word)
        if weights:
            for lang, weight in weights.items():
                scores[lang] += weight
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best_lang, best = ranked[0]
    second = ranked[1][1]
    if best < _MIN_SCORE or best < second * _MARGIN:
        return None
    return best_lang
