#!/usr/bin/env python3
"""Write tests/data/insight/reports.toml from problems.toml, problems_fresh.toml,
problems_sealed.toml, problems_blind.toml, problems_final.toml and the later parts'
problems_NAME.toml, one for each name in LATER_PARTS (issue #10's labelled set).

Usage: .venv/bin/python tests/data/insight/build.py   (from the repository root)

Deterministic (fixed seeds, no clock): rerunning gives the same file. Each report is a
decrypted WhisperBack body (pseudo-headers, Tails-Version block, answers, debug sections)
with its labels: problem, known issue, week, date, version, language and part. The reports
of problems.toml are split between "tune" and "heldout" (seed SEED); those of
problems_fresh.toml, written later by another author, all go to "fresh" (seed FRESH_SEED)
and come after them in the file; those of problems_sealed.toml, written by a third author
and measured only once, at the end, all go to "sealed" (seed SEALED_SEED) and come after
them; those of problems_blind.toml, written by a fourth author after the sealed part had
been looked at and measured only once, at the end of session 5, all go to "blind" (seed
BLIND_SEED) and come after them; those of problems_final.toml, written by a fifth author
after the blind part had been measured and then tuned on, never looked at before its one
measurement (the final measurement of session 5), all go to "final" (seed FINAL_SEED)
and come after them. Then each later part in LATER_PARTS' order (from "seventh" on),
each written by another author who did not read the matcher (the seventh
after the final part had been measured; the eighth and every one after it as an ordinary
Help Desk queue: mostly plain reports, about a quarter hard cases), never looked at
before its one measurement: the reports of problems_NAME.toml all go to part NAME (with
the seed LATER_PARTS gives it) and come after those of the parts before it. Adding a part
never changes the reports of the earlier ones. Stdlib only.

It prints a warning for each problem written as having no known issue whose journal line
a known issue quotes (numbers aside): an author may have missed the issue that covers it,
or planted a near miss on purpose.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import textwrap
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 10
TODAY = date(2026, 11, 30)
WEEKS = 8
RELEASES = (("7.5", date(2026, 9, 15)), ("7.6", date(2026, 10, 13)),
            ("7.7", date(2026, 11, 17)))
LANG_WEIGHTS = {"en": 28, "fr": 14, "es": 14, "de": 12, "it": 10, "pt": 10, "ru": 12}
FRESH_SEED = 78
FRESH_LANG_WEIGHTS = {"en": 26, "fr": 13, "es": 13, "de": 11, "it": 11, "pt": 10, "ru": 12,
                      "fa": 10}
SEALED_SEED = 4111
SEALED_LANG_WEIGHTS = {"en": 24, "es": 13, "fr": 12, "de": 11, "ru": 11, "pt": 9, "it": 8,
                       "fa": 8, "ar": 8, "tr": 7}
BLIND_SEED = 5309
BLIND_LANG_WEIGHTS = {"en": 22, "es": 11, "fr": 10, "de": 10, "ru": 9, "pt": 8, "pl": 8,
                      "uk": 7, "zh": 7, "it": 6, "fa": 6, "nl": 5}
FINAL_SEED = 6271
FINAL_LANG_WEIGHTS = {"en": 17, "es": 11, "fr": 10, "de": 10, "ru": 9, "pt": 9, "it": 8,
                      "fa": 8, "tr": 7, "id": 7, "vi": 6, "ja": 6, "uk": 5}
SEVENTH_LANG_WEIGHTS = {"en": 10, "es": 8, "fr": 7, "de": 7, "ru": 7, "pt": 6, "it": 5,
                        "fa": 5, "zh": 5, "cs": 7, "ko": 7, "hi": 6, "sw": 6, "el": 6,
                        "he": 6}
EIGHTH_LANG_WEIGHTS = {"en": 14, "es": 9, "fr": 8, "de": 8, "ru": 8, "pt": 7, "it": 6,
                       "fa": 6, "zh": 5, "cs": 5, "ko": 5, "hi": 4, "sw": 4, "el": 4,
                       "he": 4}
"""A real queue: mostly English, then the usual European languages, then the rest."""
QUEUE_LANG_WEIGHTS = {**EIGHTH_LANG_WEIGHTS, "tr": 3}
"""The eighth part's queue, and Turkish: the ninth part's to the twentyfourth's."""
LATE_QUEUE_LANG_WEIGHTS = {"en": 12, "es": 8, "fr": 7, "de": 7, "ru": 7, "pt": 6, "it": 5,
                           "fa": 6, "zh": 5, "ar": 5, "uk": 5, "pl": 4, "vi": 4, "id": 5,
                           "ja": 4, "nl": 5, "tr": 4}
"""The same kind of queue with the languages the earlier parts rarely drew (ar, uk, pl, vi,
id, ja, nl) instead of cs, ko, hi, sw, el and he: the twentyfifth part's."""
SHARED_QUEUE_LANG_WEIGHTS = {"en": 12, "es": 8, "fr": 7, "de": 7, "ru": 7, "pt": 6,
                             "it": 5, "fa": 6, "zh": 5, "tr": 4, "uk": 4, "ar": 4}
"""The languages every part from the twentysixth on draws, before its new ones."""


def _with_new(weight: int, *languages: str) -> dict[str, int]:
    """``SHARED_QUEUE_LANG_WEIGHTS`` and ``languages``, each drawn with ``weight``, after
    them (the order of the weights is the draw's)."""
    return {**SHARED_QUEUE_LANG_WEIGHTS, **dict.fromkeys(languages, weight)}


NEW_SCRIPTS_QUEUE_LANG_WEIGHTS = {**SHARED_QUEUE_LANG_WEIGHTS,
                                  "th": 5, "ro": 5, "bn": 4, "am": 5, "my": 5}
