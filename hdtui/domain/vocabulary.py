"""Provides the symptom vocabulary: which of a text's terms say what goes wrong, and the
words a known issue learns from the reports members link to it.

Hardware names, models, application names, the words of every problem ("error", "fails")
and function words say which machine, which application or nothing at all; the rest are
symptom words. A known issue's own symptom words come from its title and description; the
reports members link to it add the symptom words they share, in whatever language they
were written (docs/insight.md, "What makes a match likely").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from hdtui.domain.components import APPLICATION_WORDS
from hdtui.domain.terms import terms

# Words that say nothing about a problem, in the languages the lexicon does not fold
# (Russian, Persian, Polish, Ukrainian, Dutch, Turkish, Arabic; since rules v51 Catalan,
# Croatian, Slovak, Finnish and Swedish; since rules v54 Danish, Norwegian, Tagalog,
# Belarusian and Serbian, without the words the lexicon folds to a problem's: "som" is
# "sound", Serbian "bila" "white", Tagalog "napaka" "error", Serbian "bio" the BIOS; and
# Danish and Norwegian "alt" (all), the Alt key of "Alt+Tab"),
# a few German fillers,
# everyday verbs of every language, and the fillers of French, Spanish, Portuguese and Italian
# that are no stopwords of the ranker: they must not make two reports one, nor keep two
# apart (docs/insight.md, "Session 8, eighth round").
_FUNCTION_WORDS_TEXT = """
не но на и в с что как это я у мне меня мой моя по из за от до так уже еще ещё просто
пользоваться использовать работает работать могу можно нужно когда если или все всё
use usa usar utiliser utilizzare benutzen nutzen normal normally normalement normalmente
always toujours siempre immer sempre sempre start started starting démarré démarrer
iniciar inicié gestartet avviato avviare iniciei arranco arranque boot booted
از به در که این آن را با می برای است هست بود بودم شد شود شده کنم کردم کرد کند کنید میکنم
خواستم میخواستم میخواهم وقتی فقط هم یک من ما شما او اما یا اگر هر همه هیچ دیگر باید نمی نه
خیلی استفاده بعد قبل روی تا چون ولی
был была было были есть нет там тут его её их они мы вы он она при для чтобы потом после
nie tak się jest są był była było mam mogę można już jeszcze tylko też ale lub czy jak gdy
kiedy który która które po prostu korzystać używać używam zawsze teraz potem bardzo ten ta
to tego tym mój moja moje od do na za przez przy dla bez pod nad
не і й та але або що як коли це цей ця вже ще тільки також просто можу можна треба мені
мій моя моє від до на за при для без після потім завжди дуже користуватися використовувати
niet wel het een de en maar ook nog al toen als dan dus want omdat gewoon altijd steeds
alleen mijn ik je jij we wij zij hij ze kan kon moet wil gebruiken werkt werken
bir ve ile ama veya çok daha sonra önce sadece hep her şey bu şu benim ben sen biz
kullanmak kullanıyorum çalışıyor çalışmıyor
في من على إلى عن مع هذا هذه ذلك التي الذي لا لم لن ما كان كانت أن أنا هو هي ثم بعد قبل
فقط دائما استخدام أستخدم
ganz einfach
है हैं था थी थे हो को से में का की के और या पर भी नहीं ना बस रूप सामान्य इस्तेमाल उपयोग करना
करने करता करती कर चाहता चाहती चाहते मैं मेरा मेरी मेरे यह वह जब तो कि एक हूँ हूं रहा रही रहे
गया गई गए जाता जाती होता होती बार ठीक चलता लैपटॉप कंप्यूटर
של את על אני זה זו לא כל גם רק אבל או כי עם אם מה יש אין היה היא הוא אחרי לפני כמו כרגיל
רציתי להשתמש משתמש המחשב מחשב
και το τα η ο οι στο στη στην την τον του της με σε για να δεν ειναι απλωσ ηθελα
χρησιμοποιησω κανονικα οταν οτι ενω τωρα υπολογιστη υπολογιστησ λαπτοπ
그냥 정상적으로 평소처럼 사용하려고 사용하고 싶었습니다 싶었어요 했는데 합니다 있습니다 없습니다
그리고 하지만 제 제가 저는 이 그 노트북 컴퓨터
je se na ve že jsem jsi jen ale nebo když jak už ještě taky také při pro po od do ze mi mě
můj moje normálně chtěl chtěla používat počítač notebook
na ya wa kwa ni za la katika kama lakini pia tu nilitaka kutumia kawaida hii hiyo kila sana
amb per els les una uns que però perquè quan també ja encara sempre molt meu meva jo em
hi fer servir utilitzar normalitat normalment volia vull puc és era està aquest aquesta com
ordinador portàtil
je sam si se na ali ili da kad kada kako samo već još uvijek moj moja moje mi me htio htjela
htjeo koristiti normalno uobičajeno računalo ovo taj za od do sa bez nakon prije sve nije
sa vo ale alebo že keď ako len už ešte tiež pri pre po zo ma môj normálne chcel chcela
chcem používať počítač
ja tai mutta kun että oli ei tämä tuo minä minun vain aina jo vielä myös kanssa halusin
haluan käyttää käyttämään normaalisti tavallisesti tietokone tietokonetta kone
och eller men när att det den ett jag mitt mina är var har hade kan kunde med på för
till av om från bara alltid redan fortfarande också ville vill använda vanligt normalt dator
datorn inte
kompyuta
jeg du han hun vi dere de dem den det en et ei min mitt mine din ditt dine sin sitt sine
vores jer deres hans hendes hennes er var har hadde havde ha have kan kunne vil ville skal
skulle må måtte bli blir blev ble blitt været vært og eller men når at ikke ja nei nej bare
kun også allerede stadig fortsatt fremdeles altid alltid aldri aldrig nu nå så da der her
hvor hvis om med på til fra af av for efter etter før under over ved hos uden uten meget
mye veldig lidt litt noget noe nogen noen alle hver bruge bruke bruker bruger brukte
brugte anvende normalt normal vanlig vanligt vanligvis sædvanligt sædvanlig plejer pleier
ønskede ønsket ønsker gerne gjerne prøvde prøvede prøver datamaskin datamaskinen
computeren maskinen
eg ho me dei deg meg seg ein eitt eit mi dykk dykkar deira ikkje berre òg korleis kva kvar
då no brukar nytte nytta vanleg
ako ko ka mo siya niya kami namin tayo natin kayo ninyo sila nila ito iyan iyon nito niyan
niyon ang ng nang mga sa si ni kay na pa lang lamang din rin ba po ho at o pero ngunit kasi
dahil kung kapag noong habang gusto gustong nais ibig gamitin gumamit ginamit ginagamit
gagamitin gamit paggamit karaniwan karaniwang palagi lagi ulit muli ngayon hindi wala
may mayroon meron lahat bawat talaga sobra aking akin iyong kanyang kaniyang ating amin
inyong kanilang kompyuter
я ты ён яна яно мы вы яны мне мяне мой мая маё мае твой яго яе іх і й ды але або ці што як
калі гэта гэты гэтая гэтае ўжо яшчэ толькі таксама проста заўсёды зноў потым пасля перад
цяпер вельмі там тут не ня няма ёсць быў была было былі магу можна трэба хацеў хацела хачу
хацелася карыстацца выкарыстоўваць выкарыстаць звычайна нармальна звычайны кампутар
ноўтбук у ў з са на па для без пры ад да за
ја ти он она оно ми ви они оне мене мени мој моја моје твој његов њен њихов сам си је смо
сте су био била било били бити хтео хтела хтјео хоћу желео желела желим и а али или да кад
када како само већ још увек увијек такође стално поново опет користим користити користио
користила коришћење нормално обично уобичајено рачунар компјутер лаптоп ово то тај та ова
овај у на са од до за из без после пре при не нисам није ништа све сви веома врло много
мало сада онда
ja ti on ona ono mi vi oni one mene meni moj moja moje tvoj njegov njen njihov sam si je
smo ste su bilo bili biti hteo htela hoću hocu želeo zeleo želela zelela želim zelim i a
ali ili da kad kada kako samo već vec još jos uvek uvijek takođe takodje stalno ponovo
opet koristim koristiti koristio koristila korišćenje koriscenje normalno obično obicno
uobičajeno računar racunar kompjuter laptop ovo to taj ta ova ovaj u na sa od do za iz
bez posle pre pri ne nisam nije ništa nista sve svi veoma vrlo mnogo sada onda
keep keeps kept again still encore wieder ancora ainda
kb mb gb tb kib mib gib tib
ce cet ces ai avait ete etait etre peut meme chose trop bon san sans
ella ellos uno una dice solo sólo nunca siempre algo todo
nao não nem os as ele ela ja já tinha quando depois
nelle nello nei negli nessun nessuno niente viene vengono funziona funzionano usare solo
auch beim dann alle gar macht geht über uber
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split()) | frozenset(
    terms(_FUNCTION_WORDS_TEXT))
