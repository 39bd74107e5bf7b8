"""Provides COMMON_WORDS: ordinary words that are never removed as a name on their own.

A name part guessed from an address's local part (``tails.user@…``), a greeting (``Hi
team``) or a sign-off line can be an ordinary word. Removing every occurrence of such a
word would blank out the report (docs/privacy.md: no more than 1 in 20 ordinary words may
go), so these words are only removed where they clearly are a name: capitalised in the
middle of a sentence, or inside the full name. The lists are short on purpose: frequent
function words of the languages the Help Desk reads, words of Tails reports, and common
words that are also first names. All are lower case and without accents.
"""

from __future__ import annotations

from hdtui.domain.terms import fold

_ENGLISH = """
a about after again all also am an and any anyone are as at away back be because been
before best but by can cannot could day dear did do does done down each else even every
everyone everybody folks for friend friends from get gets give go good got had has have
he hello help her here hey hi him his how i if in into is it its just know last like
look looked make many may me mine more most my name need new no not nothing now of off
ok okay old on once one only or other our out over people please problem same see she
should since so some someone something still such sure than thank thanks that the their
them then there these they thing this those through time to today too try tried two
under until up us use used user users very want was way we well were what when where
which while who why will with without work works would yes yet you your
admin anonymous anon contact info mail email inbox private privacy secure security
support team staff desk developers developer dev devs hacker hackers crew all
sunny day night morning evening home house green blue red black white grey gray gold
silver star sun moon sky rain snow wind river sea lake stone rock tree wood forest
apple orange lemon cat dog fox bird wolf bear happy lucky free freedom
"""
_TAILS = """
tails tor torbrowser browser thunderbird onion onionshare keepassxc gnome debian linux
usb stick drive disk laptop computer pc mac macbook wifi wi fi network screen boot
persistent persistence storage unsafe bridge bridges update upgrade version install
installer image iso key keys openpgp gpg pgp kleopatra electrum veracrypt
"""
_FRENCH = """
le la les un une des du de et ou mais donc car ni je tu il elle on nous vous ils elles
mon ma mes ton ta tes son sa ses notre votre leur leurs ce cet cette ces qui que quoi
dans sur sous avec sans pour par en au aux pas ne plus tres bien merci bonjour salut
cher chere madame monsieur equipe tous toutes tout monde aide probleme ordinateur cle
point merci beaucoup bonne journee soir matin amitie amicalement cordialement
"""
_SPANISH = """
el la los las un una unos unas y o pero que de del en con sin por para como mi mis tu
tus su sus nuestro nuestra yo el ella nosotros ustedes ellos hola gracias muchas buenas
buenos dias tardes noches saludos equipo todos todas ayuda problema ordenador llave
punto
"""
_GERMAN = """
der die das den dem des ein eine einen einem einer und oder aber dass ich du er sie es
wir ihr mein meine dein deine sein seine unser euer mit ohne fur von zu im in auf an
nicht kein keine bitte danke hallo liebe lieber gruss grusse viele beste herzliche team
hilfe problem rechner schluessel punkt sonne stern
beim seit nach wenn als auch dann jetzt heute gestern leider vielleicht trotzdem immer
noch schon wieder sehr gerne ja nein freundlichen grussen gruessen
"""
_ITALIAN_PORTUGUESE = """
il lo gli le uno una e di da con per tra fra non che ciao grazie saluti buongiorno
ola obrigado obrigada ajuda equipe todos voces meu minha nome problema
mio mia miei mie suo sua nostro ieri oggi domani sempre ancora anche quando poi ponto
ontem hoje amanha tambem quando depois sempre ainda
"""
_MORE_ENGLISH = """
yesterday tomorrow unfortunately however also since after before sometimes when then
maybe perhaps now first finally still again hi hello thanks dear regards sincerely
monday tuesday wednesday thursday friday saturday sunday january february march july
september october november december english french spanish german italian portuguese
russian chinese arabic persian
"""
_MORE_FRENCH_SPANISH = """
hier aujourd demain malheureusement depuis apres avant parfois quand puis aussi ensuite
ayer hoy manana desgraciadamente desde despues antes cuando luego tambien todavia
lunes martes miercoles jueves viernes sabado domingo lundi mardi mercredi jeudi
vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre
octobre novembre decembre enero febrero marzo abril mayo junio julio agosto
"""
_RUSSIAN = """
и в во не на я с со что а по к у же вы мы он она они мой моя мое моё мои ваш это как
но за из от до при для без спасибо здравствуйте привет пожалуйста
"""

_NAMES = """
will mark grace rose may june april august bill frank joy faith hope summer autumn sunny
dawn heather iris ivy holly daisy lily ruby pearl jade amber crystal hunter chase drew
amor paz luz sol rosa blanca dolores esperanza pierre pilar consuelo mercedes victoria
claire blanche constant prudence victoire ernst heide felice serena gioia stella speranza
fortunato graca esperanca vitoria dores
надежда вера любовь лилия роза слава мила
"""


def _folded(words: str) -> frozenset[str]:
    """The words without accents, case-folded (`hdtui.domain.terms.fold`)."""
    return frozenset(fold(word) for word in words.split())


NAME_WORDS: frozenset[str] = _folded(_NAMES)
"""Ordinary words that are also given names: kept as words, removed where clearly names."""
COMMON_WORDS: frozenset[str] = NAME_WORDS | _folded(" ".join((
    _ENGLISH, _TAILS, _FRENCH, _SPANISH, _GERMAN, _ITALIAN_PORTUGUESE, _MORE_ENGLISH,
    _MORE_FRENCH_SPANISH, _RUSSIAN)))
"""Lower-case, accent-free ordinary words (several languages) kept unless clearly a name."""

_TECHNICAL = """
tails tor gnome debian linux ubuntu windows microsoft apple macbook mac os macos ios
android google chrome chromium firefox mozilla thunderbird signal whatsapp telegram
persistent storage unsafe browser welcome screen connection assistant additional software
safe mode secure boot boot menu loader grub bios uefi settings network manager device
wireless ethernet adapter controller bridge onion circuit display files nautilus terminal
root administration password passphrase kleopatra keepassxc electrum onionshare
veracrypt metadata cleaner disks utility greeter startup disk installer etcher balena
rufus ventoy intel corporation corp realtek semiconductor broadcom qualcomm atheros
nvidia radeon geforce amd lenovo thinkpad ideapad dell latitude inspiron hewlett packard
elitebook probook asus acer aspire samsung toshiba sony vaio huawei xiaomi microsoft
surface sandisk kingston lexar transcend verbatim ultra cruzer glide extreme pro air
ltd inc gmbh co usb stick drive wifi bluetooth help desk desk support team tails team
issue gitlab whisperback report tracker update upgrade release candidate
"""
TECHNICAL_WORDS: frozenset[str] = _folded(_TECHNICAL)
"""Capitalised words of products, vendors and Tails features: never taken for a name run."""