"""The same kind of queue with languages no earlier part drew (th, ro, bn, am, my) among
the rarer ones: the twentysixth part's."""
FOUR_SCRIPTS_QUEUE_LANG_WEIGHTS = _with_new(5, "ka", "sq", "hy", "ta")
"""The same kind of queue with four languages no earlier part drew (ka, sq, hy, ta)
among the rarer ones: the twentyseventh part's."""
NE_KM_LV_MS_QUEUE_LANG_WEIGHTS = _with_new(5, "ne", "km", "lv", "ms")
"""The same kind of queue with four languages no earlier part drew (ne, km, lv, ms)
among the rarer ones: the twentyeighth part's."""
HU_IS_MN_SI_AZ_QUEUE_LANG_WEIGHTS = _with_new(7, "hu", "is", "mn", "si", "az")
"""The same kind of queue with five languages no earlier part drew (hu, is, mn, si, az)
among the rarer ones: the twentyninth part's."""
LT_ET_UR_KK_BG_QUEUE_LANG_WEIGHTS = _with_new(7, "lt", "et", "ur", "kk", "bg")
"""The same kind of queue with five languages no earlier part drew (lt, et, ur, kk, bg)
among the rarer ones: the thirtieth part's."""
EU_GL_SL_MK_UZ_QUEUE_LANG_WEIGHTS = _with_new(7, "eu", "gl", "sl", "mk", "uz")
"""The same kind of queue with five languages no earlier part drew (eu, gl, sl, mk, uz)
among the rarer ones: the thirtyfirst part's."""
CA_HR_SK_FI_SV_QUEUE_LANG_WEIGHTS = _with_new(7, "ca", "hr", "sk", "fi", "sv")
"""The same kind of queue with five languages no earlier part drew (ca, hr, sk, fi, sv)
among the rarer ones: the thirtysecond part's."""
DA_NO_BE_SR_TL_QUEUE_LANG_WEIGHTS = _with_new(7, "da", "no", "be", "sr", "tl")
"""The same kind of queue with five languages no earlier part drew (da, no, be, sr, tl)
among the rarer ones: the thirtythird part's."""
BN_CY_AF_MY_PS_QUEUE_LANG_WEIGHTS = _with_new(7, "bn", "cy", "af", "my", "ps")
"""The same kind of queue with five rarer languages (bn, cy, af, my, ps; cy, af and ps
drawn by no earlier part, bn and my only by the twentysixth): the thirtyfourth part's."""
GA_MR_ZU_MT_KY_QUEUE_LANG_WEIGHTS = _with_new(7, "ga", "mr", "zu", "mt", "ky")
"""The same kind of queue with five languages no earlier part drew (ga, mr, zu, mt, ky)
among the rarer ones: the thirtyfifth part's."""
PA_TE_YO_LB_BS_QUEUE_LANG_WEIGHTS = _with_new(7, "pa", "te", "yo", "lb", "bs")
"""The same kind of queue with five languages no earlier part drew (pa, te, yo, lb, bs)
among the rarer ones: the thirtysixth part's."""
TG_HA_SO_GU_EO_QUEUE_LANG_WEIGHTS = _with_new(7, "tg", "ha", "so", "gu", "eo")
"""The same kind of queue with five languages no earlier part drew (tg, ha, so, gu, eo)
among the rarer ones: the thirtyseventh part's."""
LATER_PARTS: tuple[tuple[str, int, dict[str, int]], ...] = (
    ("seventh", 7717, SEVENTH_LANG_WEIGHTS), ("eighth", 8123, EIGHTH_LANG_WEIGHTS),
    ("ninth", 9241, QUEUE_LANG_WEIGHTS), ("tenth", 10457, QUEUE_LANG_WEIGHTS),
    ("eleventh", 11093, QUEUE_LANG_WEIGHTS), ("twelfth", 12289, QUEUE_LANG_WEIGHTS),
    ("thirteenth", 13331, QUEUE_LANG_WEIGHTS), ("fourteenth", 14551, QUEUE_LANG_WEIGHTS),
    ("fifteenth", 15073, QUEUE_LANG_WEIGHTS), ("sixteenth", 16427, QUEUE_LANG_WEIGHTS),
    ("seventeenth", 17053, QUEUE_LANG_WEIGHTS), ("eighteenth", 18211, QUEUE_LANG_WEIGHTS),
    ("nineteenth", 19417, QUEUE_LANG_WEIGHTS), ("twentieth", 20389, QUEUE_LANG_WEIGHTS),
    ("twentyfirst", 21187, QUEUE_LANG_WEIGHTS), ("twentysecond", 22157, QUEUE_LANG_WEIGHTS),
    ("twentythird", 23189, QUEUE_LANG_WEIGHTS), ("twentyfourth", 24203, QUEUE_LANG_WEIGHTS),
    ("twentyfifth", 25117, LATE_QUEUE_LANG_WEIGHTS),
    ("twentysixth", 26141, NEW_SCRIPTS_QUEUE_LANG_WEIGHTS),
    ("twentyseventh", 27281, FOUR_SCRIPTS_QUEUE_LANG_WEIGHTS),
    ("twentyeighth", 28307, NE_KM_LV_MS_QUEUE_LANG_WEIGHTS),
    ("twentyninth", 29363, HU_IS_MN_SI_AZ_QUEUE_LANG_WEIGHTS),
    ("thirtieth", 30113, LT_ET_UR_KK_BG_QUEUE_LANG_WEIGHTS),
    ("thirtyfirst", 31271, EU_GL_SL_MK_UZ_QUEUE_LANG_WEIGHTS),
    ("thirtysecond", 32213, CA_HR_SK_FI_SV_QUEUE_LANG_WEIGHTS),
    ("thirtythird", 33179, DA_NO_BE_SR_TL_QUEUE_LANG_WEIGHTS),
    ("thirtyfourth", 34267, BN_CY_AF_MY_PS_QUEUE_LANG_WEIGHTS),
    ("thirtyfifth", 35149, GA_MR_ZU_MT_KY_QUEUE_LANG_WEIGHTS),
    ("thirtysixth", 36217, PA_TE_YO_LB_BS_QUEUE_LANG_WEIGHTS),
    ("thirtyseventh", 37171, TG_HA_SO_GU_EO_QUEUE_LANG_WEIGHTS))