"""As written and as ``terms`` gives them (accents folded, Greek too, endings off). With
them: words of repetition ("keep", "again", "still") and units of size ("GB"), which say
how often or how much in reports of any problem (docs/matching.md, fifth round)."""
HARDWARE_WORDS = frozenset(terms(
    "intel amd ati radeon nvidia geforce realtek broadcom qualcomm atheros mediatek marvell "
    "gpu graphics graphic card chip chipset driver drivers controller adapter laptop "
    "notebook desktop computer device devices hardware usb "
    # What follows a model line's name ("MacBook Pro", "Core Ultra", "Mac mini").
    "pro air max mini ultra plus"))
"""Words that name the machine, not what goes wrong with it."""
MACHINE_WORDS = frozenset(terms(
    "apple mac macbook imac lenovo thinkpad ideapad thinkbook ideacentre yoga legion dell "
    "latitude inspiron vostro xps optiplex hp elitebook probook elitedesk zbook pavilion "
    "envy spectre victus omen asus zenbook vivobook rog tuf acer aspire swift travelmate "
    "nitro predator msi toshiba samsung fujitsu huawei matebook surface chromebook"))
"""Makers and model lines. They stay symptom words for matching (for an issue about a
whole machine, "Tails does not start on a Mac with an Apple processor", the machine is the
symptom), but two reports that share them share a machine, not a problem: the clusters
leave them out (docs/insight.md)."""
GENERIC_WORDS = frozenset(terms(
    "error errors fail fails failed failure start starts started starting work works "
    "worked problem wrong anymore able unable open opens opened"))
