"""Provides the numbers Help Desk produces across messages: per-issue counts, clusters of
reports no known issue covers, and regressions after a release. Pure: facts in, numbers out.

A report is reduced once to its ``ReportFacts`` (when, which version, which chips and
machine, which app, its journal errors with numbers masked, the user's words through the
cross-language lexicon, the issues it confidently matches). Everything else is computed from
those facts by deterministic, versioned rules that explain themselves; see docs/insight.md.
"""

from __future__ import annotations

RULES_VERSION = 110
"""The version of the grouping rules below: a change of rule is a new version, so that
numbers published with one version are never silently compared with another's. (41:
session 15's three rounds merged, each written apart as 40: docs/insight.md; 42: two rules
of confidence, a program's other error and another kind of disk: docs/insight.md,
"Session 15, twenty-third round"; 43: session 16's three rounds, written apart: two-letter
words alone join no groups, a mail joins the cluster most of whose reports say its rare
words (docs/insight.md, "Session 16, twenty-fourth round: cluster pairs"); a lead of 1.4
over a runner-up of the same application that matches nothing more ("Session 16,
twenty-fourth round: likely recall"); the lexicon's words of docs/matching.md, "Session
16: rank round", which change the words reports are grouped by; 44: lspci's other system
peripherals, Thunderbolt controllers among them, are regression groups: docs/insight.md,
"Session 16, twenty-fifth round: regressions"; the lexicon's words of docs/matching.md,
"Session 16: second rank round": Thai, Lao, Burmese and Khmer read inside their runs,
Amharic by its start, and more words of other languages; and the review's mends of the
lexicon (clause-final "aus"/"uit" after a verb of state only, half an hour not "partial",
a conjunct's zero-width joiner); 45: the lexicon's words of docs/matching.md, "Session
17: rank round": the words of the issues in eleven more languages, the numeric keypad and
Num Lock, photos turned on their side, an interrupted or half-done upgrade, a bad
connection in six more languages; 46: a top that holds the same quoted lines as its
runner-up, and the only words of its own, one of its title's, needs only the lead:
docs/insight.md, "Session 17, twenty-sixth round"; and the review's mends of the
lexicon's new words (docs/matching.md, "Session 17: the review's mends"); 47: the
lexicon's words of docs/matching.md, "Session 17: second rank round", which change the
words saved report facts hold, though no figure of the insight set moved; 48: clusters
whose shared words few reports say all together join, a lone report joins such clusters
only saying most of those words, and the lexicon's words for a screen that goes off during
a video and for the font: docs/insight.md, "Session 17, twenty-seventh round: cluster
pairs"; 49: a report keeps its journal's last lines that are not errors, and two reports
sharing one link as a shared error does; a report with a journal joins a cluster by its
words only logging one of the lines most of the cluster's reports log: docs/insight.md,
"Session 18, twenty-eighth round: cluster pairs"; 50: clusters of words alone whose
reports all say one word are a family, flagged together; a best match whose journal errors
are mostly other issues' reports' completes no week, and a confident match so
contradicted is not likely: docs/insight.md, "Session 18, twenty-eighth round: likely
recall and weeks"; and, in the same version, the ranking's last shown place goes to the
issue of the user's machine (docs/matching.md, "Session 18: the machine's place in the top
five"), which changes no saved fact: likely and possible read the top only; 51: a mail
joins no cluster by the words that name a device ("usb"), the everyday words of Catalan,
Croatian, Slovak, Finnish and Swedish are no words of a problem, and two journal lines that
are no errors link without words only when the pool logs them together three times as
often as chance would: docs/insight.md, "Session 18, twenty-ninth round: cluster
precision"; and, in the same version, the review's mends: a line that reports likely for
two known issues log links nothing, a family is no chain and no program's name,
a report with no issue contradicts no match: "Session 18: the review of the journal's
lines"; 52: a report no pair linked joins the cluster whose reports alone log a journal
line or error it logs, saying a rare word most of them say, and the screen says why; a mail
joins a cluster by the name of the program its reports name and one rare word of theirs;
a journal line is kept without the device's sysfs path and the CPU's number:
docs/insight.md, "Session 19, thirtieth round: cluster pair recall"; 53: a machine's SMBus
controller is a regression group when the rising reports name what hangs on it (touchpad,
TrackPoint, the i2c_i801 driver's errors) or share nothing else that rose, and is named
with the reason: docs/insight.md, "Session 19, thirtieth round: regressions" (52 on its
branch); 54: the everyday words of Danish, Norwegian, Tagalog, Belarusian and Serbian are
no words of a problem, and a Danish or Norwegian "som" is no "sound": docs/insight.md,
"Session 19: the everyday words of five more languages" (53 on its branch); 55: the
review's mends: a Swedish "som" is no "sound" either, and "dati" and "malo" (Italian data,
Spanish bad) are no everyday words: the same section; 56 (55 on its branch): a top
that holds the same quoted lines as its runner-up needs only the lead also when its only
words of its own include one of the user's summary: docs/insight.md, "Session 19,
thirty-first round: likely recall"; and a best match completes a week only when, of the
reports logging its journal errors, enough are counted for the issue: the issue's other
best matches do not vouch for it; and the lexicon's CAPTCHA in Cyrillic and Persian, the
iPhone in four more scripts, Bengali words of its issue and Spanish's Night Light, which
change the words saved report facts hold; 57 (55 on its
branch): a signal processing controller (class 1180: AMD's Sensor Fusion Hub) is a
regression group on the SMBus's conditions, its reports naming a screen's rotation, tablet
mode or the amd_sfh driver's errors: docs/insight.md, "Session 19, thirty-first round: a
sensor hub's regression"; 58: the second review's mends: a signal processing controller
is a sensor hub only when lspci calls it one (Intel's thermal controller was named a
sensor hub, with a rotated screen's or a drawing tablet's reason), "ambiente" (Romance
languages' desktop environment) is no ambient light sensor, Spanish "luz" and "noche"
alone are no light and night (only "luz nocturna" is the Night Light), Bengali
"বিশ্বাস" (also "believe") is no trust: the same sections; 59: a chip and two words link
no two reports that both log journal errors when no program or kernel driver logs in both
(Nautilus's "file name too long" and the vmd driver's failed probe, on one GPU, saying
"copy" and "window", chained two clusters): docs/insight.md, "Session 19, thirty-second
round: chained groups"; 60: what terminal escape sequences and console markup tags leave
in a text is no word (``markup_remains``: "0m", "31mred" and "bold" of a subject written
in escapes and markup grouped three such mails with an unrelated one): docs/insight.md,
"Session 20: escapes and markup are no words"; 61: a report whose running version is newer
than the version its squashfs os-release section says was installed, and whose top is not
confident, is offered the issue of a half-done upgrade (#14754, #19136) in its top five,
which changes the rankings saved report facts come from though no top nor confidence:
docs/matching.md, "Session 20: a half-done upgrade read from the installed version"; 62
(61 on its branch): a report is dated by its UTC day, as ``today`` is, not by its
sender's (``Mon, 07 Dec 2026 08:00:00 +1100`` while UTC is still 6 December counted in no
week): docs/insight.md, "Session 20: dated in UTC"; 63 (62 on its branch): a file that
is not mail is never counted (the facts saved for it before said "support"), and without
feeds a version is a release dated by its first report, each report once, never after a
newer version: docs/insight.md, "Session 20: numbers that agree with each other"; 64: an
issue whose title leads with the machine's model line and other model numbers only ("Dell
XPS 15 9570" for an XPS 13 9343) ranks as an issue of another model, which changes the
rankings saved report facts come from: docs/matching.md, "Session 21: another model of the
machine's line"; 65: when the user or the report says the Mac has an Apple processor, an
issue titled with identifiers of Intel Macs only ranks as another Mac's: docs/matching.md,
"Session 21: an Apple processor is no Intel Mac"; 66: the lexicon's Korean names of
machine makers and lines ("서피스" Surface, "레노버" Lenovo, "씽크패드" ThinkPad), which
change the words saved report facts hold: docs/matching.md, "Session 21: makers and lines
written in Hangul"; 67: the lexicon's Turkish words for the keyboard layout ("düzen")
and the language ("dil"): docs/matching.md, "Session 21: the Turkish keyboard layout"; 68:
the lexicon's Arabic "ترقية" (upgrade) and "تنزيل" (download): docs/matching.md, "Session
21: the Arabic upgrade and download"; 69: a title's model numbers are only those right
after its maker and line, never a chip's ("Intel AX210"), a size ("4GB") or one after
"with": docs/matching.md, "Session 21: a chip's number is no other model"; 70: session
22's three mends: the halves of a PCI id are no model number ("10de" of "[10de:1401]"),
an id pasted on a line that calls it a graphics card or a network controller makes the
issues naming other chips of its maker sibling chips' issues, and a machine started with
``nomodeset`` backs the issues of graphics failing as the desktop starts: docs/matching.md,
"Session 22: a pasted graphics card (rules version 70)" and "Session 22: started with
nomodeset (rules version 70)"; 71: the ranker's defects of docs/matching.md, "Session
22"; 72: the matcher's rules of session 23 (docs/matching.md); 73, two branches of session
23 merged as one version: numbers forged reports cannot bend: versions only reports name
are no release beside a feed, and without one need ``RELEASE_MIN_REPORTS`` reports and a
plausible number; regressions compare with earlier versions up to today; a report
claiming an encrypted one's ID counts as none; resends are one user; plain reports are
told apart: docs/insight.md, "Session 23: numbers forged reports cannot bend"; and one
problem told in several languages is one cluster: the clusters read the words of several
languages for headphones, the volume and a sound that is gone as one concept each (French
"son" and German "Ton" only beside another word of the sound), never leave out a device
kind's words or those concepts as everybody's words, and count a concept more than half
of a cluster's reports say among the words all of them say: docs/insight.md, "Session 23:
one problem in four languages"; 74: rank35's matcher rules (the machine's other graphics
chip, a MacBook Pro's Touch Bar, a network chip the user says nothing of, the pruning
floor: docs/matching.md, "Session 23"), which took 73 on their branch too; 75: rank34's
two rules mended: an issue of another line of the machine's maker or of another year's
Mac is lowered, never removed, the battery and its percentage read in German compounds
and the Romance and Slavic languages, an Apple identifier sold over several years names
each of them, and a Mac's family and year are read on one line: docs/matching.md,
"Session 23: lowered, never removed" and "Session 23: one Mac identifier, several
years"; 76: counts fair to real members (74 on its branch): a Help Desk account's note is
never cut, an outside account adds a few links in all; a regression needs
``REGRESSION_MIN_HISTORY`` reports before the release, else it says so; a version no
release knows is an "unknown version"; linked resends stay one user; one user needs the
same words beyond a quoted error line (``own_words``, a new field): docs/insight.md,
"Session 23: counts fair to real members"; 77: a machine pasted into a support mail with
no word of any issue ranks that machine's issues, never confidently; "balenaEtcher" read
as Etcher; the middle of an upgrade in five more languages; Mac titles by family and year
only read as other Macs': docs/matching.md, "Session 24"; 78 (77 on its branch): counts a
member can trust: an outside account's link to an ID this mailbox never received counts
nowhere, one to a report it holds is dated by the report; two contact addresses are two
users, a mail from a counted report's address is that user again (``contact``, a new
field); a report on a version no release has and none can have yet is counted for no
issue; an issue's versions, hardware and unencrypted ones are its users': docs/insight.md,
"Session 24: numbers a member can trust";
79 (78 on its branch): the machine's issue the
user's title names ranks over a top carried by a kernel line of the machine's journal that
shares no word of that title, neither confident: docs/matching.md, "Session 24: the
machine's line against the user's title"; "mice" read as "mouse": "Session 24: mice are a
mouse"; on a message that gives no machine, issues whose title leads with a machine rank
as other models' do, unless the user wrote their error line: "Session 24: a machine's
issue on a message without one";
80 (78 on its branch): new
problems a member can trust: a report linked to an issue, open or closed, is in no
cluster; a cluster most of whose reports are nearest one issue, on hardware most of its
counted reports have, is that issue's; a cluster is named by the lexicon's concepts most
of its reports say before hardware only some share, and its id is its oldest report's; a
hardware regression of several kinds of problem is none, and one says what most of its
reports share: docs/insight.md, "Session 24: new problems a member can trust";
81: what a review of session 24 found (the same own words from one machine are one user
whatever address they give; a hardware regression is dropped only when the kinds its
reports name disagree; only Help Desk links keep a report out of a cluster; "beyond the
releases" judged only from a recent feed copy): docs/insight.md, "Session 24: a review's
five defects"; 82: a linked report the mailbox holds is dated by its own received day,
not the note's; a linked report on a version no release has is counted for none; a report best
matched to a closed issue, received by its close, is that issue's and no new problem:
docs/insight.md, "Session 24: a report's own day, and three more count defects";
83 (81 on its branch): with nomodeset the user's "resolution" is what the boot option did;
an Intel chip's issue is not confident beside an issue of the machine's other graphics
card or of several GPUs, unless the user's title names its failure; on a message that says
the graphics failed, an issue whose title names the generation of the machine's Intel chip
is not a sibling chip's: docs/matching.md, "Session 24: the resolution nomodeset gives",
"one of two graphics chips", "the generation of the machine's chip"; 84: on a laptop
with an Intel chip and another card, the card's issue keeps a place in the top five among
the Intel chip's sibling issues: docs/matching.md, "Session 24: the discrete card among the
integrated chip's issues"; a graphics chip's issue is not confident under a title of no
graphics that names two words of another issue's title; Ido's keyboard and language: "a
chip's issue under a title of another problem"; 85: the user's title over an issue only
the machine's chip backs, and a reply's prefix is no word: docs/matching.md, "Session 25:
the user's words over the machine's chip", "a reply's prefix is no word"; 86: a cluster
nearest a known issue is that issue's on the very machine model it counted as many reports
on, and only a journal error of its own (no line of the tail) keeps it a new problem; a
cluster keeps its id when its oldest report is linked to an issue; the Help Desk's own
addresses are no user: docs/insight.md, "Session 25: four numbers a member can trust"; 87
(86 on its branch): a Mac's issue needs a Mac (a model line's own name anywhere in a title
makes a machine issue), "another browser" is the Unsafe Browser, "no picture" is the screen
failing, Turkish words for memory and storage, and the user's words over the chip skip an
issue whose title names an application the user does not: docs/matching.md, "Session 25"
(rank41); 88: an issue only the machine's model backs is not confident under a title of
another part; Persian's "middle" of an update is its interruption; Portuguese "não acho"
is not finding; the discrete card's issue shown under two of the integrated chip's moves up:
docs/matching.md, "Session 25" (rank42); 89: a journal line of the machine's own issue is
not confident when the user's words are of another part or an application, and German
"Lautsprechern" and "Kopfhörer" are speaker and headphone; a placed issue shows its own
score and why; both issues of a half-done upgrade are shown; a sibling chip's issue keeps
its rank on a line the user wrote, not one of the journal: docs/matching.md, "Session 26"
(rank43); 90: the machine's evidence alone does not make its issue confident under a title
of another part or of a half-done upgrade; fans read in six languages: docs/matching.md,
"Session 26" (rank44); 91: a two-chip laptop's quoted Intel id still counts as its GPU and
the card's issue quoting the user's error leads; GDM's line, quoted by issues of no sibling
chip too, keeps no sibling chip's issue up: docs/matching.md, "Session 26" (rank45); 92: a
title that puts an issue's workaround by name next to the issue's title words is not that
issue, confidently, nor is a machine's line's issue under a title naming another chip's
part: docs/matching.md, "Session 26" (rank46); 93: the issues of the machine's chip whose
title's problem the user does not name give way to the two-chip laptop's issue, to the
issue quoting the user's error line, and to a half-done upgrade's issue the user names;
several GPUs over the integrated chip's vendor; the machine's own model over another
maker's; the machine's issue over an application's the user does not name; Seahorse
by its menu name in fifteen languages; Microsoft a machine's maker:
docs/matching.md, "Session 27" (rank47); 94: an issue only possible reports match is
listed with them, and a report that could not be decrypted is a kind of its own, said
apart: docs/insight.md, "Session 27: walkfix27b"; 95: the parts a user says work are kept
with the report's facts and share no problem word with an issue; a terse cluster of an
issue's machine line is its reports with two of its problem words shared and more than
half of its own; a hardware group leaves a small second problem's reports out, and a
cluster is the issue its linked reports went to: docs/insight.md, "Session 27: regfix27"
(94 on its branch); 96: a title that holds the issue's own rare title word beside its
workaround's name stays that issue, confidently; the issue the user's title names goes
over a top that only the machine's model backs: docs/matching.md, "Session 27: rules v94"
(rank48; 94 on its branch); 97: a part said to work somewhere else ("works in macOS") is
not said to work, each part said to work once a report, and the clusters count reports
saying it, not mentions: docs/insight.md, "Session 27: what works, and where" (review27c);
98: the parts a user says work are read in German, French, Spanish, Portuguese, Italian,
Russian and Polish too, a line break inside an answer ends no sentence, a part named
beside a negation elsewhere in the report or said to work where a clause opens with a
place or condition is not said to work; what says a part works or not names no problem
of a cluster's; a possible report a cluster holds is listed with the cluster only:
docs/insight.md, "Session 28: what works, in the queue's languages (lang28)" and
"Session 28: a possible report listed once" (lang28);
99: the machine's network chip named by one issue orders it first for a user who says the
network fails in other words; a model named by its line and a small number ("Surface
Laptop 3") is a product key; the machine's model named by one issue only, with the part its
title names said by the user, is hard evidence for confidence; the pen is a part a title
names: docs/matching.md, "Session 28: rules v98 (rank49)" (99 on main: lang28 took 98);
100: a contact or sender that names one of the Help Desk's own addresses with a stray
comma or bracket around it (``help-desk@example.org,``) is no user's, as the report pane
already said: docs/insight.md, "Session 28: fix28c" (fix28c);
101: a part said not to work or to work badly a few words on ("funktioniert leider nicht",
"marche mal", "работает плохо", "partially works"), asked about and answered "No", or said
of what the user wants ("Expected result:", the "Desired result" and "What were you trying
to achieve?" answers) is not said to work, and English's plural "work" says two parts
joined by "and" work: docs/insight.md, "Session 28: what works, in the queue's languages
(lang28)" (fix28b; 99 on its branch); 102: new problems are grouped over every
report the mailbox holds, named by their oldest, then cut to the window (an ID whatever
the window), the known-issues pane counts the hot topics' window, and `--since` keeps the
reports before it for the regressions: docs/insight.md, "Session 28: a new problem's id
whatever the window" (fix28a); 103: English's plural "work" after "make", "get", "help",
"does", "none" or "nothing" before its parts, or right before a "?" not answered "Yes",
says nothing works, a softener ("really") is no part's name, and a contact or sender is
ours by the address a reply would be sent to ("(user@example.org) help-desk@example.org"):
docs/insight.md, "Session 28: fix28d" (fix28d); 104: a contact is one user by the address
a reply would reach (``sent_address``): ``zoe@example.org,`` and ``Zoe <zoe@example.org>``
are one user, as ``zoe@example.org`` is (they were two): docs/insight.md, "Session 29:
fix29a" (fix29a); 105: English's plural "work" says its parts work when they are joined
otherwise than "keyboard and touchpad": "I do think" before them ("does", "do", "did" make
a question only opening the clause), "both" or "do" before it, "the" before the second
part, "as well as", a list ("wifi, bluetooth and sound work fine", in every language's
plural); a negation before the parts in their clause says they do not ("I don't think the
keyboard works"): docs/insight.md, "Session 29: fix29a" (fix29a); 106: a "but" (pero,
mais, aber, но…) that opens what another part does or does not ends the clause of the part
before it, as a comma does: "Wi-Fi works but Tor does not connect" says Wi-Fi works, "la
souris ne marche pas mais le clavier marche" the keyboard: docs/insight.md, "Session 29:
working parts after a but" (walkfix29);
107: an issue of the machine (one of its keys) whose only evidence is a line it quotes in
the machine's journal (no line of the user's, no exact chip, no process of its
application's) is not confident when the user's title names nothing of it and no word of
the user's is a word of its title or of the same failure: the line is logged whatever is
asked ("thanks", "how do I change the language"): docs/matching.md, "Session 29: rules
v107 (rank50; v104 on its branch)" (rank50); 108: a contact whose domain is written in
Unicode is one user with the same address in its ASCII (IDNA, ``xn--``) form: docs/insight.md,
"Session 29: reviewfix29" (reviewfix29); 109: a contact that is not one address as the
send reads it is the user of the first address it names that is not the Help Desk's own,
whatever the order (``help-desk@example.org, jane@example.org`` was no user, the other
order jane), and a domain with no dot names no address (``jane@gmail,com`` was a user
``jane@gmail``): docs/insight.md, "Session 29: fix29c" (fix29c); 110: v107's rule judges a
title written without spaces (Chinese, Japanese, Thai) from which no term is read ("谢谢",
"ありがとうございます") as words that name nothing of the issue, where it was taken for
a user who says little and the machine's line alone stayed confident: docs/matching.md,
"Session 29: rules v110 (rank51)" (rank51).)"""