"""The parts after the final one, in order, each with its file problems_NAME.toml, its
seed and its languages' weights. A new part is one more line here (appended last: the
earlier parts' reports stay byte-identical)."""
PARTS = ("tune", "heldout", "fresh", "sealed", "blind", "final",
         *(name for name, _, _ in LATER_PARTS))
WRAP = 70
"""WhisperBack wraps the answers at 70 columns (the bodies of every part but tune and
heldout are wrapped)."""
EMPTY_SUMMARY = 0.07
CONTACT = 0.3

TAILS_WIDE = (
    "gnome-shell[{pid}]: Error looking up permission: GDBus.Error:org.freedesktop.portal.Error."
    "NotFound: No entry for geolocation",
    "kernel: platform regulatory.0: Direct firmware load for regulatory.db failed with error -2",
    "pulseaudio[{pid}]: GetManagedObjects() failed: org.freedesktop.DBus.Error.NoReply: Did not "
    "receive a reply.",
)
"""Error-looking lines nearly every Tails report has (each kept with TAILS_WIDE_SHARE)."""
TAILS_WIDE_SHARE = 0.9
MACHINE_LINES = (
    "kernel: ACPI BIOS Error (bug): Could not resolve symbol [\\_SB.PC00.XHCI.RHUB.HS{n2}], "
    "AE_NOT_FOUND (20240827/dswload2-162)",
    "kernel: ACPI Error: Aborting method \\_SB.PCI0.LPCB.EC0._Q66 due to previous error "
    "(AE_NOT_FOUND) (20240827/psparse-529)",
)
"""Firmware complaints: every report from some machines has one, none from the others."""
RARE = "kernel: usb 2-{n1}: device descriptor read/64, error -71"
"""A flaky USB port: a generic error line a few unrelated reports share."""
RARE_SHARE = 0.06
ALWAYS = (
    "kernel: Linux version 6.12.{n2}+deb13-amd64 (debian-kernel@lists.debian.org)",
    "kernel: random: crng init done",
    "NetworkManager[{pid}]: <info>  [{ts}] manager: NetworkManager state is now CONNECTED_GLOBAL",
    "tor[{pid}]: Bootstrapped 100% (done): Done",
)
GOALS = {
    "en": "Use Tails normally.", "fr": "Utiliser Tails normalement.",
    "es": "Usar Tails normalmente.", "de": "Tails ganz normal benutzen.",
    "it": "Usare Tails normalmente.", "pt": "Usar o Tails normalmente.",
    "ru": "Просто пользоваться Tails.", "fa": "فقط می‌خواستم از Tails استفاده کنم.",
    "ar": "أردت فقط استخدام Tails بشكل عادي.", "tr": "Tails'i normal şekilde kullanmak istiyordum.",
    "pl": "Po prostu korzystać z Tails.", "uk": "Просто користуватися Tails.",
    "zh": "正常使用 Tails。", "nl": "Tails gewoon gebruiken.",
    "ja": "普通に Tails を使いたかっただけです。", "id": "Hanya ingin memakai Tails seperti biasa.",
    "vi": "Chỉ muốn dùng Tails bình thường.",
    "cs": "Chtěl jsem jen normálně používat Tails.", "ko": "그냥 Tails를 평소처럼 쓰고 싶었습니다.",
    "hi": "बस Tails को सामान्य रूप से इस्तेमाल करना चाहता था।",
    "sw": "Nilitaka tu kutumia Tails kama kawaida.",
    "el": "Ήθελα απλώς να χρησιμοποιήσω το Tails κανονικά.",
    "he": "רק רציתי להשתמש ב-Tails כרגיל.",
    "th": "แค่อยากใช้ Tails ตามปกติ", "ro": "Voiam doar să folosesc Tails normal.",
    "bn": "শুধু স্বাভাবিকভাবে Tails ব্যবহার করতে চেয়েছিলাম।",
    "am": "Tailsን እንደተለመደው መጠቀም ብቻ ነበር የፈለግሁት።",
    "my": "Tails ကို ပုံမှန်အတိုင်း သုံးချင်ရုံသာ ဖြစ်သည်။",
    "ka": "უბრალოდ მინდოდა Tails-ის ჩვეულებრივად გამოყენება.",
    "sq": "Thjesht doja ta përdorja Tails normalisht.",
    "hy": "Պարզապես ուզում էի Tails-ը սովորական ձևով օգտագործել։",
    "ta": "Tails-ஐ வழக்கம்போல் பயன்படுத்த விரும்பினேன்.",
    "ne": "बस Tails सामान्य रूपमा प्रयोग गर्न चाहन्थेँ।",
    "km": "គ្រាន់តែចង់ប្រើ Tails ជាធម្មតា។",
    "lv": "Vienkārši gribēju lietot Tails kā parasti.",
    "ms": "Hanya mahu menggunakan Tails seperti biasa.",
    "hu": "Csak a szokásos módon használni a Tails-t.",
    "is": "Bara að nota Tails eins og venjulega.",
    "mn": "Зүгээр л Tails-ийг ердийнөөрөө ашиглахыг хүссэн.",
    "si": "සාමාන්‍ය පරිදි Tails භාවිතා කිරීමට පමණයි අවශ්‍ය වුණේ.",
    "az": "Sadəcə Tails-dən adi qaydada istifadə etmək istəyirdim.",
    "lt": "Tiesiog norėjau naudotis Tails kaip įprastai.",
    "et": "Tahtsin lihtsalt Tailsi tavapäraselt kasutada.",
    "ur": "بس Tails کو معمول کے مطابق استعمال کرنا چاہتا تھا۔",
    "kk": "Tails-ті әдеттегідей қолданғым келді.",
    "bg": "Просто исках да използвам Tails нормално.",
    "eu": "Tails ohi bezala erabili besterik ez nuen nahi.",
    "gl": "Só quería usar Tails con normalidade.",
    "sl": "Tails sem želel le normalno uporabljati.",
    "mk": "Само сакав нормално да го користам Tails.",
    "uz": "Shunchaki Tails'dan odatdagidek foydalanmoqchi edim.",
    "ca": "Només volia fer servir Tails amb normalitat.",
    "hr": "Samo sam htio normalno koristiti Tails.",
    "sk": "Chcel som len normálne používať Tails.",
    "fi": "Halusin vain käyttää Tailsia tavalliseen tapaan.",
    "sv": "Jag ville bara använda Tails som vanligt.",
    "da": "Jeg ville bare bruge Tails som normalt.",
    "no": "Jeg ville bare bruke Tails som vanlig.",
    "be": "Я проста хацеў карыстацца Tails як звычайна.",
    "sr": "Само сам хтео да нормално користим Tails.",
    "tl": "Gusto ko lang gamitin ang Tails nang normal.",
    "cy": "Roeddwn i eisiau defnyddio Tails fel arfer, dyna i gyd.",
    "af": "Ek wou Tails net soos gewoonlik gebruik.",
    "ps": "یوازې مې غوښتل چې Tails په عادي ډول وکاروم.",
    "ga": "Ní raibh uaim ach Tails a úsáid mar is gnách.",
    "mr": "फक्त नेहमीप्रमाणे Tails वापरायचे होते.",
    "zu": "Bengifuna nje ukusebenzisa i-Tails njengenjwayelo.",
    "mt": "Ridt biss nuża Tails bħas-soltu.",
    "ky": "Жөн гана Tails'ти кадимкидей колдонгум келди.",
    "pa": "ਮੈਂ ਬੱਸ Tails ਨੂੰ ਹਮੇਸ਼ਾ ਵਾਂਗ ਵਰਤਣਾ ਚਾਹੁੰਦਾ ਸੀ।",
    "te": "నేను Tails ని ఎప్పటిలాగే వాడాలనుకున్నాను, అంతే.",
    "yo": "Mo kàn fẹ́ lo Tails bí mo ṣe máa ń lò ó tẹ́lẹ̀ ni.",
    "lb": "Ech wollt just Tails wéi soss ëmmer benotzen.",
    "bs": "Samo sam htio koristiti Tails kao i obično.",
    "tg": "Ман танҳо мехостам аз Tails одатан истифода барам.",
    "ha": "Ina so ne kawai in yi amfani da Tails kamar yadda na saba.",
    "so": "Waxaan rabay oo keliya inaan Tails u isticmaalo si caadi ah.",
    "gu": "હું બસ Tails ને હંમેશની જેમ વાપરવા માંગતો હતો.",
    "eo": "Mi nur volis uzi Tails kiel kutime.",
}
NAMES = ("kestrel", "otter", "heron", "lynx", "moss", "fern", "quill", "birch", "wren", "pike")


