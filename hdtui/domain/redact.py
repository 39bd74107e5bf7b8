"""Provides personal-data stripping, pure: redact_text(), Known, Redaction, Uncertain.

Before an issue is created from reports, their text loses (docs/privacy.md):

- email addresses: plain, internationalised (``josé@exämple.de``, ``用户@例子.广告``), with
  a spaced or fullwidth at sign (``name @ domain.org``, ``name＠domain．org``) and
  obfuscated (``name at domain dot org``, ``[at]``, ``(at)``, ``arroba``);
- phone numbers (international, or national after a phone word) and IP addresses that may
  name someone (`hdtui.domain.contact_numbers`);
- OpenPGP material: armoured blocks, v4 and v6 fingerprints in every common spelling
  (groups of four, colon- or pair-separated, wrapped over lines), key IDs;
- names: the ``From:`` display name, the parts of a bare address's local part, the user
  IDs of an OpenPGP key (armoured, or pasted as gpg/sq output), the name of any ``Name
  <address>`` pair, and names found after greetings, sign-offs (also in lower case or on
  the sign-off's line), "my name is" and "my friend" in several languages. Every part is
  removed as a whole word in any case, except ordinary words (`COMMON_WORDS`), which only
  go where they are clearly a name.

Addresses are stripped before any truncation of the text. What the stripping cannot
decide is reported as `Uncertain` findings (line and reason), so that the form never
claims "no personal data found" while something doubtful is left: among them capitalised
unknown words in a row in running text (``told Rowena Castellanos``), which may be a
name that appears nowhere else.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.utils import parseaddr

from hdtui.domain import contact_numbers as numbers
from hdtui.domain.common_words import COMMON_WORDS, NAME_WORDS, TECHNICAL_WORDS
from hdtui.domain.queue import WHISPERBACK_SENDER, Entry
from hdtui.domain.terms import fold as fold  # also used by the redaction tests

NAME_PART_MIN = 3
"""Name parts this long or longer are removed in any case; two-letter ones only as written."""
CJK_PART_MIN = 2
"""Names in scripts without spaces (Chinese, Japanese, Korean) are matched from 2 signs."""

EMAIL = "email address"
KEY_BLOCK = "OpenPGP block"
FINGERPRINT = "OpenPGP fingerprint"
KEY_ID = "OpenPGP key ID"
NAME = "name"
PHONE = "phone number"
IP_ADDRESS = "IP address"
KINDS = (EMAIL, PHONE, IP_ADDRESS, KEY_BLOCK, FINGERPRINT, KEY_ID, NAME)
_REMOVED = {
    EMAIL: "[email removed]",
    PHONE: "[phone number removed]",
    IP_ADDRESS: "[IP address removed]",
    KEY_BLOCK: "[OpenPGP block removed]",
    FINGERPRINT: "[OpenPGP key removed]",
    KEY_ID: "[OpenPGP key removed]",
    NAME: "[name removed]",
}
NOTHING_FOUND = "No personal data was found in the reports' text."

ADDRESS_LIKE = "something like an address"
HEX_LIKE = "hex digits like part of an OpenPGP key"
GREETING_WORD = "a capitalised word after a greeting that is not a known name"
SIGN_OFF_LINE = "a short line after a sign-off that may be a name"
NAME_WORD = "an ordinary word that is also a name here, kept"
NAME_RUN = "capitalised words in a row that may be a name"
PHONE_LIKE = "digits like a phone number"
RELATION_WORD = "a word after \"my friend\" or the like that may be a name"

# --- addresses ---------------------------------------------------------------------------

_DOT = "[.．。｡]"
EMAIL_RE = re.compile(r"[\w!#$%&'*+/=?^`{|}~.-]+[ \t]{0,2}[@＠][ \t]{0,2}[\w-]+(?:"
                      + _DOT + r"[\w-]+)+")
"""An address, also internationalised, with a fullwidth or spaced at sign."""
_AT_WORDS = r"(?i:at|arroba|arobase|arobas|chiocciola|klammeraffe|собака)"
_DOT_WORDS = r"(?i:dot|punto|point|punkt|ponto|punt|точка)"
_OBF_AT = (r"(?:[ \t]*[\[({<][ \t]*(?:" + _AT_WORDS + r"|ät|@|＠)[ \t]*[\])}>][ \t]*"
           r"|[ \t]+" + _AT_WORDS + r"[ \t]+)")
_OBF_DOT = (r"(?:[ \t]*[\[({<][ \t]*(?:" + _DOT_WORDS + r"|\.)[ \t]*[\])}>][ \t]*"
            r"|[ \t]+" + _DOT_WORDS + r"[ \t]+|" + _DOT + ")")
_OBF_WORD_DOT = (r"(?:[ \t]*[\[({<][ \t]*(?:" + _DOT_WORDS + r"|\.)[ \t]*[\])}>][ \t]*"
                 r"|[ \t]+" + _DOT_WORDS + r"[ \t]+)")
_OBFUSCATED_RE = re.compile(r"(?<![\w.+-])(?P<local>[\w.+-]+(?:" + _OBF_WORD_DOT
                            + r"[\w.+-]+)*)(?P<at>" + _OBF_AT
                            + r")(?P<domain>[\w-]+(?:" + _OBF_DOT + r"[\w-]+)+)")
PUBLIC_DOMAINS = frozenset({
    "tails.net", "tails.boum.org", "boum.org", "torproject.org", "debian.org",
    "gitlab.tails.boum.org", "gitlab.torproject.org", "github.com", "gitlab.com",
    "mozilla.org", "thunderbird.net", "riseup.net", "wikipedia.org",
})
"""Sites that ``… at tails.net`` names as a place, not as an address."""
_FILE_SUFFIXES = frozenset({"log", "txt", "conf", "png", "jpg", "iso", "img", "sh", "py",
                            "deb", "service", "desktop", "html", "pdf", "gpg", "asc"})

# --- OpenPGP -----------------------------------------------------------------------------

_ARMOR_RE = re.compile(r"-----BEGIN PGP [A-Z ]+-----.*?(?:-----END PGP [A-Z ]+-----|\Z)",
                       re.DOTALL)
_HEX2 = "[0-9A-Fa-f]{2}"
_SEP = r"(?:[ \t]{1,2}|:|[ \t]*\n[ \t]*(?:>[ \t]*)*)?"
_FINGERPRINT_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:0x)?" + _HEX2
    + r"(?:(?:" + _SEP + _HEX2 + r"){31}|(?:" + _SEP + _HEX2 + r"){19})(?![0-9A-Za-z])")
"""A v6 (64 hex) or v4 (40 hex) fingerprint, any separators between pairs, wrapped too."""
_KEY_ID_RE = re.compile(r"(?<![0-9A-Za-z])(?:0x(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{8})"
                        r"|(?=[0-9A-Fa-f]*[A-Fa-f])(?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]{16}"
                        r"|(?:[0-9A-Fa-f]{4}[ \t]{1,2}){3}[0-9A-Fa-f]{4})"
                        r"(?![0-9A-Za-z])")
_HEX_LEFT_RE = re.compile(r"(?<![0-9A-Za-z])(?:0x[0-9A-Fa-f]{6,}"
                          r"|[0-9A-Fa-f]{4}(?:[ :][0-9A-Fa-f]{4}){2,})(?![0-9A-Za-z])")

# --- names -------------------------------------------------------------------------------

_GREETINGS = (
    "hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening",
    "bonjour", "bonsoir", "salut", "cher", "chère", "coucou",
    "hola", "buenos días", "buenas tardes", "buenas", "estimado", "estimada", "querido",
    "querida",
    "hallo", "guten tag", "guten morgen", "liebe", "lieber", "sehr geehrte", "sehr geehrter",
    "servus", "moin",
    "ciao", "salve", "buongiorno", "gentile", "caro", "cara",
    "olá", "ola", "oi", "prezado", "prezada",
    "привет", "здравствуйте", "уважаемый", "уважаемая", "добрый день",
    "سلام", "درود", "مرحبا", "السلام عليكم", "你好", "您好",
)
_SIGN_OFFS = (
    "thanks", "thank you", "many thanks", "thanks a lot", "regards", "best regards",
    "kind regards", "best wishes", "best", "cheers", "sincerely", "yours", "take care",
    "merci", "merci beaucoup", "cordialement", "bien à vous", "amicalement", "bises",
    "bonne journée", "à bientôt",
    "gracias", "muchas gracias", "saludos", "un saludo", "atentamente", "abrazos",
    "danke", "vielen dank", "danke schön", "grüße", "viele grüße", "liebe grüße",
    "beste grüße", "mit freundlichen grüßen", "gruß", "lg", "mfg",
    "grazie", "grazie mille", "cordiali saluti", "saluti", "un saluto",
    "obrigado", "obrigada", "abraços", "atenciosamente",
    "спасибо", "с уважением", "谢谢", "感谢", "ありがとう", "よろしくお願いします",
    "thanks in advance", "all the best", "warm regards", "best wishes", "many thanks",
    "bien cordialement", "salutations", "bien à toi", "merci d'avance", "merci d’avance",
    "un abrazo", "saludos cordiales", "un cordial saludo", "cordialmente", "mil gracias",
    "herzliche grüße", "schöne grüße", "freundliche grüße", "lieben gruß", "liebe grüsse",
    "viele grüsse", "mit freundlichen grüssen", "danke im voraus", "besten dank",
    "distinti saluti", "un abbraccio", "a presto", "un caro saluto", "saluti cordiali",
    "buona giornata", "tante grazie", "un saluto cordiale",
    "um abraço", "abraço", "cumprimentos", "melhores cumprimentos", "muito obrigado",
    "muito obrigada", "beijos", "saudações",
    "заранее спасибо", "большое спасибо", "всего доброго", "всего хорошего",
    "с наилучшими пожеланиями", "благодарю",
    "多谢", "此致", "此致敬礼", "祝好", "敬上",
    "با تشکر", "با سپاس", "با احترام", "ممنون", "سپاس", "سپاسگزارم", "متشکرم",
    "مع الشكر", "شكرا", "شكراً", "شكرًا", "مع التحية", "مع خالص التحية", "تحياتي",
    "مع تحياتي", "وشكرا",
)
_SELF_NAMING = ("my name is", "my name's", "i am called", "je m'appelle", "je m’appelle",
                "mon nom est", "me llamo", "mi nombre es", "ich heiße", "ich heisse",
                "mein name ist", "mi chiamo", "il mio nome è", "meu nome é", "me chamo",
                "chamo-me", "меня зовут", "моё имя", "мое имя", "我叫", "我的名字是",
                "我的名字叫", "اسمي", "أنا اسمي", "اسم من", "نام من", "اسمم")
_RELATIONS = (
    "my friend", "a friend", "my colleague", "my coworker", "my co-worker", "my brother",
    "my sister", "my wife", "my husband", "my partner", "my boss", "my neighbour",
    "my neighbor", "my cousin", "my son", "my daughter", "my mother", "my father",
    "mon ami", "mon amie", "mon collègue", "ma collègue", "mon frère", "ma sœur",
    "ma soeur", "ma femme", "mon mari", "mon copain", "ma copine", "mon voisin",
    "ma voisine", "mon cousin", "ma cousine",
    "mi amigo", "mi amiga", "mi compañero", "mi compañera", "mi colega", "mi hermano",
    "mi hermana", "mi esposo", "mi esposa", "mi primo", "mi prima", "mi vecino",
    "mi vecina",
    "mein freund", "meine freundin", "mein kollege", "meine kollegin", "mein bruder",
    "meine schwester", "meine frau", "mein mann", "mein nachbar", "meine nachbarin",
    "mein cousin", "meine cousine",
    "il mio amico", "la mia amica", "il mio collega", "la mia collega", "mio amico",
    "mia amica", "mio collega", "mio fratello", "mia sorella", "mio cugino", "mia cugina",
    "meu amigo", "minha amiga", "meu colega", "minha colega", "meu irmão", "minha irmã",
    "meu primo", "minha prima", "meu vizinho", "minha vizinha",
    "мой друг", "моя подруга", "мой коллега", "моя коллега", "мой брат", "моя сестра",
    "мой знакомый", "моя знакомая", "мой сосед", "моя соседка", "моим другом",
    "моей подруги", "моего друга",
)
"""Words after which a capitalised word is most likely a person ("my friend Lucía")."""
_CJK_RELATIONS = ("我的朋友", "我朋友", "我的同事", "我同事", "我的哥哥", "我的姐姐")
_CASELESS_RELATIONS = ("صديقي", "صديقتي", "زميلي", "زميلتي", "أخي", "أختي", "دوستم",
                       "همکارم", "برادرم", "خواهرم")
_CASELESS_STOP = frozenset({
    "و", "في", "من", "على", "عن", "إلى", "الى", "أنا", "انا", "لدي", "عندي", "هو", "هي",
    "است", "هستم", "هست", "که", "را", "با", "در", "به", "از", "این", "آن", "ولی",
    "اما", "لكن", "قال", "گفت", "می", "شكرا", "مع", "ولدي", "وعندي", "وأنا", "وانا",
    "أستخدم", "استخدم", "دارم", "دارد", "بود",
})
"""Function words of scripts without case (Arabic, Persian) that end a name."""
_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "herr", "frau", "m", "mme", "mlle",
                     "monsieur", "madame", "sr", "sra", "srta", "señor", "señora", "don",
                     "doña", "sig", "sig.ra", "signor", "signora", "sir", "madam"})


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_GREETING_RE = re.compile(r"^[ \t]*(?:" + _alternatives(_GREETINGS) + r")(?![\w])[ \t,]*"
                          r"(?P<rest>[^\n]*)$", re.IGNORECASE | re.MULTILINE)
_SIGN_OFF_RE = re.compile(r"^[ \t]*(?:" + _alternatives(_SIGN_OFFS) + r")(?![\w])"
                          r"(?P<rest>[^\n]*)$", re.IGNORECASE | re.MULTILINE)
_SIGN_OFF_INLINE_RE = re.compile(r"[.!?…][ \t]+(?:" + _alternatives(_SIGN_OFFS)
                                 + r")[ \t]*[,،:—–-][ \t]*(?P<rest>[^\n]*)$",
                                 re.IGNORECASE | re.MULTILINE)
"""A sign-off after the last sentence of a line: ``… geht nicht. Grüße, Ernst Vogel``."""
_WORD = r"[^\W\d_][\w'’\u200c-]*"
_SELF_RE = re.compile(r"(?<!\w)(?:" + _alternatives(_SELF_NAMING) + r")[ \t:,]*"
                      r"(?P<name>" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,2})",
                      re.IGNORECASE)
_RELATION_RE = re.compile(r"(?<!\w)(?i:" + _alternatives(_RELATIONS) + r")[ \t,]+"
                          r"(?P<name>" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,2})")
_CJK_RELATION_RE = re.compile(r"(?:" + _alternatives(_CJK_RELATIONS) + r")[ \t]*"
                              r"(?P<name>[\u3400-\u9fff]{2,3})")
_CASELESS_RELATION_RE = re.compile(r"(?<!\w)(?:" + _alternatives(_CASELESS_RELATIONS)
                                   + r")[ \t]+\w")
_PAIR_RE = re.compile(r"(?P<before>[^\n<>]*?)[ \t]*(?:\([^()\n]*\)[ \t]*)?"
                      r"<[ \t]*[^<>\s@＠]+[ \t]*[@＠][^<>\s]+[ \t]*>")
"""``Name (comment) <address>``: a mail header, a quoted line, a key's user ID."""
_UID_RE = re.compile(r"^[ \t]*(?:[-*│├└]+[ \t]*)?(?i:uid|user ?id|userid)[ \t]*:?[ \t]*"
                     r"(?:\[[^\]\n]*\][ \t]*)?(?P<name>[^\n<]+?)[ \t]*$", re.MULTILINE)
