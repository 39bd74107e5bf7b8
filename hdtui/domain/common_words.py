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
"""
_ITALIAN_PORTUGUESE = """
il lo gli le uno una e di da con per tra fra non che ciao grazie saluti buongiorno
ola obrigado obrigada ajuda equipe todos voces meu minha nome problema
"""

_NAMES = """
will mark grace rose may june april august bill frank joy faith hope summer autumn sunny
amor paz luz sol rosa blanca dolores esperanza pierre
"""
NAME_WORDS: frozenset[str] = frozenset(_NAMES.split())
"""Ordinary words that are also given names: kept as words, removed where clearly names."""
COMMON_WORDS: frozenset[str] = NAME_WORDS | frozenset(
    " ".join((_ENGLISH, _TAILS, _FRENCH, _SPANISH, _GERMAN, _ITALIAN_PORTUGUESE)).split())
"""Lower-case, accent-free ordinary words (several languages) kept unless clearly a name."""