def week_of(day: date) -> int:
    """Week index of a day, 0 = oldest, WEEKS - 1 = the 7 days ending on TODAY."""
    return WEEKS - 1 - (TODAY - day).days // 7


def week_start(week: int) -> date:
    return TODAY - timedelta(days=7 * (WEEKS - 1 - week) + 6)


def release_of(day: date, rng: random.Random, newest_only: bool) -> str:
    """The version a user runs on a day: most upgrade within days, some lag one release."""
    out = [v for v, d in RELEASES if d <= day]
    if newest_only:
        return RELEASES[-1][0]
    if len(out) >= 2:
        since = (day - dict(RELEASES)[out[-1]]).days
        if rng.random() > min(0.92, 0.55 + 0.06 * since):
            return out[-2]
    return out[-1]


def fill(template: str, rng: random.Random, when: datetime, slot: str) -> str:
    """Replace the varying parts of a line; each placeholder gets its own value."""
    makers: dict[str, Callable[[], str]] = {
        "{pid}": lambda: str(rng.randint(900, 32000)),
        "{n}": lambda: str(rng.randint(10_000, 9_999_999)),
        "{n3}": lambda: str(rng.randint(2, 999)),
        "{n2}": lambda: str(rng.randint(10, 99)),
        "{n1}": lambda: str(rng.randint(1, 9)),
        "{hex4}": lambda: f"{rng.getrandbits(16):04x}",
        "{hex8}": lambda: f"{rng.getrandbits(32):08x}",
        "{hex12}": lambda: f"{rng.getrandbits(48):012x}",
        "{ts}": lambda: f"{when.timestamp() + rng.random():.4f}",
        "{slot}": lambda: slot,
    }
    out = template
    for key, make in makers.items():
        while key in out:
            out = out.replace(key, make(), 1)
    return out


def os_release(version: str) -> list[str]:
    commit = hashlib.sha256(f"commit-{version}".encode()).hexdigest()[:40]
    epoch = int(datetime.combine(dict(RELEASES)[version] - timedelta(days=3),
                                 datetime.min.time(), UTC).timestamp())
    return ['NAME="Tails"', 'ID="tails"', 'ID_LIKE="debian"', 'PRETTY_NAME="Tails"',
            f'VERSION="{version}"', 'HOME_URL="https://[URL REMOVED]"',
            'SUPPORT_URL="https://[URL REMOVED]"', 'BUG_REPORT_URL="https://[URL REMOVED]"',
            'TAILS_DISTRIBUTION="trixie"', f'TAILS_SOURCE_DATE_EPOCH="{epoch}"',
            f'TAILS_GIT_COMMIT="{commit}"', f'TAILS_GIT_TAG="{version}"']


def gpu_slot(profile: dict[str, Any]) -> str:
    for line in profile["lspci"]:
        if "[0300]" in line and "1002:" in line:
            return "0000:" + str(line).split()[0]
    return "0000:00:02.0"


