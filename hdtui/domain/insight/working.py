"""The parts a user says work (``said_working``), in the queue's main languages: "keyboard
works", "Tastatur funktioniert", "le clavier marche", "el teclado funciona", "клавиатура
работает"; and not "funktioniert nicht", "ne marche pas", "no funciona", "не работает",
nor a part said to work somewhere else ("marche sous macOS"), badly ("marche mal",
"funktioniert leider nicht") or in what the user wants ("Expected result: ..."). Each
language is one
``SaysItWorks`` record of words (``LANGUAGES``); the reading is the same for all of them.
Pure; see docs/insight.md, "Session 27: regfix27" and "Session 28: what works, in the
queue's languages (lang28)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from hdtui.domain.terms import fold, terms


@dataclass(frozen=True, slots=True)
class SaysItWorks:
    """How one language says that a part works, and what makes the words not say it. Each
    field is words separated by spaces, written as users type them (accents are folded
    when read, so "läuft" is "lauft" too)."""

    works: str
    """What says the part before it works: "works", "funktioniert", "marche"."""
    together: str = ""
    """Of ``works``, the plural forms ("funktionieren", "marchent"): the part before "and"
    works too ("Tastatur und Touchpad funktionieren"). English's plural "work" is among
    ``between`` ("keyboard and trackpad work fine")."""
    alone: str = ""
    """Of ``works``, those that say it only with nothing but ``fillers`` after them in the
    clause: German "geht" is also "geht aus" (goes off), "geht nach" (runs late)."""
    between: str = ""
    """Words that may stand between the part and what says it works ("is", "still",
    "ist", "noch", "sigue")."""
    fillers: str = ""
    """Words that may follow what says it works and say how well ("fine", "gut", "bien",
    "нормально"): skipped to see what follows them."""
    negations: str = ""
    """Words that, before the part (its article skipped) or between it and what says it
    works, say it does not ("not", "ne", "no", "non", "не", "weder")."""
    neither: str = ""
    """Of ``negations``, those that say it anywhere before the part in its clause ("weder
    Tastatur noch Maus", "ni el teclado ni el ratón")."""
    negations_after: str = ""
    """Words that, after what says it works (``fillers`` skipped), say it does not:
    "funktioniert nicht", "marche pas"."""
    only_together: str = ""
    """Of ``together``, those that say it only of two parts joined by ``ands`` right
    before them, and not after an ``infinitive``: English "work" ("keyboard and touchpad
    work"; "the keyboard does not work", "get the keyboard to work" say nothing)."""
    infinitive: str = ""
    """What makes ``only_together`` an infinitive, not a statement: "to"."""
    unsaid: str = ""
    """Words that, anywhere before the parts of ``only_together`` in their clause, make it
    no statement: a causative verb ("I couldn't make wifi and bluetooth work", "get",
    "help me make"), a question's "does" ("Does keyboard and touchpad work") and "none",
    "nothing" ("none of wifi and bluetooth work", fix28d)."""
    asks: str = ""
    """Words that, opening the clause of the parts of ``only_together`` (or the clause
    before a list of them: "Do wifi, bluetooth and sound work"), make it a question, no
    statement: "does", "do", "did"; elsewhere, as in "I do think keyboard and touchpad
    work", they say nothing (fix29a)."""
    emphasis: str = ""
    """Words that may stand between two parts joined by ``ands`` and their plural
    (``together``): "keyboard and touchpad both work", "... do work" (fix29a)."""
    and_phrases: str = ""
    """Words joining two parts as ``ands`` do, several words each, separated by "|": "as
    well as" ("the keyboard as well as the touchpad work", fix29a)."""
    determiners: str = ""
    """Of a language whose part is the one word before what says it works (``articles``
    empty), the words that may stand before a part: skipped to see what joins it to
    another ("the keyboard and the touchpad work") and in a list's items ("the wifi, the
    bluetooth and the sound work", fix29a)."""
    yes: str = ""
    """The answer "Yes" (a sentence of its own opening with it): ``only_together`` right
    before a "?" ("wifi and bluetooth work?") says the parts work only when so answered
    (fix28d)."""
    badly: str = ""
    """Words that, within ``NEAR`` words before or after what says it works, say it works
    badly: "badly", "schlecht", "mal", "male", "плохо", "źle". Like the negations, they
    name no problem (``WORDS_SAYING_IT_WORKS``): "le clavier marche mal" is the keyboard's
    problem."""
    partly: str = ""
    """Words that, as ``badly``, say it works in part, at times or slowly ("partially",
    "teilweise", "a tratti", "медленно"); as ``awhile``, they may be a problem's words
    ("slowly", "erratically")."""
    softeners: str = ""
    """Words that stand between what says it works and its negation and name no problem
    ("funktioniert leider nicht", "überhaupt nicht", "unfortunately"): not read (``NEAR``
    reaches past them), but no problem word either (``WORDS_SAYING_IT_WORKS``)."""
    no: str = ""
    """The answer "No" (a sentence of its own opening with it): after a question saying a
    part works ("Keyboard works? No."), the part does not."""
    wanted: str = ""
    """Words that, before what says it works in its sentence, say it is what the user wants
    or expected, not what happens ("Expected result: the keyboard works", "Résultat
    souhaité"); also, in an answer's heading, an answer saying what the user wants
    (``wants_it``: the old form's "Desired result")."""
    awhile: str = ""
    """Words after what says it works that say it works a while or at times ("for",
    "nur", "parfois", "solo", "только")."""
    elsewhere: str = ""
    """Words after what says it works that say where, when or with what it works, not that
    it does in Tails ("in", "unter", "sous", "en", "в", "but", "aber", "seit")."""
    conditions: str = ""
    """Words that, opening the part's clause or a clause before it in its sentence, say
    where, when or with what ("in macOS the keyboard works", "Mit Kabel funktioniert es",
    "Sans les photos, ça marche")."""
    ands: str = ""
    """"and": a plural after two parts joined by it says both work (``together``), and a
    clause opening with it opens with the word after it ("and in Windows the laptop
    keyboard is fine")."""
    buts: str = ""
    """"but": a clause opening with it opens with the word after it."""
    articles: str = ""
    """Articles and possessives before a part whose words follow its noun ("la souris
    USB", "el teclado integrado"): the part is every word from the article to what says it
    works (at most ``PART_WORDS``). Empty: the part is the word before, as in English and
    German ("USB-Tastatur")."""


LANGUAGES: dict[str, SaysItWorks] = {
    "en": SaysItWorks(
        works="works work fine ok okay",
        together="work",
        only_together="work",
        infinitive="to",
        unsaid="make makes made making get gets got getting help helps helped helping "
               "none nothing",
        asks="does do did",
        emphasis="both do",
        and_phrases="as well as",
        determiners="the my our your his her their its this that these those an",
        yes="yes yeah yep",
        between="is are was were still now just perfectly seems seem to be work works "
                "working also too all totally completely",
        fillers="fine ok okay well perfectly properly normally great again as",
        negations="not no never nor neither doesnt dont isnt arent wasnt didnt cant cannot "
                  "wont hardly barely",
        neither="neither nor",
        negations_after="not never",
        awhile="for until till only sometimes randomly intermittently briefly",
        badly="badly poorly",
        partly="erratically partially partly halfway sporadically unreliably incorrectly "
               "wrongly improperly slowly sluggishly strangely weirdly",
        softeners="unfortunately really actually sadly",
        no="no nope",
        wanted="expected desired wanted want wants expect expects expecting wish hoped "
               "hope should whether achieve",
        elsewhere="in on under with from at but except outside before after when if until "
                  "since without via inside",
        conditions="in on under with without from via when if after since outside inside",
        ands="and", buts="but"),
    "de": SaysItWorks(
        works="funktioniert funktionieren klappt geht gehen läuft laufen",
        together="funktionieren gehen laufen",
        alone="geht gehen läuft laufen",
        between="ist sind noch immer wieder auch jetzt einwandfrei",
        fillers="gut einwandfrei problemlos prima tadellos perfekt normal wieder noch "
                "auch immer ganz jetzt",
        negations="nicht kein keine keiner nie weder nichts",
        neither="weder",
        negations_after="nicht nie kaum",
        awhile="nur kurz manchmal zeitweise sporadisch bis",
        badly="schlecht mangelhaft",
        partly="teilweise fehlerhaft eingeschränkt langsam holprig unzuverlässig halbwegs",
        softeners="leider überhaupt gar wirklich richtig",
        no="nein",
        wanted="erwartet erwartetes erwartete erwarte gewünscht gewünschtes gewünschte "
               "sollte soll wünsche ob",
        elsewhere="in im unter mit bei beim auf aber außer wenn seit nach ohne vor über "
                  "sobald solange",
        conditions="in im unter mit ohne bei beim auf über wenn nach seit am vom",
        ands="und", buts="aber"),
    "fr": SaysItWorks(
        works="marche marchent fonctionne fonctionnent",
        together="marchent fonctionnent",
        between="est sont toujours encore aussi lui il elle ils elles ça",
        fillers="bien très parfaitement normalement correctement toujours encore aussi "
                "nickel impeccable",
        negations="ne n pas plus jamais aucun aucune ni rien",
        neither="ni",
        negations_after="pas plus jamais guère",
        awhile="parfois quelques pendant seulement que jusqu brièvement",
        badly="mal",
        partly="partiellement moitié bizarrement difficilement lentement aléatoirement "
               "irrégulièrement",
        softeners="malheureusement vraiment",
        no="non",
        wanted="attendu souhaité souhaitée voudrais veux aimerais devrait espérais",
        elsewhere="sous dans avec sur en mais sauf quand si depuis après avant sans via au "
                  "aux chez lorsque",
        conditions="sous dans avec sans sur en au aux quand si après depuis chez lorsque",
        articles="le la les l un une mon ma mes ton ta tes son sa ses notre votre leur "
                 "ce cet cette",
        ands="et", buts="mais"),
    "es": SaysItWorks(
        works="funciona funcionan anda andan",
        together="funcionan andan",
        alone="anda andan",
        between="es está están sigue siguen todavía aún también sí ya él ella ellos ellas",
        fillers="bien perfectamente normal normalmente correctamente todavía aún también "
                "perfecto a",
        negations="no ni nunca nada ningún ninguna ninguno tampoco",
        neither="ni",
        awhile="veces solo sólo durante hasta unos unas",
        badly="mal",
        partly="parcialmente medias lento lentamente intermitentemente",
        softeners="lamentablemente desafortunadamente realmente",
        no="no",
        wanted="esperado esperaba deseado deseo quiero quisiera debería",
        elsewhere="en con bajo desde pero excepto salvo cuando si hasta sin tras después "
                  "antes",
        conditions="en con sin bajo cuando si después desde tras",
        articles="el la los las un una unos unas mi mis tu tus su sus este esta ese esa",
        ands="y", buts="pero"),
    "pt": SaysItWorks(
        works="funciona funcionam",
        together="funcionam",
        between="está estão ainda também sim já ele ela eles elas",
        fillers="bem perfeitamente normal normalmente corretamente ainda também",
        negations="não nem nunca nada nenhum nenhuma",
        neither="nem",
        awhile="vezes somente apenas durante até alguns algumas",
        badly="mal",
        partly="parcialmente metade lento lentamente",
        softeners="infelizmente realmente",
        no="não",
        wanted="esperado esperava desejado desejo quero gostaria deveria",
        elsewhere="em no na nos nas com sob mas exceto quando se desde depois antes sem até",
        conditions="em com sem sob quando se depois desde",
        articles="o a os as um uma meu minha meus minhas seu sua seus suas este esta esse "
                 "essa",
        ands="e", buts="mas"),
    "it": SaysItWorks(
        works="funziona funzionano",
        together="funzionano",
        between="è sono ancora anche sì già esso essa essi esse",
        fillers="bene perfettamente normalmente correttamente ancora anche a",
        negations="non né mai niente nulla nessun nessuna nessuno",
        neither="né",
        negations_after="più",
        awhile="volte solo soltanto per fino qualche",
        badly="male malissimo",
        partly="parzialmente tratti lentamente",
        softeners="purtroppo davvero proprio",
        no="no",
        wanted="atteso attesa previsto desiderato desiderata vorrei voglio dovrebbe",
        elsewhere="in su con sotto nel nella nei nelle ma tranne quando se da dal dalla "
                  "dopo senza fino",
        conditions="in su con senza sotto nel nella nei nelle quando se dopo da dal dalla",
        articles="il lo la i gli le l un uno una mio mia miei mie suo sua questo questa",
        ands="e", buts="ma"),
    "ru": SaysItWorks(
        works="работает работают",
        together="работают",
        between="тоже еще ещё все всё уже пока сейчас также он она оно они это",
        fillers="нормально хорошо отлично прекрасно исправно норм тоже еще ещё также",
        negations="не ни нет никак ничего",
        neither="ни",
        awhile="только иногда минуту минуты пару несколько до",
        badly="плохо",
        partly="частично медленно криво еле нестабильно странно",
        softeners="вообще совсем",
        no="нет",
        wanted="ожидаемый ожидаемое ожидал ожидала желаемый желаемое хочу хотел хотела "
               "должна должен должно",
        elsewhere="в во на под с со но кроме когда если до после без при через из",
        conditions="в во на под с со без при когда если после из раньше",
        ands="и", buts="а но"),
    "pl": SaysItWorks(
        works="działa działają",
        together="działają",
        between="też nadal jeszcze już także on ona ono one oni to",
        fillers="dobrze normalnie poprawnie też nadal jeszcze także",
        negations="nie ani",
        neither="ani",
        awhile="tylko czasami czasem przez do",
        badly="źle słabo kiepsko",
        partly="częściowo wolno powoli niestabilnie",
        softeners="niestety wcale",
        no="nie",
        wanted="oczekiwany oczekiwane oczekiwałem oczekiwałam pożądany pożądane chcę "
               "chciałbym czy powinna powinien powinno",
        elsewhere="w we na pod z ze ale oprócz gdy jeśli od po bez przy",
        conditions="w we na pod z ze bez przy gdy jeśli po",
        ands="i", buts="a ale"),
}
"""How each of the queue's main languages says a part works (docs/insight.md, "Session
28: what works, in the queue's languages (lang28)"). Not read: Turkish ("çalışıyor" is
"works" and "is trying": "bağlanmaya çalışıyor", trying to connect), Persian, Chinese and
Arabic (no spaces between Chinese words; the article and the verb's person glued to
Arabic and Persian words), Ukrainian, Dutch and the others."""

PART_WORDS = 3
NEAR = 3
"""How many words before or after what says it works a negation or a word saying it works
badly is looked for, in its clause and not past an "and" or a "but": "Tastatur
funktioniert leider nicht", "funktioniert überhaupt nicht", "la tastiera funziona a
tratti" (fix28b)."""
"""The most words a part of a language whose words follow its noun is read as, from its
article ("la souris USB": "souris usb")."""
SYSTEMS = ("macos", "osx", "windows", "win10", "win11", "bios", "uefi", "linux", "ubuntu",
           "debian", "fedora", "android", "chromeos", "винд", "макос", "убунт", "линукс")
"""The starts of the names of other systems and firmware: a sentence naming one says where
a part works, not that it does in Tails ("In macOS, the keyboard works", "в Windows
клавиатура работает"), whatever its words' order."""


def _words(field: str) -> frozenset[str]:
    """A field's words, as written and folded (a user may type "lauft" for "läuft")."""
    written = field.split()
    return frozenset(written) | frozenset(map(fold, written))


def _all(name: str) -> frozenset[str]:
    """One field of every language, joined: a report may mix languages, and the words of
    a field say the same in every language they are in."""
    return frozenset(chain.from_iterable(_words(getattr(said, name))
                                         for said in LANGUAGES.values()))


_WORKS = _all("works")
_TOGETHER = _all("together")
_ALONE = _all("alone")
_BETWEEN = _all("between")
_FILLERS = _all("fillers")
_NEGATIONS = _all("negations")
_NEITHER = _all("neither")
_AWHILE = _all("awhile")
_ONLY_TOGETHER = _all("only_together")
_INFINITIVE = _all("infinitive")
_UNSAID = _all("unsaid")
_ASKS = _all("asks")
_EMPHASIS = _all("emphasis")
_AND_PHRASES = tuple(sorted({tuple(phrase.split()) for said in LANGUAGES.values()
                             for phrase in said.and_phrases.split("|") if phrase.strip()}))
_DETERMINERS = _all("determiners")
_LEADING = _DETERMINERS | _all("articles")
"""What may stand before a list's item ("the wifi", "la souris")."""
_YES = _all("yes")
_SOFTENERS = _all("softeners")
_NOT_NEAR_AFTER = _all("negations_after") | _all("badly") | _all("partly")
_NOT_NEAR_BEFORE = _NEGATIONS | _all("badly") | _all("partly")
_NO = _all("no")
_WANTED = _all("wanted")
_NOT_AFTER = _all("negations_after") | _all("awhile") | _all("elsewhere")
_CONDITIONS = _all("conditions")


def _articles() -> dict[str, frozenset[str]]:
    """For each word saying it works of a language whose words follow their noun, the
    articles of those languages ("funciona": Spanish's and Portuguese's)."""
    found: dict[str, frozenset[str]] = {}
    for said in LANGUAGES.values():
        for word in _words(said.works) if said.articles else ():
            found[word] = found.get(word, frozenset()) | _words(said.articles)
    return found


_ARTICLES = _articles()
_AND = _all("ands")
_CONJUNCTIONS = _AND | _all("buts")
_BUTS = _all("buts") - _FILLERS
"""The "but"s a clause is cut at (``_at_buts``): not the Latin "a" (Polish "but", Spanish
and Italian "funziona a tratti")."""
_PRONOUNS = frozenset(("it", "they", "this", "that", "then", "es", "er", "sie"))
"""Words after "but" that speak of the same part again ("works but it does not
register", "geht, aber es hängt"): no clause of another part opens with them."""
_GOES_ON = (_NOT_AFTER | _NOT_NEAR_AFTER | _NEGATIONS | _CONDITIONS | _FILLERS | _BETWEEN
            | _AWHILE | _SOFTENERS | _PRONOUNS) - _all("articles")
"""Words that, right after "but", go on saying how, where or when the part before it
works ("works but not in Tails", "but only sometimes", "but slowly", "but it..."): the
clause is not cut there. An article opens another part, though it folds as a pronoun
does (Spanish "el", "él")."""
_NOT_AN_ITEM = (_WORKS | _BETWEEN | _NEGATIONS | _UNSAID | _ASKS | _CONJUNCTIONS | _FILLERS
                | _SOFTENERS | _CONDITIONS | _all("elsewhere"))
"""Words that end no clause naming a part of a list ("the screen doesn't work, ...")."""

WORDS_SAYING_IT_WORKS = frozenset(terms(" ".join(chain.from_iterable(
    (said.works, said.between, said.fillers, said.negations, said.negations_after,
     said.elsewhere, said.conditions, said.ands, said.buts, said.badly, said.softeners)
    for said in LANGUAGES.values()))))
"""The ``terms`` of what says a part works or does not, where and with what, in every
language (all fields but the articles, ``awhile`` and ``partly``: "randomly", "slowly"
may be a problem's words, and those read alone: ``only_together``, ``infinitive``,
``unsaid``, ``no``, ``yes``, ``wanted``): they name no problem ("funktioniert nicht", "fine
in macOS", "ils marchent sous macOS"), so the clusters do not count them among a report's
problem words (``clusters._NOT_THE_PROBLEM``)."""

_WORKS_TERMS = frozenset(chain.from_iterable(terms(word) for word in _WORKS))
"""The ``terms`` of the words saying a part works: a text whose terms hold none of them
(and none of ``_UNSEEN``) says no part works."""
_UNSEEN = tuple(sorted(word for word in _WORKS if not terms(word)))
"""The words saying a part works that ``terms`` leaves out ("works", a stopword): looked
for in the text itself."""
_TOKEN_RE = re.compile(r"\w+(?:['\u2019-]\w+)*|(?:[;!?()]|\.(?!\d))+|\n\s*\n|[,:]+")
"""A text's words and what ends its sentences and clauses, in order. A word keeps the
hyphens and apostrophes inside it ("wi-fi", "USB-Tastatur", "don't", "l'écran":
``_split``). A sentence ends at its punctuation (not at a version's point: "seit 7.7") or
a blank line; a single line break is WhisperBack's wrapping of an answer at 70 columns
("Con i documenti\npiccoli funziona"), inside a sentence. A clause ends at a comma or a
colon."""
_ENDS = frozenset(",:;!?().\n")
_QUESTION = "?"
"""What in a sentence's end makes it a question ("Keyboard works? No.")."""
"""The first characters of what ends a clause or a sentence (``_TOKEN_RE``)."""
_ELIDED = frozenset(("l", "d", "n", "j", "c", "s", "m", "t", "qu"))
"""What French and Italian write before an apostrophe for a word of its own ("l'écran",
"n'est", "qu'il"): "l'écran" is "l" and "écran", "don't" is "dont"."""


def said_working(user: str, said: Iterable[str] | None = None) -> tuple[str, ...]:
    """The words (``terms``) of the parts the user's text says work: in each clause, the
    part before what says it works ("works", "fine", "funktioniert", "marche", "funciona",
    "работает": ``LANGUAGES``), with "is", "still", "noch"... between them allowed. None
    when a negation stands before the part or between, or after what says it works
    ("funktioniert nicht", "ne marche pas"); when it works only a while ("for a few
    seconds", "parfois"); when where, when or with what it works follows ("in macOS",
    "unter Windows", "sous macOS", "en Windows", "в Windows", "but not in Tails") or
    opens the clause or one before it in its sentence ("Mit Kabel funktioniert es"); when
    its sentence names another system ("In macOS, the keyboard works"); when another
    clause of the report names the part with a negation ("the keyboard does not work in
    Tails. The keyboard works."); when a negation or a word saying it works badly or in
    part stands ``NEAR`` before or after ("funktioniert leider nicht", "marche mal",
    "partially works"); when asked and answered "No" ("Keyboard works? No."); and when
    its sentence says what the user wants ("Expected result: the keyboard works", "ob
    das Senden klappt"; fix28b). "working" is none ("stopped working"); "work" only after
    two parts joined by "and" ("keyboard and touchpad work"). Each part once,
    sorted (review27c). A terse report of another part says the part the issue is about
    works: "touch bar is blank, keyboard works" is no keyboard problem (regfix27;
    docs/insight.md, "Session 28: what works, in the queue's languages (lang28)").
    ``said``: the text's ``terms``, when known (``report_facts`` makes them anyway): a text
    none of whose terms says a part works is not read."""
    lowered = user.lower()
    # The terms or the words first: the reading over every report's text cost ten times
    # more (the cold read makes every report's facts: docs/insight.md, "Session 28: what
    # works, in the queue's languages (lang28)").
    if said is not None:
        if _WORKS_TERMS.isdisjoint(said) and not any(
                f" {w}" in lowered or f"\n{w}" in lowered or lowered.startswith(w)
                for w in _UNSEEN):  # " works", not "networks"
            return ()
    elif _WORKS.isdisjoint(map(fold, _TOKEN_RE.findall(lowered))):
        return ()
    text = fold(lowered)
    found: dict[int, list[str]] = {}  # clause: the words of the parts it says work
    clauses: list[list[str]] = []
    asked: list[int] = []  # the clauses of a question before: "Keyboard works?"
    unanswered: list[int] = []  # of those, "wifi and bluetooth work?": said only by "Yes"
    for sentence, question, commas in _sentences(text):
        opening = sentence[0][0] if sentence[0] else ""
        if asked and opening in _NO:
            for n in asked:  # "Keyboard works? No." (fix28b)
                found.pop(n, None)
        if unanswered and opening not in _YES:
            for n in unanswered:  # "wifi and bluetooth work? Not really" (fix28d)
                found.pop(n, None)
        asked, unanswered = [], []
        system: bool | None = None  # asked only of a sentence saying a part works
        conditioned = False  # a clause before opened with a condition: "Sans les photos,"
        # What the user wants or expected, not what happens: "Expected result: ..."
        wanted = _wanted(sentence[0])
        for index, tokens in enumerate(sentence):
            if not conditioned and not wanted and not _WORKS.isdisjoint(tokens):
                if system is None:
                    system = any(t.startswith(SYSTEMS) for other in sentence for t in other)
                words = [] if system else [
                    word for at, token in enumerate(tokens) if token in _WORKS
                    and _WANTED.isdisjoint(tokens[:at])
                    for part in _listed(sentence, index, commas, _parts(tokens, at))
                    for word in part]
                if words:
                    found[len(clauses)] = words
                    if question:
                        asked.append(len(clauses))
                        if tokens is sentence[-1] and tokens[-1] in _ONLY_TOGETHER:
                            unanswered.append(len(clauses))
            clauses.append(tokens)
            conditioned = conditioned or _opens_with_condition(tokens, len(tokens))
    for n in unanswered:  # the text ends with the question
        found.pop(n, None)
    if not found:
        return ()
    parts = set(chain.from_iterable(map(_terms_of, chain.from_iterable(found.values()))))
    # A part another clause names with a negation is said not to work there ("the keyboard
    # does not work in Tails; in the BIOS the keyboard works").
    denied = [word for n, tokens in enumerate(clauses)
              if n not in found and not _NEGATIONS.isdisjoint(tokens) for word in tokens]
    if denied:
        parts.difference_update(chain.from_iterable(map(_terms_of, denied)))
    return tuple(sorted(parts))


def wants_it(heading: str) -> bool:
    """Whether an answer's ``heading`` says the answer is what the user wants, not what
    happens: the old form's "Desired result", translated ("Résultat souhaité",
    "Gewünschtes Ergebnis", "Желаемый результат"; ``wanted``), a user's own "Expected
    result", and the new form's "What were you trying to achieve?" (docs/whisperback.md,
    "The body"; docs/insight.md, "Session 28: what works, in the queue's languages
    (lang28)")."""
    return not _WANTED.isdisjoint(map(fold, _TOKEN_RE.findall(heading.lower())))


@lru_cache(maxsize=4096)
def _terms_of(word: str) -> tuple[str, ...]:
    """``terms`` of one word, kept: the parts' words are few and come back in report after
    report, and ``terms`` of a clause cost more than the rest of the reading."""
    return tuple(terms(word))


def _sentences(text: str) -> list[tuple[list[list[str]], bool, set[int]]]:
    """The sentences of ``text`` (folded), each a list of its clauses' words
    (``_TOKEN_RE``; ``_split``), whether it is a question (it ends with "?"), and which of
    its clauses end at a comma (a list's items: "wifi, bluetooth and sound work")."""
    tokens = _TOKEN_RE.findall(text)
    if "'" in text or "\u2019" in text:
        tokens = _split(tokens)
    sentences: list[tuple[list[list[str]], bool, set[int]]] = []
    sentence: list[list[str]] = []
    commas: set[int] = set()
    clause: list[str] = []
    for token in tokens:
        if token[0] not in _ENDS:
            clause.append(token)
            continue
        sentence += _at_buts(clause)
        if token[0] == ",":  # the last piece of the clause ends at the comma
            commas.add(len(sentence) - 1)
        clause = []
        if token[0] not in ",:":
            sentences.append((sentence, _QUESTION in token, commas))
            sentence, commas = [], set()
    sentence += _at_buts(clause)
    sentences.append((sentence, False, commas))
    return sentences


def _at_buts(clause: list[str]) -> list[list[str]]:
    """``clause`` cut before each "but" that opens what another part does, as a comma
    would: "Wi-Fi works but Tor does not connect", "el teclado funciona bien pero el
    touchpad no", "la souris ne marche pas mais le clavier marche" (walk29: the first part
    working, or the second, was not read, while "Die Tastatur funktioniert, aber das
    Touchpad nicht" was). Cut only when what follows says that a part works or does not
    (a word saying it works, or a negation) and does not open with a word going on about
    the part before (``_GOES_ON``: "works but not in Tails", "but only for a minute")."""
    if _BUTS.isdisjoint(clause):
        return [clause]
    cut: list[list[str]] = []
    start = 0
    for at in range(1, len(clause) - 1):
        if clause[at] not in _BUTS or clause[at + 1] in _GOES_ON:
            continue
        rest = clause[at + 1:]
        if _WORKS.isdisjoint(rest) and _NEGATIONS.isdisjoint(rest):
            continue
        cut.append(clause[start:at])
        start = at
    cut.append(clause[start:])
    return cut


def _split(words: list[str]) -> list[str]:
    """``words``, each holding an apostrophe made one word ("don't": "dont") or two
    (French and Italian elision, ``_ELIDED``: "l'écran": "l", "ecran")."""
    found = []
    for word in words:
        if "'" in word or "\u2019" in word:
            head, _, rest = word.replace("\u2019", "'").partition("'")
            if head in _ELIDED:
                found += [head, rest.replace("'", "")]
                continue
            word = word.replace("'", "").replace("\u2019", "")
        found.append(word)
    return found


def _parts(tokens: Sequence[str], at: int) -> list[tuple[int, int]]:
    """Where the parts are (slices of ``tokens``, folded words) that ``tokens[at]`` (a
    word saying it works) says work, as ``said_working`` reads them; [] for none."""
    said = tokens[at]
    if _near(tokens, range(at - 1, max(at - NEAR, 0) - 1, -1), _NOT_NEAR_BEFORE) \
            or _near(tokens, range(at + 1, min(at + NEAR + 1, len(tokens))), _NOT_NEAR_AFTER):
        return []  # "funktioniert leider nicht", "partially works", "funciona mal"
    if said in _ONLY_TOGETHER and (at == 0 or tokens[at - 1] in _INFINITIVE):
        return []  # "to work"
    part = at - 1
    together = said in _TOGETHER
    while part >= 0 and (tokens[part] in _BETWEEN or tokens[part] in _SOFTENERS
                         or (together and tokens[part] in _EMPHASIS)) \
            and at - part <= 3:  # "is", "still", and "really" is no part (fix28d); "both"
        together = together or tokens[part] == "work"  # English's plural: "work fine"
        part -= 1
    if part < 0 or tokens[part] in _NEGATIONS or tokens[part] in _BETWEEN \
            or tokens[part] in _SOFTENERS \
            or tokens[part] in _AWHILE:  # "sometimes works", "иногда работает"
        return []
    after = at + 1  # past "fine", "gut", "bien" and the like, what follows
    while after < len(tokens) and (tokens[after] in _FILLERS or tokens[after] in _WORKS):
        after += 1
    if (after < len(tokens) and (tokens[after] in _NOT_AFTER or said in _ALONE)) \
            or _opens_with_condition(tokens, part) or not _NEITHER.isdisjoint(tokens[:part]):
        return []
    articles = _ARTICLES.get(said, frozenset())
    first, before = _phrase(tokens, part, articles)
    before = _past(tokens, before, _DETERMINERS)  # "the keyboard and the touchpad" (fix29a)
    if before >= 0 and tokens[before] in _NEGATIONS:
        return []  # "keyboard nor mouse works", "ni el ratón funciona"
    end = _joined(tokens, before)  # the other part's last word, -1: none
    joined = end >= 0
    if said in _ONLY_TOGETHER and (not joined or not _UNSAID.isdisjoint(tokens[:first])
                                   or _asks(tokens)):
        return []  # "work" says it only of "keyboard and touchpad", not "make ... work"
    found = [(first, part + 1)]
    if together and joined:
        # "keyboard and trackpad work fine", "Tastatur und Touchpad funktionieren": both
        # (the plural says it of both).
        other, ahead = _phrase(tokens, end, articles)
        if ahead >= 0 and tokens[ahead] in _NEGATIONS:
            del found[1:]
        else:
            found.append((other, end + 1))
    if _denied_ahead(tokens, min(start for start, _ in found)):
        return []  # "I don't think the keyboard works", "... keyboard and touchpad work"
    return found


def _past(tokens: Sequence[str], at: int, words: frozenset[str]) -> int:
    """The place of the first word at or before ``at`` that is not one of ``words``; -1
    for none."""
    while at >= 0 and tokens[at] in words:
        at -= 1
    return at


def _joined(tokens: Sequence[str], before: int) -> int:
    """When ``tokens[before]`` ends what joins a part to another one before it ("and",
    "as well as": ``ands``, ``and_phrases``), the place of that other part's last word,
    its determiners skipped; else -1."""
    if before <= 0:
        return -1
    if tokens[before] in _AND:
        return _past(tokens, before - 1, _DETERMINERS)
    for phrase in _AND_PHRASES:
        start = before - len(phrase) + 1
        if start > 0 and tuple(tokens[start:before + 1]) == phrase:
            return _past(tokens, start - 1, _DETERMINERS)
    return -1


def _asks(tokens: Sequence[str]) -> bool:
    """Whether the clause ``tokens`` opens with a word that makes it a question
    (``asks``: "Does keyboard and touchpad work"). Its first word: the conjunctions hold
    Polish "i" (and), which is English "I" folded ("I do think ...")."""
    return bool(tokens) and tokens[0] in _ASKS


def _denied_ahead(tokens: Sequence[str], first: int) -> bool:
    """Whether a negation stands before ``tokens[first]`` (the first of the parts said to
    work) in its clause, after its last "and" or "but": "I don't think the keyboard
    works", "I do not think keyboard and touchpad work" (fix29a), not "the touchpad does
    not work and the keyboard works"."""
    for token in reversed(tokens[:first]):
        if token in _CONJUNCTIONS:
            return False
        if token in _NEGATIONS:
            return True
    return False


def _listed(sentence: Sequence[Sequence[str]], index: int, commas: AbstractSet[int],
            found: list[tuple[int, int]]) -> list[Sequence[str]]:
    """The parts ``found`` in ``sentence[index]`` (``_parts``), and when they are two
    joined by "and" opening that clause, the items of the list before them, each a
    clause of its own ending at a comma, of one word or a determiner and one word: "wifi,
    bluetooth and sound work fine", "Tastatur, Maus und Touchpad funktionieren". [] when
    the clause before those items asks ("Do wifi, ..."), or makes the parts ("I couldn't
    make the wifi, ..."), or denies them: no statement (fix29a)."""
    tokens = sentence[index]
    parts: list[Sequence[str]] = [tokens[first:last] for first, last in found]
    if len(found) < 2 or _past(tokens, found[-1][0] - 1, _LEADING) >= 0:
        return parts
    item = index - 1
    while item >= 0 and item in commas:
        words = sentence[item]
        lead = _past(words, len(words) - 2, _LEADING)
        if not words or lead >= 0 or words[-1] in _NOT_AN_ITEM:
            break
        parts.append(words[-1:])
        item -= 1
    if item >= 0 and item in commas:
        # The clause before the items, its last word perhaps the list's first: "Do wifi",
        # "I couldn't make the wifi", "none of wifi".
        words = sentence[item]
        governing = words[max(0, len(words) - 4):-1]
        if words and words[-1] not in _NOT_AN_ITEM and (
                _asks(words) or not _NEGATIONS.isdisjoint(governing)
                or not _UNSAID.isdisjoint(governing)):
            return []
    return parts


def _wanted(tokens: Sequence[str]) -> bool:
    """Whether a sentence's first clause ``tokens`` says what the user wants before any
    word saying it works: "Expected result:", "I hope"; not "works as it should"."""
    for token in tokens:
        if token in _WORKS:
            return False
        if token in _WANTED:
            return True
    return False


def _near(tokens: Sequence[str], where: Iterable[int], words: frozenset[str]) -> bool:
    """Whether one of ``words`` is at one of the places ``where`` (in order, away from what
    says it works) before an "and" or a "but" (``NEAR``; not the Spanish and Italian "a"
    of "funziona a tratti", Polish's "a", but)."""
    for n in where:
        if tokens[n] in _CONJUNCTIONS and tokens[n] not in _FILLERS:
            return False
        if tokens[n] in words:
            return True
    return False


def _opens_with_condition(tokens: Sequence[str], part: int) -> bool:
    """Whether the clause ``tokens`` opens with a condition ("in", "mit", "sous"; after
    "and" or "but") before ``tokens[part]``: "In the boot menu the keyboard works" says
    where, "sound from videos works" does not."""
    first = 0
    while first < part and tokens[first] in _CONJUNCTIONS:
        first += 1
    return first < part and tokens[first] in _CONDITIONS


def _phrase(tokens: Sequence[str], part: int, articles: frozenset[str]) -> tuple[int, int]:
    """Where the part ending at ``tokens[part]`` begins, and the word before it, its
    article skipped (-1: none). The part begins after its article, at most ``PART_WORDS``
    words back, when ``articles`` are its language's; else it is the one word."""
    first = part
    for start in range(part, max(part - PART_WORDS, 0), -1):
        if tokens[start - 1] in articles:
            first = start
            break
    before = first - 1
    if before >= 0 and tokens[before] in articles:
        before -= 1
    return first, before