"""Words of every problem: "error", "fails", "does not start" agree with any issue."""
LEARN_MIN_REPORTS = 2
"""A word is learnt for an issue once this many of its linked reports use it."""
LEARN_MAX_WORDS = 30
"""At most this many learnt words per issue (the most used first)."""
LEARN_COMMON_SHARE = 0.05
LEARN_COMMON_MIN = 10
"""A word more than max(this share of all reports, this many) use is everybody's word, not
one problem's: it is never learnt."""
LEARN_SPECIFIC = 0.5
"""At least this share of the reports that use a word must be linked to the issue: words
every report in one language has ("normally", in the answer to "What were you trying to
do?") are not one problem's, however few reports come in that language."""


def symptom_words(found: Iterable[str]) -> set[str]:
    """The terms that can say what goes wrong: not the names of hardware, of models (with
    digits) or of applications, not the words of every problem, not function words."""
    return {t for t in found if t not in HARDWARE_WORDS and t not in APPLICATION_WORDS
            and t not in GENERIC_WORDS and t not in FUNCTION_WORDS
            and len(t) >= 3 and not any(c.isdigit() for c in t)}


def learned_vocabulary(linked: Mapping[int, Sequence[AbstractSet[str]]],
                       everyone: Sequence[AbstractSet[str]]) -> dict[int, frozenset[str]]:
    """Per known issue, the symptom words its linked reports share: used by at least
    LEARN_MIN_REPORTS of them, by no more than the common share of ``everyone`` (the words
    of every report counted), mostly by them (LEARN_SPECIFIC of the reports that use it),
    at most LEARN_MAX_WORDS, most used first (then rarest, then alphabetical: the same
    input always gives the same words). ``linked``: per issue iid, the words
    (``ReportFacts.words``) of each report linked to it, which are among ``everyone``."""
    shared: dict[int, Counter[str]] = {}
    for iid, reports in linked.items():
        counts: Counter[str] = Counter(t for words in reports for t in symptom_words(words))
        shared[iid] = Counter({t: n for t, n in counts.items() if n >= LEARN_MIN_REPORTS})
    candidates = set().union(*shared.values()) if shared else set()
    seen: Counter[str] = Counter()  # only the candidates' use: cheap on 100,000 reports
    for words in everyone:
        seen.update(candidates.intersection(words))
    common = max(LEARN_COMMON_SHARE * len(everyone), LEARN_COMMON_MIN)
    found: dict[int, frozenset[str]] = {}
    for iid, counts in shared.items():
        kept = sorted((t for t in counts
                       if seen[t] <= common and counts[t] >= LEARN_SPECIFIC * seen[t]),
                      key=lambda t: (-counts[t], seen[t], t))[:LEARN_MAX_WORDS]
        if kept:
            found[iid] = frozenset(kept)
    return found