def wrapped(text: str, wrap: bool) -> str:
    """An answer as WhisperBack writes it: each line wrapped at WRAP columns."""
    if not wrap:
        return text
    return "\n".join(textwrap.fill(line, WRAP) if line else "" for line in text.split("\n"))


def body(*, summary: str, detail: str, lang: str, version: str, profile: dict[str, Any],
         journal: list[str], lsusb: str, prefill: dict[str, str] | None, contact: str,
         boot_extra: str, when: datetime, rng: random.Random, goal: str = "",
         wrap: bool = False, debug: bool = True) -> str:
    """A decrypted WhisperBack report body (``goal`` defaults to the language's GOALS;
    ``debug`` False: the user left the debug information out, docs/whisperback.md §5)."""
    lines = [f"Subject: {summary}"]
    if contact:
        lines.append(f"From: {contact}")
    lines.append("Tails-Version: " + "\n".join(os_release(version)))
    if prefill:
        lines += [f"Bug-specific app: {prefill['app']}",
                  f"Bug-specific summary: {prefill['summary']}",
                  "Bug-specific details: " + fill(prefill["details"], rng, when, "")]
    lines += ["", "What were you trying to achieve?", "-" * 32, "",
              wrapped(goal or GOALS[lang], wrap), ""]
    if detail:
        lines += ["What happened instead?", "-" * 22, "", wrapped(detail, wrap), ""]
    lines += ["", "", ""]
    if not debug:
        return "\n".join(lines)
    cmdline = ("BOOT_IMAGE=/live/vmlinuz boot=live config live-media=removable nopersistence "
               "noprompt timezone=Etc/UTC splash noautologin module=Tails")
    cmdline += f" {boot_extra}" if boot_extra else " quiet"

    def section(key: str, content: list[str]) -> None:
        lines.extend([f"======= content of {key} =======", *content, ""])

    section("/proc/cmdline", [cmdline])
    section("/usr/sbin/dmidecode -s system-manufacturer", [profile["manufacturer"]])
    section("/usr/sbin/dmidecode -s system-product-name", [profile["product"]])
    section("/usr/sbin/dmidecode -s system-version", [profile.get("version") or "Not Specified"])
    section("/usr/bin/lspci -nn", list(profile["lspci"]))
    usb = ["Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub",
           "Bus 001 Device 002: ID 0781:5567 SanDisk Corp. Cruzer Blade"]
    if lsusb:
        usb.insert(1, lsusb)
    usb.append("Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub")
    section("/usr/bin/lsusb", usb)
    start = when - timedelta(minutes=rng.randint(3, 40))
    stamped = []
    for n, line in enumerate(journal):
        moment = start + timedelta(seconds=4 * n + rng.randint(0, 3))
        text = fill(line, rng, moment, gpu_slot(profile))
        stamped.append(f"{moment:%b %d %H:%M:%S} amnesia {text}")
    section("/bin/journalctl --catalog --no-pager", stamped)
    return "\n".join(lines)


def journal_for(problem_lines: list[str], hardware: str, rng: random.Random) -> list[str]:
    """Tails-wide lines, the machine's own firmware complaint, rarely a flaky USB port, and
    1-3 of the problem's own lines, in a plausible order."""
    own = rng.sample(problem_lines, k=min(len(problem_lines), rng.randint(1, 3))) \
        if problem_lines else []
    wide = [line for line in TAILS_WIDE if rng.random() < TAILS_WIDE_SHARE]
    machine = int(hashlib.sha256(hardware.encode()).hexdigest(), 16) % 3
    firmware = [MACHINE_LINES[machine]] if machine < len(MACHINE_LINES) else []
    rare = [RARE] if rng.random() < RARE_SHARE else []
    return [ALWAYS[0], *firmware, ALWAYS[1], *wide[:1], *rare, ALWAYS[2], *own, *wide[1:],
            ALWAYS[3]]


def pick_lang(say: dict[str, Any], rng: random.Random,
              weights: dict[str, int] = LANG_WEIGHTS) -> str:
    langs = [lang for lang in weights if lang in say]
    return rng.choices(langs, weights=[weights[lang] for lang in langs])[0]


def check_later_file(name: str, later: dict[str, Any], earlier: list[dict[str, Any]],
                      hardware: dict[str, dict[str, Any]]) -> None:
    """A problem file written after ``earlier``: its own known issues are new, a problem
    with an earlier file's issue keeps that file's problem id, an earlier problem id is
    only reused for the same known issue, and every machine it names exists."""
    known = {i["iid"] for data in earlier for i in data.get("issue", [])}
    mine = [i["iid"] for i in later.get("issue", [])]
    assert len(set(mine)) == len(mine) and not set(mine) & known, f"{name}: iid defined twice"
    known |= set(mine)
    old_issue = {p["id"]: p["issue"] for data in earlier for p in data["problem"]}
    for problem in later["problem"]:
        assert problem["issue"] == 0 or problem["issue"] in known, problem["id"]
        # An id of an earlier file is only reused for the same known issue.
        assert old_issue.get(problem["id"], problem["issue"]) == problem["issue"], problem["id"]
        assert not (problem["id"] in old_issue and problem["issue"] == 0), problem["id"]
        for machine in problem["hardware"]:
            assert machine == "generic" or machine in hardware, (problem["id"], machine)


