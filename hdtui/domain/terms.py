"""Provides the words text ranking works on: tokens, stopwords, a light stemmer, and a small
lexicon that maps common Help Desk words of French, Spanish, German, Italian and Portuguese
to their English form, so a report in another language shares words with English issues.

Technical tokens (chip names, ids, module names) pass through unchanged, which is what makes
ranking largely language-independent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD_RE = re.compile(r"[^\W_][\w.+-]*[^\W_]|[^\W_]", re.UNICODE)
_SPLIT_RE = re.compile(r"[.+-]")

_STOPWORDS_TEXT = """
the and for with that this from have has had not but are was were you your can cannot
will would could should when what which who how why after before into onto over under
then than there their they them its it's also just like only very some any all more most
does did doing done been being get got make made use used using tails report reports
issue issues problem problems work works working help please thanks thank hello
now new old shows show showed see seen saw say says said know need want try tried trying
thing things something anything nothing everything way time times day days still again
computer laptop machine pc http https www com org net html link click clicked email mail
one two our out off our yes can't don't doesn't didn't isn't won't i'm it's my me there
les des une est pas que qui pour avec dans sur mais mon mes par plus sont ont ça cette
elle nous vous tout rien très aussi quand comme même été être fait faire
los las una por con del para pero como mas sus ser esta este está están estoy cuando
también hay puedo tengo eso esto nada donde aunque después ahora hace ya muy sin
der die das und ist nicht mit von sich auf ein eine den dem ich einen wenn aber habe kann
wird wie nach bei noch nur oder mein meine werden wurde ohne schon dass sie wir kein keine
il di che è non per sono ho della dei delle nel nella gli questo questa anche più
uma não em eu na ao dos meu minha você isso também tenho pode foi já
en el la le de du un et es se si ne il lo mi te tu ma au da di im zu am um an in is on at to
of or if so be we as it do no by up à é
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Everyday words of support mail in other languages -> the English word issues use.
# Only words that carry the problem (devices, symptoms), never names of products.
_LEXICON_TEXT = """
wlan=wifi wi-fi=wifi wifi=wifi réseau=network réseaux=network red=network redes=network
netzwerk=network netzwerke=network rete=network reti=network rede=network
clavier=keyboard teclado=keyboard tastatur=keyboard tastiera=keyboard
souris=mouse ratón=mouse maus=mouse
pavé=touchpad touchpad=touchpad
écran=screen pantalla=screen bildschirm=screen schermo=screen tela=screen
noir=black noire=black negra=black negro=black schwarz=black schwarzer=black nero=black
preta=black gris=grey grise=grey grau=grey grigio=grey
démarrage=start démarrer=start démarre=start arranque=start arrancar=start arranca=start
iniciar=start starten=start startet=start avvio=start
mot=password contraseña=password passwort=password kennwort=password senha=password
clave=key schlüssel=key chiave=key chave=key
sonido=sound audio=sound
carte=card tarjeta=card karte=card scheda=card placa=card
graphique=graphics gráfica=graphics grafikkarte=graphics grafica=graphics
mise=upgrade actualización=upgrade aktualisierung=upgrade aggiornamento=upgrade
stockage=storage almacenamiento=storage speicher=storage archiviazione=storage
persistant=persistent persistente=persistent persistenter=persistent
erreur=error fehler=error errore=error erro=error
pont=bridge ponts=bridge puente=bridge puentes=bridge brücke=bridge brücken=bridge
ponte=bridge мосты=bridge мост=bridge
connexion=connection conexión=connection verbindung=connection connessione=connection
bloqué=stuck bloqueado=stuck hängt=stuck bloccato=stuck
gelé=freezes congela=freezes friert=freezes
mémoire=memory memoria=memory arbeitsspeicher=memory
disposition=layout tastaturlayout=layout
langue=language idioma=language sprache=language lingua=language
administración=administration amministrazione=administration administração=administration
"""
LEXICON: dict[str, str] = dict(pair.split("=", 1) for pair in _LEXICON_TEXT.split())

_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A light English stem: "starting" -> "start", "cards" -> "card"; other words unchanged."""
    if not word.isalpha() or len(word) < 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4):
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 17)
def normalise(word: str) -> str:
    """One lowercased word as ranking compares it (lexicon, then stem; stopwords unchanged).
    Memoised: indexing 10,000 issues normalises millions of words from a small vocabulary."""
    folded = word.lower()
    folded = LEXICON.get(folded, folded)
    return folded if folded in STOPWORDS else stem(folded)


def fold(text: str) -> str:
    """``text`` compared loosely: compatibility forms, no accents, case-folded
    ("Écran" -> "ecran", "ﬁ" -> "fi")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_UNFOLDED = {fold(word): word for word in LEXICON}


def lexicon_word(word: str) -> str:
    """The lexicon's spelling of a lowercased word written without its accents ("ecran"
    -> "écran", which ``normalise`` knows as "screen"); any other word unchanged."""
    return word if word in LEXICON else _UNFOLDED.get(fold(word), word)


def words(text: str) -> list[str]:
    """Raw lowercased words, keeping ``rtl8723be.fwlps`` and ``wi-fi`` together."""
    return [w.lower() for w in _WORD_RE.findall(text)]


def parts(word: str) -> list[str]:
    """What ranking splits a word into: ``rtl8723be.fwlps`` -> its dotted or hyphenated
    parts and the word without its dots (``rtl8723be``, ``fwlps``, ``rtl8723befwlps``);
    a lexicon word (``wi-fi``) and a plain word stay whole."""
    if not _SPLIT_RE.search(word) or word in LEXICON:
        return [word]
    found = [p for p in _SPLIT_RE.split(word) if p]
    if len(found) > 1 and len(word) <= 24:
        found.append(word.replace(".", "").replace("-", "").replace("+", ""))
    return found


def terms(text: str) -> list[str]:
    """Ranking terms of a text: words and their dotted or hyphenated parts, normalised,
    without stopwords, digits-only words or one-letter words."""
    found: list[str] = []
    for word in words(text):
        for part in parts(word):
            term = normalise(part)
            if len(term) >= 2 and term not in STOPWORDS and not term.isdigit():
                found.append(term)
    return found