# What the clusters read as one concept, in whatever language (rules v73; docs/insight.md,
# "Session 23: one problem in four languages"). The lexicon (``terms``) folds the words
# the matcher needs; these are words it leaves as written, each a common way to name one
# part of a problem that the users of several languages all describe: headphones,
# the volume, a sound that is gone. Written as ``terms`` gives them (accents folded,
# plural endings off).
_CLUSTER_CONCEPTS_TEXT = """
headphone: casque ecouteur oreillette kopfhorer kopfhorern ohrhorer ohrhorern auricular
  auriculare audifono auricolare auricolari cuffia cuffie fone auscultadore earphone earbud
  headset наушник słuchawki koptelefoon kulaklık
speaker: lautsprechern
volume: lautstarke volumen громкост głosnosc
mute: silent silently silencieux muette muted silencio silenzioso lautlo
sound: klang
print: imprime imprimo imprimiendo stampa
portal: portail portale портал
screenreader: bildschirmleser
camera: webcam
"""
_CONCEPT_BESIDE_TEXT = """
sound: son ton tono
screenreader: reader lecteur lector lettore leitor
"""
"""Words that name the concept only beside another word of its kind in the same report:
French "son" is also "his", Spanish "son" "they are", French "ton" "your" and Spanish
"tono" a ringtone; "pas de son" beside "casque", "kein Ton" beside "Kopfhörer" are the
sound. A reader ("lecteur", "lector") is the screen reader beside the screen or Orca, not
beside a PDF or a DVD."""
_KIND_OF_TEXT = """
sound: sound speaker microphone headphone mute
screenreader: screen orca
"""
"""Per concept folded beside its kind, the words (after folding) that make a report about
it."""


def _concept_table(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in text.replace("\n  ", " ").strip().splitlines():
        concept, words = line.split(":", 1)
        table.update((word, concept) for word in words.split())
    return table


CLUSTER_CONCEPTS: Mapping[str, str] = _concept_table(_CLUSTER_CONCEPTS_TEXT)
"""Word -> concept, folded in every report the clusters read."""
CONCEPT_BESIDE: Mapping[str, str] = _concept_table(_CONCEPT_BESIDE_TEXT)
"""Word -> concept, folded only beside a word of the concept's kind (``KIND_OF``)."""
KIND_OF: Mapping[str, frozenset[str]] = {
    concept: frozenset(words.split())
    for concept, words in (line.split(":", 1) for line in _KIND_OF_TEXT.strip().splitlines())}
FOLDED_FOR_CLUSTERS = frozenset(CLUSTER_CONCEPTS) | frozenset(CONCEPT_BESIDE)
"""Every word ``cluster_concepts`` may fold: a report with none of them is read as it is."""

# The kinds of problem the users of every language name, one a line: the words (as
# ``terms`` gives them and ``cluster_concepts`` folds them) that say a report is about it
# (docs/insight.md, "Session 23: different problems on the same machines"). Only what a
# user names when it is what fails: not the keyboard nor the Persistent Storage, which
# the reports of other problems name on the way (a layout at the passphrase prompt, keys
# that do not wake the screen), nor "print", which German "drücken" (press) folds to.
_PROBLEM_KINDS_TEXT = """
sound: sound speaker microphone headphone mute
printer: printer
portal: portal captive
screenreader: screenreader orca
camera: camera
bluetooth: bluetooth
"""
PROBLEM_KIND_OF: Mapping[str, str] = _concept_table(_PROBLEM_KINDS_TEXT)
"""Word -> the kind of problem it names (``problem_kinds``)."""
PROBLEM_WORDS = frozenset(PROBLEM_KIND_OF)
CONCEPT_WORDS = frozenset(CLUSTER_CONCEPTS.values()) | PROBLEM_WORDS
"""The concepts and the words of the problem kinds: what a problem is about, never
everybody's words in the clusters however many of their reports say them (not the screen,
by which "lecteur" is the screen reader: every graphics problem says it)."""


def problem_kinds(words: Iterable[str]) -> frozenset[str]:
    """The kinds of problem (``PROBLEM_KIND_OF``) a report's words, folded by
    ``cluster_concepts``, name: the sound, a printer, a captive portal, the screen reader,
    a camera, Bluetooth."""
    return frozenset(PROBLEM_KIND_OF[w] for w in PROBLEM_WORDS.intersection(words))


def kinds_disagree(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    """Whether two reports' (or groups') ``problem_kinds`` point to different problems:
    both name a kind and none is the same. Reports that name no kind (most) never
    disagree."""
    return bool(a) and bool(b) and a.isdisjoint(b)


def cluster_concepts(words: Iterable[str]) -> frozenset[str]:
    """A report's words as the clusters compare them: each word of ``CLUSTER_CONCEPTS`` as
    its concept, and each of ``CONCEPT_BESIDE`` as its concept when the report's other
    words (folded) hold one of that concept's kind. The same problem told in French,
    German and Spanish then shares its concepts ("headphone", "sound", "mute") as the
    English reports do (docs/insight.md, "Session 23: one problem in four languages")."""
    folded = {CLUSTER_CONCEPTS.get(w, w) for w in words}
    beside = folded.intersection(CONCEPT_BESIDE)
    for word in beside:
        concept = CONCEPT_BESIDE[word]
        if not KIND_OF[concept].isdisjoint(folded):
            folded.discard(word)
            folded.add(concept)
    return frozenset(folded)