def build() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The reports of every file (problems.toml's first, then the fresh part's, the sealed
    part's, the blind part's, the final part's and each later part's in LATER_PARTS'
    order) and the merged data: hardware of all files, the problems.toml data
    otherwise."""
    data = tomllib.loads((HERE / "problems.toml").read_text(encoding="utf-8"))
    fresh = tomllib.loads((HERE / "problems_fresh.toml").read_text(encoding="utf-8"))
    sealed = tomllib.loads((HERE / "problems_sealed.toml").read_text(encoding="utf-8"))
    blind = tomllib.loads((HERE / "problems_blind.toml").read_text(encoding="utf-8"))
    last_file = tomllib.loads((HERE / "problems_final.toml").read_text(encoding="utf-8"))
    clash = set(data["hardware"]) & set(fresh["hardware"])
    assert not clash, f"hardware defined in both files: {sorted(clash)}"
    hardware = {**data["hardware"], **fresh["hardware"]}
    clash = set(hardware) & set(sealed["hardware"])
    assert not clash, f"hardware of problems_sealed.toml defined before: {sorted(clash)}"
    # The sealed part's generic machines are for its own reports: the fresh part keeps
    # drawing from problems.toml's and its own.
    all_hardware = {**hardware, **sealed["hardware"]}
    check_later_file("problems_fresh.toml", fresh, [data], hardware)
    check_later_file("problems_sealed.toml", sealed, [data, fresh], all_hardware)
    clash = set(all_hardware) & set(blind["hardware"])
    assert not clash, f"hardware of problems_blind.toml defined before: {sorted(clash)}"
    # Likewise the blind part's generic machines are for its own reports only.
    blind_hardware = {**all_hardware, **blind["hardware"]}
    check_later_file("problems_blind.toml", blind, [data, fresh, sealed], blind_hardware)
    clash = set(blind_hardware) & set(last_file["hardware"])
    assert not clash, f"hardware of problems_final.toml defined before: {sorted(clash)}"
    # And the final part's generic machines are for its own reports only.
    final_hardware = {**blind_hardware, **last_file["hardware"]}
    check_later_file("problems_final.toml", last_file, [data, fresh, sealed, blind],
                     final_hardware)
    # Each later part's generic machines are for its own reports only; each is checked
    # against every file before it.
    earlier = [data, fresh, sealed, blind, last_file]
    part_hardware = final_hardware
    later_files: list[tuple[str, dict[str, Any], dict[str, dict[str, Any]], int,
                            dict[str, int]]] = []
    for name, seed, weights in LATER_PARTS:
        file = f"problems_{name}.toml"
        part = tomllib.loads((HERE / file).read_text(encoding="utf-8"))
        clash = set(part_hardware) & set(part["hardware"])
        assert not clash, f"hardware of {file} defined before: {sorted(clash)}"
        part_hardware = {**part_hardware, **part["hardware"]}
        check_later_file(file, part, earlier, part_hardware)
        earlier.append(part)
        later_files.append((name, part, part_hardware, seed, weights))
    old = generate(data, data["hardware"], random.Random(SEED), split=True,
                   weights=LANG_WEIGHTS, key="insight-{:03d}", wrap=False)
    new = generate(fresh, hardware, random.Random(FRESH_SEED), split=False,
                   weights=FRESH_LANG_WEIGHTS, key="insight-fresh-{:03d}", wrap=True)
    last = generate(sealed, all_hardware, random.Random(SEALED_SEED), split=False,
                    weights=SEALED_LANG_WEIGHTS, key="insight-sealed-{:03d}", wrap=True,
                    part="sealed")
    closed = generate(blind, blind_hardware, random.Random(BLIND_SEED), split=False,
                      weights=BLIND_LANG_WEIGHTS, key="insight-blind-{:03d}", wrap=True,
                      part="blind")
    final = generate(last_file, final_hardware, random.Random(FINAL_SEED), split=False,
                     weights=FINAL_LANG_WEIGHTS, key="insight-final-{:03d}", wrap=True,
                     part="final")
    # Appended last, each part with its own seed: the earlier parts' reports stay
    # byte-identical when a part is added.
    later = [generate(part, part_hardware, random.Random(seed), split=False, weights=weights,
                      key=f"insight-{name}-{{:03d}}", wrap=True, part=name)
             for name, part, part_hardware, seed, weights in later_files]
    return (old + new + last + closed + final + [r for reports in later for r in reports],
            {**data, "hardware": part_hardware})


def generate(data: dict[str, Any], hardware: dict[str, dict[str, Any]], rng: random.Random,
             *, split: bool, weights: dict[str, int], key: str,
             wrap: bool, part: str = "fresh") -> list[dict[str, Any]]:
    """The reports of one file's problems and noise. ``split``: whole weeks to "tune" or
    "heldout" (problems.toml), else every report to ``part`` ("fresh", "sealed", "blind",
    "final" or a name of LATER_PARTS)."""
    generic = sorted(name for name, hw in hardware.items() if hw.get("generic"))
    reports: list[dict[str, Any]] = []

    def when_in(week: int, earliest: date | None) -> datetime:
        first = week_start(week)
        if earliest is not None and earliest > first:
            first = earliest
        day = first + timedelta(days=rng.randint(0, (week_start(week) + timedelta(6) - first).days))
        return datetime(day.year, day.month, day.day, rng.randint(6, 23), rng.randint(0, 59),
                        rng.randint(0, 59), tzinfo=UTC)

    for index, problem in enumerate(data["problem"]):
        newest = problem.get("versions") == "new"
        groups: list[list[dict[str, Any]]] = []
        for week, count in enumerate(problem["weeks"]):
            group: list[dict[str, Any]] = []
            for _ in range(count):
                when = when_in(week, RELEASES[-1][1] if newest else None)
                lang = pick_lang(problem["say"], rng, weights)
                say = problem["say"][lang]
                summary = "" if rng.random() < EMPTY_SUMMARY else rng.choice(say["summary"])
                names = problem["hardware"]
                choices = generic if names == ["generic"] else names
                extra = rng.choice(problem.get("boot_extra", [""]))
                usb = problem.get("lsusb", [])
                lsusb = usb[(sum(map(len, groups)) + len(group)) % len(usb)] if usb else ""
                group.append({"problem": problem["id"], "issue": problem["issue"],
                              "when": when, "lang": lang, "summary": summary,
                              "detail": rng.choice(say["detail"]), "hardware": choices,
                              "version": release_of(when.date(), rng, newest),
                              "journal": problem["journal"],
                              "lsusb": lsusb, "prefill": problem.get("prefill"),
                              "boot_extra": extra,
                              "regression": bool(problem.get("regression")),
                              "debug": sum(map(len, groups)) + len(group)
                              not in problem.get("no_debug", [])})
                if "goal" in say:
                    group[-1]["goal"] = rng.choice(say["goal"])
            if group:
                groups.append(group)
        # Whole weeks go to one part, so a week's burst stays together; balance the sizes.
        sizes = {"tune": 0, "heldout": 0}
        for group in groups:
            if not split:
                to = part
            elif sizes["tune"] == sizes["heldout"]:
                to = "tune" if (index + len(group)) % 2 == 0 else "heldout"
            else:
                to = min(sizes, key=lambda p: sizes[p])
            if split:
                sizes[to] += len(group)
            for report in group:
                report["part"] = to
                reports.append(report)
    for n, noise in enumerate(data["noise"]):
        week = n % WEEKS
        when = when_in(week, None)
        reports.append({"problem": "noise", "issue": 0, "when": when, "lang": noise["lang"],
                        "summary": noise["summary"], "detail": noise["detail"],
                        "hardware": generic,
                        "version": release_of(when.date(), rng, False),
                        "journal": noise.get("journal", []),
                        "lsusb": "",
                        "prefill": None, "boot_extra": "", "regression": False,
                        "debug": bool(noise.get("debug", True)),
                        "part": ("tune" if n % 2 == 0 else "heldout") if split else part})
    reports.sort(key=lambda r: r["when"])
    # Machines in turn, in date order (generic ones across problems, a problem's own ones
    # within it): every machine shows up at an even pace, so none rises after a release
    # by chance.
    turns: Counter[tuple[str, ...]] = Counter()
    for report in reports:
        choices = tuple(report["hardware"])
        report["hardware"] = choices[turns[choices] % len(choices)]
        turns[choices] += 1
        report["journal"] = journal_for(report["journal"], report["hardware"], rng)
    for n, report in enumerate(reports, 1):
        report["key"] = key.format(n)
        report["id"] = f"{rng.getrandbits(128):032x}"
        report["week"] = week_of(report["when"].date())
        contact = ""
        if rng.random() < CONTACT:
            contact = f"{rng.choice(NAMES)}.{rng.randint(10, 999)}@example.org"
        report["body"] = body(summary=report["summary"], detail=report["detail"],
                              lang=report["lang"], version=report["version"],
                              profile=hardware[report["hardware"]], journal=report["journal"],
                              lsusb=report["lsusb"], prefill=report["prefill"],
                              contact=contact, boot_extra=report["boot_extra"],
                              when=report["when"], rng=rng, goal=report.get("goal", ""),
                              wrap=wrap, debug=report["debug"])
    return reports


def flag_weeks(reports: list[dict[str, Any]], part: str) -> dict[str, list[int]]:
    counts: Counter[tuple[str, int]] = Counter(
        (r["problem"], r["week"]) for r in reports
        if r["problem"] != "noise" and (part == "all" or r["part"] == part))
    out: dict[str, list[int]] = defaultdict(list)
    for (problem, week), count in sorted(counts.items()):
        if count >= 2:
            out[problem].append(week)
    return dict(sorted(out.items()))


def check_no_other_regression(reports: list[dict[str, Any]], data: dict[str, Any]) -> None:
    """No PCI or USB id other than the planted one appears on the newest release after it
    came out without appearing on older releases in the 4 weeks before it."""
    new_version, new_date = RELEASES[-1]
    hardware = data["hardware"]
    for part in ("all", *PARTS):
        new: Counter[str] = Counter()
        old: Counter[str] = Counter()
        for r in reports:
            if r["regression"] or (part != "all" and r["part"] != part):
                continue
            profile = hardware[r["hardware"]]
            ids = {line.rsplit("[", 1)[1].split("]")[0] for line in profile["lspci"]}
            ids.add(profile["product"])
            if r["lsusb"]:
                ids.add(r["lsusb"].split("ID ", 1)[1].split()[0])
            day = r["when"].date()
            if r["version"] == new_version and day >= new_date:
                new.update(ids)
            elif new_date - timedelta(days=28) <= day < new_date:
                old.update(ids)
        for hw_id, count in new.items():
            assert not (count >= 2 and old[hw_id] == 0), (part, hw_id, count)


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(reports: list[dict[str, Any]], data: dict[str, Any]) -> str:
    out = [
        "# Generated by tests/data/insight/build.py from problems.toml, problems_fresh.toml,",
        "# problems_sealed.toml, problems_blind.toml, problems_final.toml and one",
        "# problems_NAME.toml for each later part (LATER_PARTS): do not edit by hand.",
        "#",
        "# One [[report]] per WhisperBack report (the decrypted body in `body`), labelled:",
        "#   problem  the [[problem]] id of its problem file (a problem with the same known",
        "#            issue keeps its id in every file), or \"noise\" (a one-off)",
        "#   issue    the known issue's iid, 0 when the problem has none",
        "#   week     0 = 2026-10-06..12 (oldest) .. 7 = 2026-11-24..30",
        "#   part     \"tune\" (may be looked at while tuning), \"heldout\" (never tuned on, but",
        "#            looked at once), \"fresh\" (problems_fresh.toml, another author; never",
        "#            tuned on), \"sealed\" (problems_sealed.toml, a third author; never",
        "#            tuned on, measured once at the end), \"blind\" (problems_blind.toml,",
        "#            a fourth author; measured once at the end of session 5, then tuned on),",
        "#            \"final\" (problems_final.toml, a fifth author; never looked at,",
        "#            measured once: the final measurement of session 5), or a later part",
        "#            (problems_NAME.toml, each by another author; from \"eighth\" on an",
        "#            ordinary queue; never looked at before its one measurement), in order:",
        *textwrap.wrap(", ".join(name for name, _, _ in LATER_PARTS), width=88,
                       initial_indent="#            ", subsequent_indent="#            "),
        "#   regression  true for a planted hardware regression's reports (one per file)",
        "# [flags.<all or a part>]: per problem, the weeks with 2 or more of its reports.",
        "",
        f'today = "{TODAY.isoformat()}"',
        "releases = [" + ", ".join(f'["{v}", "{d.isoformat()}"]' for v, d in RELEASES) + "]",
        f"seed = {SEED}",
        f"fresh_seed = {FRESH_SEED}",
        f"sealed_seed = {SEALED_SEED}",
        f"blind_seed = {BLIND_SEED}",
        f"final_seed = {FINAL_SEED}",
        *(f"{name}_seed = {seed}" for name, seed, _ in LATER_PARTS),
        "",
    ]
    for part in ("all", *PARTS):
        out.append(f"[flags.{part}]")
        for problem, weeks in flag_weeks(reports, part).items():
            out.append(f"{toml_str(problem)} = {weeks}")
        out.append("")
    for r in reports:
        assert "'''" not in r["body"]
        out += [
            "[[report]]",
            f"key = {toml_str(r['key'])}",
            f"id = {toml_str(r['id'])}",
            f"problem = {toml_str(r['problem'])}",
            f"issue = {r['issue']}",
            f"week = {r['week']}",
            f"date = {toml_str(r['when'].strftime('%Y-%m-%dT%H:%M:%SZ'))}",
            f"version = {toml_str(r['version'])}",
            f"lang = {toml_str(r['lang'])}",
            f"part = {toml_str(r['part'])}",
            f"regression = {'true' if r['regression'] else 'false'}",
            f"hardware = {toml_str(r['hardware'])}",
            "body = '''",
            r["body"],
            "'''",
            "",
        ]
    return "\n".join(out)


BACKGROUND_SOURCE = HERE.parent / "matching" / "issues.json"
DUPLICATES = (13576, 19113, 19123, 19133, 19137, 20403, 20404, 20406)
"""Issues of the matching set that are another copy of one of this set's problems (their
own known issue, or the known issue of a problem this set says has none)."""


def write_background() -> int:
    """Copy the matching set's issues (real known issues and distractors) minus the
    duplicates: a tracker of realistic size, so scores weigh as they would in use."""
    objects = json.loads(BACKGROUND_SOURCE.read_text(encoding="utf-8"))
    kept = [o for o in objects if o["iid"] not in DUPLICATES]
    (HERE / "background_issues.json").write_text(
        json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(kept)


FIRST_FILES = ("problems.toml", "problems_fresh.toml", "problems_sealed.toml",
               "problems_blind.toml", "problems_final.toml")
PREFIX = re.compile(r"^[\w.@/-]+(?:\[[^\]]*\])?:\s+")
"""A journal line's program and pid ("kernel: ", "tor[{pid}]: ")."""
MASKED = re.compile(r"\{[a-z0-9]+\}|[0-9a-fx]*[0-9][0-9a-fx.:]*")
"""What differs between two copies of one error: placeholders, numbers, hex, addresses."""
QUOTE_AT_LEAST = 24
"""Characters of a masked message below which a match says nothing (": -110")."""