"""A user ID without an address in gpg or sq output (``uid [ unknown] Name``)."""
_DASH_NAME_RE = re.compile(r"^[ \t]*(?P<dash>--|—|–|-)[ \t]*(?P<name>[^\n]+)$")
_HONORIFIC_RE = re.compile(r"(?P<name>[\u3005\u3007\u3040-\u30ff\u3400-\u9fff]{1,4})"
                           r"(?:さん|様|先生|くん|ちゃん)")
_CJK_RE = re.compile(r"^[\u3005\u3007\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+$")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_PLACEHOLDER_RE = re.compile(r"\[[a-zA-Z ]{1,30} removed\]")
_QUOTES = "\"'“”«»„"
_STOP_AT = ",!:;.?—–(\n،؛"


@dataclass(frozen=True, slots=True)
class Uncertain:
    """Something the stripping left that may be personal: its line (1-based) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Redaction:
    """Text with personal data removed, what was removed, and what may be left."""

    text: str
    removed: tuple[str, ...] = ()
    uncertain: tuple[Uncertain, ...] = ()

    @property
    def summary(self) -> tuple[str, ...]:
        """``("2 email addresses", "1 name")``: counts per kind, in a fixed order."""
        return count_kinds(self.removed)

    def note(self) -> str:
        """What the member is told: kept out, to check, or that nothing was found."""
        return describe(self.summary, self.uncertain)


@dataclass(frozen=True, slots=True)
class Known:
    """What is known to be personal before reading the text: names and literal values."""

    names: tuple[str, ...] = ()
    """Full names (``Maria González``) and name parts from addresses and key user IDs."""
    literals: tuple[str, ...] = ()
    """Values removed exactly as written (a report's ``OpenPGP-Key:`` URL)."""


def _plural(kind: str, count: int) -> str:
    if count == 1:
        return kind
    return kind + "es" if kind.endswith("s") else kind + "s"


def count_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    """``("2 email addresses", "1 name")`` from one kind per removed item."""
    counts = Counter(kinds)
    return tuple(f"{counts[k]} {_plural(k, counts[k])}" for k in KINDS if counts[k])


def describe(summary: Sequence[str], uncertain: Sequence[Uncertain]) -> str:
    """The redaction note; "no personal data found" only when nothing is in doubt."""
    lines = []
    if summary:
        lines.append("Kept out of the reports' text: " + ", ".join(summary) + ".")
    if uncertain:
        lines.append("Check by hand, possibly personal: "
                     + "; ".join(str(u) for u in uncertain) + ".")
    return "\n".join(lines) if lines else NOTHING_FOUND


# --- finding names -----------------------------------------------------------------------


def _is_cjk(word: str) -> bool:
    return _CJK_RE.match(word) is not None


def _caseless(word: str) -> bool:
    """A word of a script without case (Arabic, Persian, Hebrew…), CJK aside."""
    return (bool(word) and not _is_cjk(word)
            and all(c.isalpha() or c == "\u200c" for c in word)
            and not any(c.isupper() or c.islower() for c in word))


def _title(word: str) -> bool:
    """``Moreau``, ``Jean-Luc``, ``O'Neil``: capitalised, the rest in lower case."""
    return (len(word) >= 2 and word[0].isupper() and any(c.islower() for c in word)
            and all(not c.isupper() or word[i - 1] in "-'’" for i, c in enumerate(word)
                    if i))


def _name_like(word: str) -> bool:
    """A capitalised word of letters (``Jean-Luc``, ``O'Neil``), or a CJK run."""
    if _is_cjk(word):
        return len(word) <= 6
    if _caseless(word):
        return word not in _CASELESS_STOP
    core = word.strip(".'’")
    return (bool(core) and core[0].isupper()
            and all(c.isalpha() or c in "-'’." for c in core))


def _words_of_name(fragment: str) -> list[str] | None:
    """The words of ``fragment`` if it is 1 to 3 name-like words (titles skipped)."""
    words = [w for w in fragment.strip(" \t,!.").split()
             if w.strip(".").lower() not in _TITLES]
    if not 1 <= len(words) <= 3 or not all(_name_like(w) for w in words):
        return None
    return words


def _common(word: str) -> bool:
    """An ordinary word, also when hyphenated (``Wi-Fi``)."""
    parts = _LETTERS_RE.findall(fold(word))
    return fold(word.strip(".")) in COMMON_WORDS or all(p in COMMON_WORDS for p in parts)


def _not_common(words: Iterable[str]) -> list[str]:
    """The words that can be names: not ordinary, or ordinary but also given names."""
    return [w for w in words if not _common(w) or fold(w.strip(".")) in NAME_WORDS]


def address_name_parts(address: str) -> list[str]:
    """Name parts of an address's local part: ``maria.gonzalez`` gives Maria, Gonzalez.
    A part that is a word of the app's vocabulary is no name (``_app_word``: hardware,
    applications, problems; walk25's defect 8: contacts reader0-3@example.net made "Orca
    screen [name removed] silent"). The words the reports write in lower case are not
    asked: a user writes their own name so ("hi, i am maria gonzalez from spain"), and a
    word kept that is a name would reach GitLab (review25; docs/privacy.md)."""
    local = address.rpartition("@")[0] if "@" in address else address
    local = local.split("+")[0]
    parts = [p for p in re.split(r"[\W\d_]+", local) if p]
    return [p for p in parts if len(p) >= NAME_PART_MIN and _not_common([p])
            and not _app_word(p)]


def _app_word(word: str) -> bool:
    """A word of hdtui's own vocabulary: hardware, machines, applications, problems and
    the words the matcher folds into them (``screen reader``, ``printer``, ``sound``)."""
    from hdtui.domain.components import APPLICATION_WORDS
    from hdtui.domain.vocabulary import (
        CONCEPT_WORDS,
        FOLDED_FOR_CLUSTERS,
        FUNCTION_WORDS,
        GENERIC_WORDS,
        HARDWARE_WORDS,
        MACHINE_WORDS,
    )

    folded = fold(word)
    return any(folded in words for words in (
        APPLICATION_WORDS, CONCEPT_WORDS, FOLDED_FOR_CLUSTERS, FUNCTION_WORDS,
        GENERIC_WORDS, HARDWARE_WORDS, MACHINE_WORDS))


def _next_line(lines: Sequence[str], index: int) -> str:
    """The next non-empty line after ``lines[index]`` (within two lines), or ""."""
    for line in lines[index + 1:index + 3]:
        if line.strip():
            return line.strip()
    return ""


def _leading_name(fragment: str) -> list[str]:
    """The name-like words (1 to 3) that start ``fragment``, up to its first stop."""
    cut = next((i for i, c in enumerate(fragment) if c in _STOP_AT), len(fragment))
    words: list[str] = []
    for word in fragment[:cut].split():
        if len(words) == 3 or not _name_like(word):
            break
        if word.strip(".").lower() not in _TITLES:
            words.append(word)
    return words


def _lower_name(fragment: str) -> list[str]:
    """A name signed in lower case (``maría josé``): 1 to 3 uncommon words of letters."""
    words = fragment.strip(" \t,.!").split()
    if (1 <= len(words) <= 3 and all(re.fullmatch(r"[^\W\d_]{2,}", w) and w.islower()
                                     for w in words) and _not_common(words) == words):
        return words
    return []


def _sign_off_names(lines: Sequence[str], index: int, rest: str) -> list[str]:
    """Names of a sign-off line: on it (``Thanks, Maria``) or on the next line."""
    tail = rest.strip()
    at_end = index in [i for i, line in enumerate(lines) if line.strip()][-3:]
    if tail:
        words = _leading_name(tail.lstrip(",!.—–-:، \t"))
        if words and (tail[0] in ",!.—–-:،" or _not_common(words)):
            return words
        if tail[0] in ",—–-:،" and at_end:
            lower = _lower_name(tail.lstrip(",!.—–-:، \t"))
            if lower:
                return lower
    if len(tail.split()) > 6 or (tail and tail[-1] not in ",!.:،" and len(tail.split()) > 3):
        return []
    following = _next_line(lines, index)
    signed = _words_of_name(following)
    if signed is None:
        if at_end:
            return _lower_name(following)  # signed in lower case: "maría josé"
        return []
    return signed


def names_in_text(text: str) -> list[str]:
    """Names after greetings, in sign-offs, signature dashes and "my name is"."""
    found: list[list[str]] = []
    lines = text.splitlines()
    for match in _GREETING_RE.finditer(text):
        rest = match.group("rest")
        cut = next((i for i, c in enumerate(rest) if c in _STOP_AT), None)
        if cut is not None or len(rest.split()) <= 3:
            found.append(_words_of_name(rest[:cut]) or [])
    for index, line in enumerate(lines):
        sign_off = _SIGN_OFF_RE.match(line)
        if sign_off:
            found.append(_sign_off_names(lines, index, sign_off.group("rest")))
        elif line.strip() in ("--", "-- "):
            found.append(_words_of_name(_next_line(lines, index)) or [])
    last = [i for i, line in enumerate(lines) if line.strip()][-2:]
    for index, line in enumerate(lines):
        dash = _DASH_NAME_RE.match(line)
        # a single hyphen starts list items too: a signature only at the very end
        if dash and (dash.group("dash") != "-" or index in last):
            found.append(_words_of_name(dash.group("name")) or [])
    for match in _SIGN_OFF_INLINE_RE.finditer(text):
        found.append(_words_of_name(match.group("rest")) or [])
    for match in _SELF_RE.finditer(text):
        found.append(_self_named(match.group("name")))
    for match in _RELATION_RE.finditer(text):
        words = _leading_name(match.group("name"))
        found.append([w for w in words if not _caseless(w)])
    found += [[m.group("name")] for m in _CJK_RELATION_RE.finditer(text)]
    found += [[m.group("name")] for m in _HONORIFIC_RE.finditer(text)]
    found += [name.split() for name in user_id_names(text)]
    # the parts, and full names as phrases: "Надежда Орлова" goes whole, at a line start too
    return (_not_common(w for words in found for w in words)
            + [" ".join(words) for words in found if len(words) > 1 and _not_common(words)])


def _self_named(fragment: str) -> list[str]:
    """The name after "my name is": capitalised words, a CJK run, or lower-case words."""
    words = fragment.split()
    if words and _is_cjk(words[0]) and len(words[0]) > 4:
        return [words[0][:3]]  # "我叫王小明我的电脑…": Chinese names are 2 to 3 signs
    named = list(words)
    while named and _words_of_name(" ".join(named)) is None:
        named.pop()
    if named:
        return named
    lower = []
    for word in words:  # "my name is tomás and…": up to the first ordinary word
        if _common(word) or not word.islower() or not word.isalpha():
            break
        lower.append(word)
    return lower


def user_id_names(text: str) -> list[str]:
    """The names of ``Name <address>`` pairs and of user IDs in pasted gpg or sq output."""
    found: list[str] = []
    for match in _PAIR_RE.finditer(text):
        words: list[str] = []
        for raw in reversed(match.group("before").split()):
            if raw.endswith((",", ";", ":")):
                break  # "Il giorno mar 4 giu, Name <address>": the name starts after it
            word = raw.strip(_QUOTES)
            letters = re.sub(r"[-'’.]", "", word)
            if (len(words) == 4 or not _LETTERS_RE.fullmatch(letters or "-")
                    or (_common(word) and fold(word) not in NAME_WORDS)):
                break
            words.insert(0, word)
            if raw[0] in _QUOTES:
                break  # the opening quote of "Name <address>"
        if words:
            found.append(" ".join(words))
    for match in _UID_RE.finditer(text):
        name = re.sub(r"\([^)]*\)", " ", match.group("name")).strip(" \t\"'")
        if "@" not in name and _words_of_name(name):
            found += name.split()
    return found


def _packets(data: bytes) -> Iterable[tuple[int, bytes]]:
    """(tag, body) of each OpenPGP packet (RFC 9580 §4.2), stopping at anything odd."""
    i = 0
    while i < len(data) and data[i] & 0x80:
        first = data[i]
        if first & 0x40:
            tag, octet = first & 0x3F, data[i + 1] if i + 1 < len(data) else 0
            if octet < 192:
                length, start = octet, i + 2
            elif octet < 224:
                length, start = ((octet - 192) << 8) + data[i + 2] + 192, i + 3
            elif octet == 255:
                length, start = int.from_bytes(data[i + 2:i + 6], "big"), i + 6
            else:
                return  # partial lengths: not in a transferable public key
        else:
            tag, size = (first >> 2) & 0x0F, (1, 2, 4, 0)[first & 3]
            start = i + 1 + size
            length = int.from_bytes(data[i + 1:start], "big") if size else len(data) - start
        yield tag, data[start:start + length]
        i = start + length


def armored_user_ids(block: str) -> list[str]:
    """The user IDs (``Name <addr>``) of an armoured OpenPGP public key, if readable."""
    body = block.split("\n\n", 1)[-1] if "\n\n" in block else block
    lines = [ln.strip() for ln in body.splitlines()
             if ln.strip() and not ln.startswith(("-----", "=")) and ":" not in ln]
    try:
        data = base64.b64decode("".join(lines), validate=False)
    except (binascii.Error, ValueError):
        return []
    return [b.decode("utf-8", "replace") for tag, b in _packets(data) if tag == 13]


def _names_of_contact(value: str | None) -> list[str]:
    """The display name and address name parts of ``Name <addr>`` or a bare address."""
    if not value or not value.strip():
        return []
    name, addr = parseaddr(value)
    if addr.lower() == WHISPERBACK_SENDER:
        return []
    if not addr and "@" not in value:
        name = value
    name = re.sub(r"\([^)]*\)", " ", name)  # a user ID's comment is not a name
    out = [" ".join(name.split())] if name.strip() else []
    return out + (address_name_parts(addr) if "@" in addr else [])


def known_from(contacts: Iterable[str | None] = (), user_ids: Iterable[str] = (),
               texts: Iterable[str] = (), literals: Iterable[str] = ()) -> Known:
    """What is personal: names of contacts and key user IDs, names signed in the texts."""
    names: list[str] = []
    texts = list(texts)
    for contact in [*contacts, *user_ids]:
        names += _names_of_contact(contact)
    for text in texts:
        for block in _ARMOR_RE.findall(text):
            for uid in armored_user_ids(block):
                names += _names_of_contact(uid)
        names += names_in_text(text)
    return Known(tuple(dict.fromkeys(n for n in names if n.strip())),
                 tuple(dict.fromkeys(v.strip() for v in literals if v.strip())))


def known_from_entries(entries: Sequence[Entry]) -> Known:
    """What is personal in these reports and mails (contacts, key, names they sign)."""
    contacts: list[str | None] = []
    user_ids: list[str] = []
    texts: list[str] = []
    literals: list[str] = []
    for entry in entries:
        contacts.append(entry.message.sender)
        report = entry.report
        if report is None:
            texts.append(entry.message.text)
            continue
        contacts.append(report.contact)
        if report.key_block:
            user_ids += armored_user_ids(report.key_block)
        key = (report.openpgp_key or "").strip()
        if key and key != "included below":
            literals.append(key)
        texts += [report.summary, *(a.text for a in report.answers)]
    return known_from(contacts, user_ids, texts, literals)


# --- removing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NameSets:
    """Name parts by how they are matched."""

    anywhere: frozenset[str]  # folded, removed as whole words in any case
    capitalised: frozenset[str]  # exact Title-case words, removed mid-sentence only
    cjk: tuple[str, ...]  # removed as substrings (no spaces between words)
    phrases: tuple[str, ...]  # full names of several words


def _name_sets(names: Iterable[str]) -> _NameSets:
    anywhere: set[str] = set()
    capitalised: set[str] = set()
    cjk: set[str] = set()
    phrases: set[str] = set()
    for name in names:
        words = name.split()
        if len(words) > 1 and _not_common(words):
            phrases.add(name)
        for word in (w for raw in words for w in _LETTERS_RE.findall(raw)):
            if _is_cjk(word):
                if len(word) >= CJK_PART_MIN:
                    cjk.add(word)
            elif len(word) >= NAME_PART_MIN and fold(word) not in COMMON_WORDS:
                anywhere.add(fold(word))
            elif len(word) >= 2 and (fold(word) in NAME_WORDS or fold(word) not in COMMON_WORDS):
                # a given name that is also a word, or a two-letter name ("Li"): as written
                capitalised.add(word[0].upper() + word[1:].lower())
    return _NameSets(frozenset(anywhere), frozenset(capitalised),
                     tuple(sorted(cjk, key=len, reverse=True)),
                     tuple(sorted(phrases, key=len, reverse=True)))


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“«(")
    return not before or before[-1] in ".!?\n"


class _Stripper:
    """Replaces matches with their placeholder and keeps one kind per removed item."""

    def __init__(self) -> None:
        self.removed: list[str] = []

    def sub(self, pattern: re.Pattern[str], kind: str, text: str,
            keep: Callable[[re.Match[str]], bool] | None = None) -> str:
        """Replace ``pattern`` but the matches ``keep`` refuses (searched again past them)."""
        def change(part: str) -> str:
            out: list[str] = []
            done = pos = 0
            while (match := pattern.search(part, pos)) is not None:
                if keep is not None and keep(match):
                    # "reach me at kofi dot …": a refused start may hide a real match
                    pos = match.start() + 1
                    continue
                out += [part[done:match.start()], _REMOVED[kind]]
                self.removed.append(kind)
                done = pos = max(match.end(), match.start() + 1)
            return "".join(out) + part[done:]

        return _outside_placeholders(text, change)


def _outside_placeholders(text: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text between ``[… removed]`` placeholders only."""
    pieces = _PLACEHOLDER_RE.split(text)
    marks = _PLACEHOLDER_RE.findall(text)
    out = [change(pieces[0])]
    for mark, piece in zip(marks, pieces[1:], strict=True):
        out += [mark, change(piece)]
    return "".join(out)


def _plain_at_is_place(match: re.Match[str]) -> bool:
    """``looked at tails.net``: a plain " at " before a public site or a file is no address."""
    if match.group("at").strip().lower() != "at":
        return False
    if " point " in match.group("domain").lower():
        return True  # "look at this point now"
    if " " in match.group("domain") or " " in match.group("local"):
        return fold(match.group("local")) in COMMON_WORDS
    domain = match.group("domain").lower()
    tld = match.group("domain").rsplit(".", 1)[-1]
    return (domain in PUBLIC_DOMAINS or not (tld.isalpha() and tld.islower())
            or tld in _FILE_SUFFIXES or fold(match.group("local")) in COMMON_WORDS)


def _no_hex_letter(match: re.Match[str]) -> bool:
    """Four groups of digits only (a phone or card number) are not taken for a key ID."""
    return not re.search("[A-Fa-f]", match.group())


def _strip_names(text: str, sets: _NameSets, strip: _Stripper) -> str:
    for phrase in sets.phrases:
        words = phrase.split()
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words)
                             + r"(?!\w)", re.IGNORECASE)
        text = strip.sub(pattern, NAME, text)
    for part in sets.cjk:
        text = strip.sub(re.compile(re.escape(part)), NAME, text)

    def keep(match: re.Match[str]) -> bool:
        word = match.group()
        if fold(word) in sets.anywhere:
            return False
        if word not in sets.capitalised:
            return True
        return _sentence_start(match.string, match.start()) and not _alone(match)

    return strip.sub(_LETTERS_RE, NAME, text, keep)


def _alone(match: re.Match[str]) -> bool:
    """Whether the word is a line of its own (a signature), so a name even when common."""
    text, start, end = match.string, match.start(), match.end()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    return line.strip(" \t-—–,.!") == match.group()


def _not(test: Callable[[re.Match[str]], bool]) -> Callable[[re.Match[str]], bool]:
    """A ``keep`` for `_Stripper.sub` from a test of what is to go."""
    return lambda match: not test(match)


def redact_text(text: str, known: Known = Known()) -> Redaction:
    """``text`` without addresses, OpenPGP material and names (known or signed in it)."""
    strip = _Stripper()
    names = [*known.names, *known_from(texts=[text]).names]
    out = strip.sub(_ARMOR_RE, KEY_BLOCK, text)
    for literal in known.literals:
        kind = EMAIL if EMAIL_RE.fullmatch(literal) else KEY_ID
        out = strip.sub(re.compile(re.escape(literal)), kind, out)
    out = strip.sub(EMAIL_RE, EMAIL, out)
    out = strip.sub(_OBFUSCATED_RE, EMAIL, out, _plain_at_is_place)
    out = strip.sub(numbers.IPV6_RE, IP_ADDRESS, out, _not(numbers.is_personal_ipv6))
    out = strip.sub(numbers.IPV4_RE, IP_ADDRESS, out, _not(numbers.is_personal_ipv4))
    out = strip.sub(numbers.INTERNATIONAL_RE, PHONE, out, _not(numbers.is_international))
    out = strip.sub(numbers.NATIONAL_RE, PHONE, out, _not(numbers.is_national_after_word))
    out = strip.sub(_FINGERPRINT_RE, FINGERPRINT, out)
    out = strip.sub(_KEY_ID_RE, KEY_ID, out, _no_hex_letter)
    sets = _name_sets(names)
    out = _strip_names(out, sets, strip)
    return Redaction(out, tuple(strip.removed), find_uncertain(out, names))


def strip_text(text: str, known: Known = Known()) -> str:
    """``text`` without personal data (see `redact_text`)."""
    return redact_text(text, known).text


def find_addresses(text: str) -> list[str]:
    """The email addresses in ``text``, obfuscated ones too, each once, in order."""
    plain = [m.span() for m in EMAIL_RE.finditer(text)]
    found = [(start, text[start:end]) for start, end in plain]
    found += [(m.start(), m.group()) for m in _OBFUSCATED_RE.finditer(text)
              if not _plain_at_is_place(m)
              and not any(s < m.end() and m.start() < e for s, e in plain)]
    return list(dict.fromkeys(value for _, value in sorted(found)))


# --- what may be left --------------------------------------------------------------------

_ADDRESS_LEFT_RE = re.compile(r"[\w.-][ \t]*[@＠][ \t]*\w|[@＠]\w"
                              r"|[\[({<][ \t]*(?i:at|arroba)[ \t]*[\])}>]"
                              r"|\w[ \t]+(?i:at)[ \t]+[\w-]+\.[A-Za-z]{2,}(?!\w)")


def _address_left(line: str) -> bool:
    for match in _ADDRESS_LEFT_RE.finditer(line):
        domain = match.group().rsplit(" ", 1)[-1].lower()
        if " at " in match.group().lower() and (domain in PUBLIC_DOMAINS or
                                                 domain.rsplit(".", 1)[-1] in _FILE_SUFFIXES):
            continue
        return True
    return False


def _greeting_left(line: str) -> bool:
    """A greeting followed by a capitalised, unknown word and more text (no comma)."""
    match = _GREETING_RE.match(line)
    if match is None:
        return False
    words = match.group("rest").split()
    return (len(words) > 3 and _name_like(words[0])
            and fold(words[0].strip(".,")) not in COMMON_WORDS)


def find_uncertain(text: str, names: Iterable[str] = ()) -> tuple[Uncertain, ...]:
    """Lines of stripped ``text`` that may still hold personal data, with a reason.

    ``names`` are the known names: their parts that are ordinary words are only removed
    mid-sentence, so a line still holding one at a sentence start is pointed at.
    """
    name_words = _name_sets(names).capitalised
    found: list[Uncertain] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        bare = _PLACEHOLDER_RE.sub(" ", line)
        if _address_left(bare):
            found.append(Uncertain(number, ADDRESS_LIKE))
        if _HEX_LEFT_RE.search(bare):
            found.append(Uncertain(number, HEX_LIKE))
        if _running_text(bare) and numbers.looks_like_phone(bare):
            found.append(Uncertain(number, PHONE_LIKE))
        if _greeting_left(bare):
            found.append(Uncertain(number, GREETING_WORD))
        if name_words and any(w in name_words for w in _LETTERS_RE.findall(bare)):
            found.append(Uncertain(number, NAME_WORD))
        if _name_run(bare):
            found.append(Uncertain(number, NAME_RUN))
        if _relation_left(bare):
            found.append(Uncertain(number, RELATION_WORD))
        sign_off = _SIGN_OFF_RE.match(bare)
        if (sign_off and len(bare.split()) <= 6 and number < len(lines)
                and _doubtful_signature(lines[number])):
            found.append(Uncertain(number + 1, SIGN_OFF_LINE))
    return tuple(found)


_TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _may_be_name(word: str) -> bool:
    """A capitalised word that is neither ordinary nor a product, vendor or feature."""
    return (_title(word) and bool(_not_common([word]))
            and not any(fold(p) in TECHNICAL_WORDS for p in _LETTERS_RE.findall(word)))


def _running_text(line: str) -> bool:
    """At least three lower-case words: prose, not a device list or command output."""
    tokens = _TOKEN_RE.findall(line)
    return sum(1 for t in tokens if t.islower() and len(t) > 1) >= 3


def _name_run(line: str) -> bool:
    """Two or more capitalised, unknown words in a row in running text (``Jean Moreau``).

    Running text has at least three lower-case words, so that device lists and command
    output (``Intel Corporation HD Graphics``) are not taken for prose.
    """
    if not _running_text(line):
        return False
    tokens = list(_TOKEN_RE.finditer(line))
    run = 0
    previous_end = -1
    for token in tokens:
        joined = previous_end >= 0 and line[previous_end:token.start()].strip(" \t") == ""
        if _may_be_name(token.group().rstrip("'’-")):
            run = run + 1 if joined else 1
            if run >= 2:
                return True
        else:
            run = 0
        previous_end = token.end()
    return False


def _relation_left(line: str) -> bool:
    """A capitalised or caseless word still right after "my friend" and the like."""
    if _CASELESS_RELATION_RE.search(line) or _CJK_RELATION_RE.search(line):
        return True
    for match in _RELATION_RE.finditer(line):
        word = match.group("name").split()[0]
        if _title(word) and fold(word) not in TECHNICAL_WORDS:
            return True
    return False


def _doubtful_signature(line: str) -> bool:
    """A short line of letters after a sign-off that was not taken for a name."""
    words = line.split()
    return (1 <= len(words) <= 3 and "removed]" not in line
            and _SIGN_OFF_RE.match(line) is None
            and all(w.isalpha() for w in words)
            and bool(_not_common(words)) and _words_of_name(line) is None
            and not line.islower())