def masked(text: str) -> str:
    return " ".join(MASKED.sub("#", text.lower()).split())


def unfiled_quoted(files: list[tuple[str, dict[str, Any]]],
                   background: list[dict[str, Any]]) -> list[str]:
    """Warnings for a problem written as having no known issue (``issue = 0``) whose
    journal line a known issue quotes word for word, numbers aside. An author can miss
    the issue that already covers their problem (the sixteenth part's eject problem was
    #21454); some parts plant that case on purpose as a near miss, so it is said, not
    refused."""
    known = [(i["iid"], masked(f"{i['title']}\n{i.get('description') or ''}"))
             for i in [*background, *(i for _, data in files for i in data.get("issue", []))]]
    out = []
    for name, data in files:
        for problem in data["problem"]:
            if problem["issue"] != 0:
                continue
            for line in problem.get("journal", []):
                message = masked(PREFIX.sub("", line, count=1))
                if len(message) < QUOTE_AT_LEAST:
                    continue
                for iid, text in known:
                    if message in text:
                        out.append(f"warning: {name}: {problem['id']} has no known issue, but "
                                   f"#{iid} quotes its journal line {line!r}: a near miss on "
                                   f"purpose, or should it be issue = {iid}?")
    return out


def problem_files() -> list[tuple[str, dict[str, Any]]]:
    names = [*FIRST_FILES, *(f"problems_{name}.toml" for name, _, _ in LATER_PARTS)]
    return [(name, tomllib.loads((HERE / name).read_text(encoding="utf-8"))) for name in names]


def main() -> None:
    print(f"{write_background()} background issues")
    reports, data = build()
    background = json.loads((HERE / "background_issues.json").read_text(encoding="utf-8"))
    for warning in unfiled_quoted(problem_files(), background):
        print(warning)
    check_no_other_regression(reports, data)
    text = write(reports, data)
    tomllib.loads(text)
    (HERE / "reports.toml").write_text(text, encoding="utf-8")
    parts = Counter(r["part"] for r in reports)
    print(f"{len(reports)} reports ("
          + ", ".join(f"{parts[part]} {part}" for part in PARTS) + ")")
    print("languages:", dict(Counter(r["lang"] for r in reports).most_common()))
    print("versions:", dict(Counter(r["version"] for r in reports).most_common()))
    for part in PARTS:
        mine = [r for r in reports if r["part"] == part]
        print(f"{part}: languages", dict(Counter(r["lang"] for r in mine).most_common()),
              "versions", dict(Counter(r["version"] for r in mine).most_common()),
              "weeks", dict(sorted(Counter(r["week"] for r in mine).items())))
    for problem, count in Counter(r["problem"] for r in reports).items():
        split = Counter(r["part"] for r in reports if r["problem"] == problem)
        langs = sorted({r["lang"] for r in reports if r["problem"] == problem})
        print(f"  {problem:22} {count:3}  "
              + " ".join(f"{part} {split[part]:2}" for part in PARTS)
              + f"  {' '.join(langs)}")


if __name__ == "__main__":
    main()
