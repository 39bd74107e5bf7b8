#!/usr/bin/env python3
"""Regenerate hdtui/demo/ (demo Maildir, known issues, demo key) from demo/*.toml.

Usage: python demo/build.py

Stdlib + python-gnupg only. Rerunnable: hdtui/demo/maildir is removed and
rewritten; hdtui/demo/demo-key.asc is generated once and then reused. Message
file names, boundaries and Message-IDs are deterministic; the OpenPGP
ciphertexts are not (fresh session keys on every run).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import tomllib
import zlib
from email import policy
from email.message import EmailMessage
from email.mime.text import MIMEText
from pathlib import Path

import gnupg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "hdtui" / "demo"
MAILDIR = OUT / "maildir"
KEY_FILE = OUT / "demo-key.asc"
ISSUES_JSON = OUT / "known_issues.json"

DEMO_UID_REAL = "hdtui demo key"
DEMO_UID_COMMENT = "DEMO ONLY - not secret"
DEMO_UID_EMAIL = "helpdesk-demo@hdtui.invalid"

UTC = dt.UTC


# --------------------------------------------------------------------------
# Tails versions
# --------------------------------------------------------------------------

# version -> (build date YYYYMMDD, Debian codename, kernel release, kernel package version)
VERSIONS = {
    "5.14": ("20230612", "bullseye", "6.1.0-0.deb11.7-amd64", "6.1.20-2~bpo11+1 (2023-04-23)"),
    "5.19": ("20231030", "bullseye", "6.1.0-0.deb11.13-amd64", "6.1.55-1~bpo11+1 (2023-10-08)"),
    "6.10": ("20241210", "bookworm", "6.1.0-28-amd64", "6.1.119-1 (2024-11-22)"),
    "6.0": ("20240226", "bookworm", "6.1.0-18-amd64", "6.1.76-1 (2024-02-01)"),
    "6.2": ("20240418", "bookworm", "6.1.0-20-amd64", "6.1.85-1 (2024-04-11)"),
    "6.4": ("20240618", "bookworm", "6.1.0-21-amd64", "6.1.90-1 (2024-05-03)"),
    "6.9": ("20241029", "bookworm", "6.1.0-26-amd64", "6.1.112-1 (2024-09-30)"),
    "6.18": ("20250722", "bookworm", "6.1.0-37-amd64", "6.1.140-1 (2025-05-22)"),
    "7.0": ("20250916", "trixie", "6.12.43+deb13-amd64", "6.12.43-1 (2025-08-27)"),
    "7.1": ("20251014", "trixie", "6.12.48+deb13-amd64", "6.12.48-1 (2025-09-20)"),
    "7.2": ("20251111", "trixie", "6.12.57+deb13-amd64", "6.12.57-1 (2025-11-05)"),
    "7.3": ("20251209", "trixie", "6.12.57+deb13-amd64", "6.12.57-1 (2025-11-05)"),
    "7.4": ("20260113", "trixie", "6.12.63+deb13-amd64", "6.12.63-1 (2025-12-30)"),
    "7.5": ("20260226", "trixie", "6.12.69+deb13-amd64", "6.12.69-1 (2026-02-14)"),
    "7.6": ("20260324", "trixie", "6.12.73+deb13-amd64", "6.12.73-1 (2026-03-13)"),
    "7.6.1": ("20260407", "trixie", "6.12.74+deb13-amd64", "6.12.74-1 (2026-04-02)"),
    "7.6.2": ("20260421", "trixie", "6.12.74+deb13-amd64", "6.12.74-1 (2026-04-02)"),
    "7.7": ("20261110", "trixie", "6.12.79+deb13-amd64", "6.12.79-1 (2026-10-30)"),
}
# The 7.5 epoch is an invented one, in the format of docs/whisperback.md §5.
EPOCH_OVERRIDE = {"7.5": 1772064000}


def vtuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def major(v: str) -> int:
    return vtuple(v)[0]


def fake_hex(seed: str, n: int = 40) -> str:
    out = ""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()
        i += 1
    return out[:n]


def version_epoch(v: str) -> int:
    if v in EPOCH_OVERRIDE:
        return EPOCH_OVERRIDE[v]
    d = dt.datetime.strptime(VERSIONS[v][0], "%Y%m%d").replace(tzinfo=UTC)
    return int(d.timestamp())


def os_release_lines(v: str) -> list[str]:
    """/etc/os-release of Tails v (6.0+ form), before sanitisation."""
    if major(v) >= 6:
        return [
            'NAME="Tails"',
            'ID="tails"',
            'ID_LIKE="debian"',
            'PRETTY_NAME="Tails"',
            f'VERSION="{v}"',
            'HOME_URL="https://tails.net/"',
            'SUPPORT_URL="https://tails.net/support/"',
            'BUG_REPORT_URL="https://tails.net/doc/first_steps/whisperback/"',
            f'TAILS_DISTRIBUTION="{VERSIONS[v][1]}"',
            f'TAILS_SOURCE_DATE_EPOCH="{version_epoch(v)}"',
            f'TAILS_GIT_COMMIT="{fake_hex("commit-" + v)}"',
            f'TAILS_GIT_TAG="{v}"',
        ]
    # 5.x: Debian's os-release with Tails' own lines appended
    return [
        'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"',
        'NAME="Debian GNU/Linux"',
        'VERSION_ID="11"',
        'VERSION="11 (bullseye)"',
        "VERSION_CODENAME=bullseye",
        "ID=debian",
        'HOME_URL="https://www.debian.org/"',
        'SUPPORT_URL="https://www.debian.org/support"',
        'BUG_REPORT_URL="https://bugs.debian.org/"',
        'TAILS_PRODUCT_NAME="Tails"',
        f'TAILS_VERSION_ID="{v}"',
    ]


def tails_version_block(v: str) -> str:
    if major(v) >= 6:
        return "Tails-Version: " + "\n".join(os_release_lines(v))
    return (
        f"Tails-Version: {v} - {VERSIONS[v][0]}\n"
        f"{fake_hex('commit-' + v)}\n"
        "live-boot: 1:20221008~fsprotect1\n"
        "live-config: 11.0.3+deb11u1"
    )


# --------------------------------------------------------------------------
# WhisperBack behaviour (re-implemented from its documented behaviour)
# --------------------------------------------------------------------------


def sanitize(s: str) -> str:
    """Same placeholders as WhisperBack's sanitize_hardware_info."""
    s = re.sub(r"(DMI:)\s.*", r"\1[DMI REMOVED]", s)
    s = re.sub(
        r"(Serial Number:?\s+|SerialNumber:\s+|SerialNumber=|iSerial\s+\d+\s+)\S.*",
        r"\1[SN REMOVED]",
        s,
    )
    s = re.sub(r"(UUID:\s+)\S.+", r"\1[UUID REMOVED]", s)
    s = re.sub(
        r"\b((25[0-5]|(2[0-4]|1?[0-9])?[0-9])\.){3}(25[0-5]|(2[0-4]|1?[0-9])?[0-9])\b",
        "[IPV4 REMOVED]",
        s,
    )
    s = re.sub(r"(?i)\b([0-9a-f]{2}:){5,}[0-9a-f]{2}\b", "[MAC REMOVED]", s)
    s = re.sub(r"(https?://)[^\s\"']+", r"\1[URL REMOVED]", s)
    s = re.sub(
        r"(SSID=|connection |access point |'ssid' value |network |ssid=)(['\"])[^'\"]+(['\"])",
        r"\1\2[ESSID REMOVED]\3",
        s,
    )
    return s


def wrap_text(text: str) -> str:
    wrapper = textwrap.TextWrapper()  # width 70, like WhisperBack
    return "\n".join(wrapper.fill(line) for line in text.split("\n"))


TITLES = [
    "What were you trying to achieve?",
    "What happened instead?",
    "What did you do that triggered this error?",
]

OLD_HEADINGS = {
    "en": [
        "Name of the affected software",
        "Exact steps to reproduce the error",
        "Actual result and description of the error",
        "Desired result",
    ],
    "fr": [
        "Nom du logiciel concerné",
        "Étapes exactes pour reproduire l'erreur",
        "Résultat obtenu et description de l'erreur",
        "Résultat souhaité",
    ],
    "es": [
        "Nombre del software afectado",
        "Pasos exactos para reproducir el error",
        "Resultado actual y descripción del error",
        "Resultado deseado",
    ],
    "de": [
        "Name der betroffenen Software",
        "Genaue Schritte, um den Fehler zu reproduzieren",
        "Tatsächliches Ergebnis und Beschreibung des Fehlers",
        "Erwünschtes Ergebnis",
    ],
}


def clean(s: str | None) -> str:
    return (s or "").strip("\n")


def new_style_message(r: dict) -> str:
    text = ""
    for title, key in zip(TITLES, ("goal", "problem", "steps"), strict=True):
        part = clean(r.get(key))
        if part:
            text += title + "\n" + "-" * len(title) + "\n\n" + part + "\n\n"
    text += "\n\n\n"
    return wrap_text(text)


def old_style_message(r: dict) -> str:
    heads = OLD_HEADINGS[r.get("lang", "en")]
    text = ""
    for head, key in zip(heads, ("software", "reproduce", "actual", "desired"), strict=True):
        part = clean(r.get(key))
        text += head + "\n" + "-" * len(head) + "\n" + part + "\n\n\n"
    return wrap_text(text)


def render_items(items: list, prefix: str = "") -> str:
    """WhisperBack's __get_debug_info over [(key, content)]."""
    out = ""
    for key, content in items:
        if prefix:
            out += f"\n{prefix} === content of {key} ===\n"
        else:
            out += f"\n======= content of {key} =======\n"
        if isinstance(content, list):
            for line in content:
                if isinstance(line, tuple):
                    out += render_items([line], prefix + "> ")
                else:
                    out += re.sub(r"^--\s*", "", f"{prefix}{sanitize(line)}\n")
        else:
            out += f"{prefix}{sanitize(content)}\n"
    return out


def lines(s: str | None) -> list[str]:
    return [x for x in (s or "").strip("\n").split("\n")] if (s or "").strip() else []


BASE_CMDLINE_7 = (
    "BOOT_IMAGE=/live/vmlinuz initrd=/live/initrd.img boot=live config "
    "live-media=removable nopersistence noprompt timezone=Etc/UTC splash "
    "noautologin module=Tails slab_nomerge slub_debug=FZ mce=0 vsyscall=none "
    "init_on_free=1 mds=full,nosmt page_alloc.shuffle=1 randomize_kstack_offset=on "
    "spectre_v2=on spec_store_bypass_disable=on l1tf=full,force quiet"
)
BASE_CMDLINE_5 = (
    "BOOT_IMAGE=/live/vmlinuz initrd=/live/initrd.img boot=live config "
    "live-media=removable nopersistence noprompt timezone=Etc/UTC splash "
    "noautologin module=Tails slab_nomerge slub_debug=FZP mce=0 vsyscall=none "
    "page_poison=1 init_on_free=1 mds=full,nosmt quiet"
)


def cmdline_for(r: dict) -> str:
    if "cmdline" in r:
        return r["cmdline"]
    base = BASE_CMDLINE_5 if major(r["version"]) < 6 else BASE_CMDLINE_7
    extra = r.get("cmdline_extra", "")
    return f"{base} {extra}" if extra else base


def free_output(mem_mb: int, seed: str) -> list[str]:
    h = int(fake_hex(seed, 8), 16)
    used = int(mem_mb * (0.18 + (h % 15) / 100))
    shared = 200 + h % 400
    buffers = 30 + h % 60
    cache = int(mem_mb * 0.12) + h % 300
    free = mem_mb - used - buffers - cache
    avail = free + cache - shared // 2
    row = "{:<8}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}"
    return [
        "               total        used        free      shared     buffers       cache   available",
        row.format("Mem:", mem_mb, used, free, shared, buffers, cache, avail),
        "{:<8}{:>12}{:>12}{:>12}".format("Swap:", 0, 0, 0),
    ]


def lscpu_output(hw: dict) -> list[str]:
    cpus = hw.get("cpus", 4)
    tpc = hw.get("threads_per_core", 2 if cpus > 2 else 1)
    vendor = hw.get("vendor", "GenuineIntel")
    out = [
        "Architecture:                         x86_64",
        "CPU op-mode(s):                       32-bit, 64-bit",
        "Address sizes:                        39 bits physical, 48 bits virtual",
        "Byte Order:                           Little Endian",
        f"CPU(s):                               {cpus}",
        f"On-line CPU(s) list:                  0-{cpus - 1}",
        f"Vendor ID:                            {vendor}",
        f"Model name:                           {hw['cpu']}",
        f"Thread(s) per core:                   {tpc}",
        f"Core(s) per socket:                   {cpus // tpc}",
        "Socket(s):                            1",
    ]
    if "hypervisor" in hw:
        out.append(f"Hypervisor vendor:                    {hw['hypervisor']}")
        out.append("Virtualization type:                  full")
    else:
        out.append(
            "Virtualization:                       "
            + ("AMD-V" if vendor == "AuthenticAMD" else "VT-x")
        )
    return out


def block_device_info(hw: dict, r: dict) -> list[str]:
    size = hw.get("stick_size", "14.3G")
    total = float(size.rstrip("G"))
    children = [
        {
            "name": "sdb1",
            "size": "8G",
            "type": "part",
            "fstype": "vfat",
            "label": "Tails",
            "partlabel": "Tails",
        }
    ]
    if r.get("has_persistence", True):
        children.append(
            {
                "name": "sdb2",
                "size": f"{total - 8:.1f}G",
                "type": "part",
                "fstype": "crypto_LUKS",
                "label": None,
                "partlabel": "TailsData",
            }
        )
    dev = {
        "name": "sdb",
        "size": size,
        "type": "disk",
        "vendor": hw.get("stick_vendor", "Generic") + " ",
        "model": hw.get("stick_model", "Flash Disk"),
        "rm": hw.get("stick_removable", True),
        "tran": "usb",
        "children": children,
    }
    return json.dumps({"blockdevices": [dev]}, indent=3).split("\n")


PERSISTENCE_CONF = [
    "/home/amnesia/Persistent\tsource=Persistent",
    "/home/amnesia/.gnupg\tsource=gnupg",
    "/home/amnesia/.thunderbird\tsource=thunderbird",
    "/etc/NetworkManager/system-connections\tsource=nm-system-connections",
    "/var/cache/apt/archives\tsource=apt/cache",
    "/var/lib/apt/lists\tsource=apt/lists",
    "/home/amnesia/.local/share/tor-browser/bookmarks\tsource=bookmarks",
]


def debug_items(r: dict, hw: dict, t_end: dt.datetime) -> list:
    v = r["version"]
    unlocked = r.get("unlocked", r.get("has_persistence", True))
    items: list = [
        ("/proc/cmdline", [cmdline_for(r)]),
        ("/usr/sbin/dmidecode -s system-manufacturer", [hw["manufacturer"]]),
        ("/usr/sbin/dmidecode -s system-product-name", [hw["product"]]),
        ("/usr/sbin/dmidecode -s system-version", [hw.get("version", "")]),
        ("/usr/bin/lspci -nn", lines(hw["lspci"])),
        ("/usr/bin/free --mega --wide", free_output(hw["mem_mb"], r["id"])),
        ("/usr/bin/lscpu", lscpu_output(hw)),
        ("/usr/local/sbin/tails-block-device-info", block_device_info(hw, r)),
        ("/usr/bin/lsusb", lines(hw["lsusb"])),
    ]
    base = "/live/persistence/TailsData_unlocked"
    items.append(
        (
            f"{base}/persistence.conf",
            (r.get("persistence_conf") and lines(r["persistence_conf"]))
            or (PERSISTENCE_CONF if unlocked else ["Not found"]),
        )
    )
    items.append(
        (
            f"{base}/live-additional-software.conf",
            lines(r.get("additional_software")) or ["Not found"],
        )
    )
    items.append((f"{base}/apt-sources.list.d", ["Not found"]))
    installed = r.get("installed", v)
    items.append(
        ("/lib/live/mount/rootfs/filesystem.squashfs/etc/os-release", os_release_lines(installed))
    )
    if major(v) >= 6:
        prof = "/run/tails-persistent-storage/profiles"
        content: list = []
        if unlocked:
            h = int(fake_hex(r["id"] + "prof", 4), 16)
            content = [
                (f"{prof}/unlock", [f"duration={2 + h % 60 / 10:.1f}"]),
                (f"{prof}/activate_features", [f"duration={0.5 + h % 17 / 10:.1f}"]),
            ]
        items.append((prof, content))
        items.append(
            (
                "/var/lib/tca/tca.conf",
                [
                    r.get(
                        "tca_conf",
                        '{"ui": {"hide": {"bridge": true, "excludeSystemTrayIcon": false}}, "mode": "easy"}',
                    )
                ],
            )
        )
    items.append(("/bin/journalctl --catalog --no-pager", journal(r, hw, t_end)))
    return items


def journal(r: dict, hw: dict, t_end: dt.datetime) -> list[str]:
    v = r["version"]
    _, codename, kver, kdeb = VERSIONS[v]
    sysd = {
        "bullseye": "247.3-7+deb11u4",
        "bookworm": "252.30-1~deb12u2",
        "trixie": "257.9-1~deb13u1",
    }[codename]
    nmv = {"bullseye": "1.30.6", "bookworm": "1.42.4", "trixie": "1.52.1"}[codename]
    gcc = {
        "bullseye": "gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2",
        "bookworm": "x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40",
        "trixie": "x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0, GNU ld (GNU Binutils for Debian) 2.44",
    }[codename]
    uptime = r.get("uptime_min", 18)
    t0 = t_end - dt.timedelta(minutes=uptime)
    boot = [
        f"kernel: Linux version {kver} (debian-kernel@lists.debian.org) ({gcc}) #1 SMP PREEMPT_DYNAMIC Debian {kdeb}",
        f"kernel: Command line: {cmdline_for(r)}",
        f"kernel: DMI: {hw['manufacturer']} {hw['product']}, BIOS 1.{len(hw['product']) % 9}.0 03/12/2021",
        f"kernel: Memory: {hw['mem_mb'] * 1000 - 412000}K/{hw['mem_mb'] * 1024}K available",
        "kernel: usb 1-2: New USB device found, idVendor=0781, idProduct=5567, bcdDevice= 1.00",
        f"kernel: usb 1-2: SerialNumber: {fake_hex(r['id'] + 'sn', 20).upper()}",
        "kernel: sd 0:0:0:0: [sdb] Attached SCSI removable disk",
        f"systemd[1]: systemd {sysd} running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)",
        "systemd[1]: Hostname set to <amnesia>.",
    ]
    boot += lines(hw.get("journal"))
    boot += [
        "systemd[1]: Started gdm.service - GNOME Display Manager.",
        f"NetworkManager[1102]: <info>  [TS] NetworkManager (version {nmv}) is starting... (boot:{fake_hex(r['id'] + 'boot', 8)}-{fake_hex(r['id'], 4)})",
        "NetworkManager[1102]: <info>  [TS] Read config: /etc/NetworkManager/NetworkManager.conf (etc: spoof-mac.conf)",
    ]
    # A Wi-Fi chip no driver of Tails binds (a Broadcom that needs `wl`) has no device:
    # hardware.toml says so with an empty `wifi_device`.
    if hw.get("wifi_device", "wlan0"):
        boot.append(
            f"NetworkManager[1102]: <info>  [TS] device ({hw.get('wifi_device', 'wlan0')}): set-hw-addr: set MAC address to {fake_hex(r['id'] + 'mac', 12)[:2]}:{':'.join(fake_hex(r['id'] + 'mac', 12)[i : i + 2] for i in range(2, 12, 2))} (scanning)"
        )
    boot.append("tails-greeter[1305]: Welcome Screen started")
    if r.get("unlocked", r.get("has_persistence", True)) and major(v) >= 6:
        boot += [
            "tps[1410]: Unlocking Persistent Storage on /dev/sdb2",
            "tps[1410]: Persistent Storage unlocked",
        ]
    later = lines(r.get("journal"))
    if not r.get("journal_no_tor"):
        later += ["tor[2214]: Bootstrapped 100% (done): Done"] if r.get("tor_ok", True) else []
    later += [f"whisperback[{3100 + int(fake_hex(r['id'], 2), 16)}]: WhisperBack started"]
    out = [
        f"-- Journal begins at {(t0 - dt.timedelta(seconds=5)).strftime('%a %Y-%m-%d %H:%M:%S UTC')}, "
        f"ends at {t_end.strftime('%a %Y-%m-%d %H:%M:%S UTC')}. --"
    ]
    t = t0
    for i, line in enumerate(boot):
        t = t0 + dt.timedelta(seconds=i * 0.7)
        out.append(_jline(t, line))
    span = max((t_end - t).total_seconds() - 30, 60)
    for i, line in enumerate(later):
        tt = t + dt.timedelta(seconds=20 + span * (i / max(len(later), 1)))
        out.append(_jline(tt, line))
    return out


def _jline(t: dt.datetime, line: str) -> str:
    line = line.replace("[TS]", f"[{t.timestamp():.4f}]")
    return f"{t.strftime('%b %d %H:%M:%S')} amnesia {line}"


def report_body(r: dict, hw: dict | None, t_end: dt.datetime) -> str:
    flags = set(r.get("flags", []))
    body = "Subject: %s\n" % r.get("summary", "")
    if r.get("contact"):
        body += "From: %s\n" % r["contact"]
    key_block = r.get("key_block")
    if key_block:
        body += "OpenPGP-Key: included below\n"
    elif r.get("openpgp_key"):
        body += "OpenPGP-Key: %s\n" % r["openpgp_key"]
    prepended = ""
    if "no_debug" not in flags and "no_version" not in flags:
        prepended = sanitize(tails_version_block(r["version"]))
    prefill = ""
    if r.get("prefill_summary") or r.get("prefill_app"):
        prefill = (
            f"Bug-specific app: {r.get('prefill_app', '')}\n"
            f"Bug-specific summary: {r.get('prefill_summary', '')}\n"
            f"Bug-specific details: {clean(r.get('prefill_details'))}\n"
        )
    old = r.get("style") == "old" or (r.get("version") and vtuple(r["version"]) < (5, 20))
    message = old_style_message(r) if old else new_style_message(r)
    body += f"{prepended.rstrip()}\n{prefill}\n" + ("\n" if old else "") + f"{message}\n\n"
    if key_block:
        body += "%s\n\n" % clean(key_block)
    appended = (
        "" if ("no_debug" in flags or hw is None) else render_items(debug_items(r, hw, t_end))
    )
    body += "%s\n" % appended
    return body


# --------------------------------------------------------------------------
# Wire format
# --------------------------------------------------------------------------


def py_boundary(seed: str) -> str:
    return "=" * 15 + str(int(fake_hex("b" + seed, 16), 16) % 10**19) + "=="


def rfc_date(t: dt.datetime) -> str:
    return email.utils.format_datetime(t)


def queue_id(seed: str) -> str:
    return fake_hex("q" + seed, 10).upper()


def report_msgid(r: dict) -> str:
    t = parse_time(r["received"])
    return f"<{t.strftime('%Y%m%d%H%M%S')}.{queue_id(r['id'])}@mx.example.org>"


def parse_time(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(UTC)


def received_headers(r: dict, to: str, t: dt.datetime) -> str:
    relay = (
        "whisperback.tails.net"
        if major(r.get("version") or "7.6") >= 7
        else "wb2x7kq4zfh3vyo5b6nf3q4jv6i5lhyqx3nkgxbb3dyzx4zsiue4vqid.onion"
    )
    hops = []
    if "schleuder" in r.get("flags", []):
        t2 = t - dt.timedelta(seconds=3)
        hops.append(
            f"Received: from schleuder.example.net (schleuder.example.net [192.0.2.44])\n"
            f"\tby mx.example.org (Postfix) with ESMTPS id {queue_id(r['id'] + 's')}\n"
            f"\tfor <{to}>; {rfc_date(t)} (UTC)"
        )
        t = t2
    h = int(fake_hex(r["id"] + "hops", 2), 16)
    if h % 3 == 0:
        t1 = t - dt.timedelta(seconds=1 + h % 5)
        hops.append(
            f"Received: from mx.example.org (mx.example.org [198.51.100.25])\n"
            f"\tby imap.example.org (Postfix) with ESMTPS id {queue_id(r['id'] + 'i')}\n"
            f"\tfor <{to}>; {rfc_date(t)} (UTC)"
        )
        t = t1
    hops.append(
        f"Received: from {relay} (localhost [127.0.0.1])\n"
        f"\tby mx.example.org (Postfix) with ESMTP id {queue_id(r['id'])}\n"
        f"\tfor <{to}>; {rfc_date(t)} (UTC)"
    )
    return "\n".join(hops) + "\n"


def wire_report(r: dict, armored: str, t: dt.datetime) -> str:
    v = r.get("version") or "7.6"
    to = r.get("to") or ("support@tails.net" if major(v) >= 7 else "tails-bugs@boum.org")
    b = py_boundary(r["id"])
    flags = set(r.get("flags", []))
    extra = ""
    if "schleuder" in flags:
        extra += "List-Id: <tails-bugs.boum.org>\n"
    h = int(fake_hex(r["id"] + "date", 2), 16)
    if "date_header" in flags or h % 3 == 0:
        extra += f"Date: {rfc_date(t)} (UTC)\n"
    if "no_message_id" not in flags:
        extra += f"Message-ID: {report_msgid(r)}\n"
    return (
        received_headers(r, to, t)
        + f'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="{b}"\n'
        "MIME-Version: 1.0\n"
        "Content-Disposition: inline\n"
        f"Subject: Bug report: {r['id']}\n"
        "From: devnull@tails.boum.org\n"
        f"To: {to}\n" + extra + "\n"
        f"--{b}\n"
        "MIME-Version: 1.0\n"
        "Content-Transfer-Encoding: 7bit\n"
        'Content-Type: application/pgp-encrypted; charset="us-ascii"\n'
        "\n"
        "Version: 1\n"
        "\n"
        f"--{b}\n"
        "MIME-Version: 1.0\n"
        "Content-Transfer-Encoding: 7bit\n"
        "Content-Description: OpenPGP encrypted message\n"
        'Content-Type: application/octet-stream; name="encrypted.asc"; charset="us-ascii"\n'
        "\n"
        f"{armored.rstrip()}\n"
        "\n"
        f"--{b}--\n"
    )


def schleuder_wrap(r: dict, inner: str, t: dt.datetime) -> str:
    b = (
        "--==_mimepart_"
        + fake_hex(r["id"] + "sch", 13)
        + "_"
        + fake_hex(r["id"] + "sch2", 6)
        + "26e"
    )
    return (
        f'Content-Type: multipart/mixed; boundary="{b}";\n charset=UTF-8\n'
        "Content-Transfer-Encoding: 7bit\n\n"
        f"--{b}\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 7bit\n\n"
        "From: devnull@tails.boum.org\n"
        "To: tails-bugs@boum.org\n"
        f"Date: {rfc_date(t)}\n"
        "Enc: Encrypted\n"
        "Sig: Unsigned\n\n"
        f"--{b}\n"
        f"{inner.rstrip()}\n"
        f"--{b}--\n"
    )


def corrupt(armored: str) -> str:
    """Damage the base64 body of an armoured message (keeps the armour lines):
    a few mangled characters, a truncated line and two lost lines, as a
    broken copy-paste or a bad relay would leave it."""
    out = armored.rstrip().split("\n")
    body_start = out.index("") + 1
    for j, i in enumerate(range(body_start + 2, min(body_start + 6, len(out) - 2))):
        s = out[i]
        k = 7 + 11 * j
        out[i] = s[:k] + "*~!%"[j % 4] * 3 + s[k + 3 :]
    out[body_start + 6] = out[body_start + 6][:23]
    del out[body_start + 8 : body_start + 10]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Plain mail
# --------------------------------------------------------------------------


def tiny_png() -> bytes:
    """A 32x20 RGB PNG: a grey 'dialog' with a red bar, made by hand."""
    w, hgt = 32, 20
    rows = b""
    for y in range(hgt):
        row = b"\x00"
        for x in range(w):
            if y < 4:
                px = (200, 40, 40)
            elif 6 <= y <= 8 and 4 <= x <= 27:
                px = (30, 30, 30)
            elif 14 <= y <= 17 and 20 <= x <= 29:
                px = (80, 120, 200)
            else:
                px = (235, 235, 235)
            row += bytes(px)
        rows += row

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, hgt, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def build_latin1_mail(m: dict) -> str:
    """An older MUA: iso-8859-1 everywhere, quoted-printable body, encoded-word headers."""
    from email.header import Header

    t = parse_time(m["date"])
    msg = MIMEText(clean(m["body"]) + "\n", "plain", "iso-8859-1")  # QP for latin-1
    name, addr = email.utils.parseaddr(m["from"])
    msg["From"] = email.utils.formataddr((name, addr), charset="iso-8859-1")
    msg["To"] = m["to"]
    msg["Subject"] = Header(m["subject"], "iso-8859-1")
    msg["Date"] = rfc_date(t)
    msg["Message-ID"] = m.get("message_id") or f"<{fake_hex(m['key'], 24)}@{addr.split('@')[-1]}>"
    msg["User-Agent"] = "Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101 Thunderbird/52.9.1"
    return msg.as_string()


def build_mail(m: dict, reports_by_id: dict) -> str:
    if m.get("charset") == "iso-8859-1":
        return build_latin1_mail(m)
    t = parse_time(m["date"])
    msg = EmailMessage(policy=policy.default)
    if m.get("received"):
        msg["Received"] = m["received"]
    msg["From"] = m["from"]
    msg["To"] = m["to"]
    if m.get("cc"):
        msg["Cc"] = m["cc"]
    msg["Subject"] = m["subject"]
    msg["Date"] = rfc_date(t)
    msg["Message-ID"] = (
        m.get("message_id") or f"<{fake_hex(m['key'], 24)}@{m['from'].split('@')[-1].rstrip('>')}>"
    )
    irt = m.get("in_reply_to")
    if m.get("in_reply_to_report"):
        irt = report_msgid(reports_by_id[m["in_reply_to_report"]])
    if irt:
        msg["In-Reply-To"] = irt
        refs = list(m.get("references_extra", []))
        if m.get("references_report"):
            refs.append(report_msgid(reports_by_id[m["references_report"]]))
        msg["References"] = " ".join([*refs, irt])
    for k, val in m.get("headers", {}).items():
        msg[k] = val
    body = clean(m["body"]) + "\n"
    try:
        body.encode("ascii")
        msg.set_content(body, charset="us-ascii", cte="7bit")
    except UnicodeEncodeError:
        msg.set_content(body, charset="utf-8", cte=m.get("cte", "8bit"))
    if m.get("attach_png"):
        msg.add_attachment(tiny_png(), maintype="image", subtype="png", filename=m["attach_png"])
    if m.get("attach_message"):
        am = m["attach_message"]
        inner = EmailMessage(policy=policy.default)
        for hk in ("From", "To", "Subject"):
            inner[hk] = am[hk.lower()]
        inner["Date"] = rfc_date(parse_time(am["date"]))
        inner["Message-ID"] = (
            f"<{fake_hex(m['key'] + 'inner', 20)}@{am['from'].split('@')[-1].rstrip('>')}>"
        )
        inner.set_content(clean(am["body"]) + "\n")
        msg.add_attachment(inner)
        if am.get("confirm"):
            conf = EmailMessage(policy=policy.default)
            conf["Subject"] = "confirm " + fake_hex(m["key"] + "confirm", 40)
            conf["From"] = m["from"].replace("-owner@", "-request@")
            conf.set_content(
                "If you reply to this message, keeping the Subject: header intact,\n"
                "Mailman will discard the held message.  Do this if the message is\n"
                "spam.  If you reply to this message and include an Approved: header\n"
                "with the list password in it, the message will be approved for\n"
                "posting to the list.  The Approved: header can also appear in the\n"
                "first line of the body of the reply.\n"
            )
            msg.add_attachment(conf)
    if msg.is_multipart():
        msg.set_boundary(py_boundary(m["key"]))
    return msg.as_string(policy=policy.default.clone(linesep="\n"))


# --------------------------------------------------------------------------
# GnuPG
# --------------------------------------------------------------------------


def ensure_demo_key(g: gnupg.GPG) -> str:
    if not KEY_FILE.exists():
        inp = g.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            key_usage="sign,cert",
            subkey_type="ECDH",
            subkey_curve="cv25519",
            subkey_usage="encrypt",
            name_real=DEMO_UID_REAL,
            name_comment=DEMO_UID_COMMENT,
            name_email=DEMO_UID_EMAIL,
            expire_date="0",
            no_protection=True,
        )
        k = g.gen_key(inp)
        if not k.fingerprint:
            sys.exit(f"key generation failed: {k.stderr}")
        sec = g.export_keys(k.fingerprint, secret=True, expect_passphrase=False)
        pub = g.export_keys(k.fingerprint)
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_text(sec.rstrip() + "\n" + pub.rstrip() + "\n")
        print(f"generated {KEY_FILE.relative_to(ROOT)} ({k.fingerprint})")
    res = g.import_keys(KEY_FILE.read_text())
    fprs = sorted(set(res.fingerprints))
    if len(fprs) != 1:
        sys.exit(f"expected one key in {KEY_FILE}, got {fprs}")
    return fprs[0]


def throwaway_key(g: gnupg.GPG) -> str:
    k = g.gen_key(
        g.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            subkey_type="ECDH",
            subkey_curve="cv25519",
            name_real="Tails user support (old key)",
            name_email="throwaway@tails.invalid",
            expire_date="1d",
            no_protection=True,
        )
    )
    return k.fingerprint


def encrypt(g: gnupg.GPG, data: str, fpr: str) -> str:
    enc = g.encrypt(data, fpr, armor=True, always_trust=True)
    if not enc.ok:
        sys.exit(f"encryption failed: {enc.status} {enc.stderr}")
    return str(enc)


# --------------------------------------------------------------------------
# Known issues
# --------------------------------------------------------------------------


def build_issues(src: dict) -> list[dict]:
    authors = {a["username"]: a for a in src["author"]}
    out = []
    for it in src["issue"]:
        a = authors[it.get("author", "hd-rowan")]
        created = it["created_at"]
        out.append(
            {
                "id": 100000 + it["iid"],
                "iid": it["iid"],
                "project_id": 2,
                "title": it["title"],
                "description": clean(it.get("description")) + "\n",
                "state": it.get("state", "opened"),
                "created_at": created,
                "updated_at": it.get("updated_at", created),
                "closed_at": it.get("closed_at") if it.get("state") == "closed" else None,
                "labels": it.get("labels", []),
                "author": {
                    "id": a["id"],
                    "username": a["username"],
                    "name": a["name"],
                    "state": "active",
                    "web_url": f"https://gitlab.tails.boum.org/{a['username']}",
                },
                "assignees": [],
                "web_url": f"https://gitlab.tails.boum.org/tails/tails/-/issues/{it['iid']}",
            }
        )
    out.sort(key=lambda i: i["iid"])
    return out


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def load_reports() -> list[dict]:
    reports = tomllib.loads((HERE / "reports.toml").read_text())["report"]
    rdir = HERE / "reports"
    if rdir.is_dir():
        for p in sorted(rdir.glob("*.toml")):
            reports += tomllib.loads(p.read_text())["report"]
    return reports


def main() -> None:
    import argparse

    # Arguments are checked before anything is read or written: `build.py --help` rebuilt
    # the whole demo, renaming a hundred files of the checkout (session 25).
    argparse.ArgumentParser(
        description="Regenerate hdtui/demo/ (the demo Maildir, its known issues and, when "
        "missing, its key) from demo/*.toml: hdtui/demo/maildir is removed and rewritten "
        "(see demo/README.md). Takes no arguments.").parse_args()
    hardware = tomllib.loads((HERE / "hardware.toml").read_text())
    reports = load_reports()
    mails = tomllib.loads((HERE / "mails.toml").read_text())["mail"]
    issues = tomllib.loads((HERE / "issues.toml").read_text())

    ids = [r["id"] for r in reports]
    assert len(set(ids)) == len(ids), "duplicate report id"
    for r in reports:
        assert re.fullmatch(r"[0-9a-f]{1,32}", r["id"]) and r["id"][0] != "0", r["id"]
        if r.get("hardware"):
            assert r["hardware"] in hardware, r["hardware"]
    reports_by_id = {r["id"]: r for r in reports}

    messages: list[tuple[dt.datetime, str, str]] = []  # (time, sort key, text)
    home = tempfile.mkdtemp(prefix="hdd-")
    try:
        g = gnupg.GPG(gnupghome=home)
        fpr = ensure_demo_key(g)
        lost_fpr = None
        for r in reports:
            t = parse_time(r["received"])
            hw = hardware.get(r.get("hardware", "")) if r.get("hardware") else None
            t_end = t - dt.timedelta(minutes=2, seconds=int(fake_hex(r["id"], 2), 16) % 50)
            body = report_body(r, hw, t_end)
            inner = MIMEText(body).as_string()
            flags = set(r.get("flags", []))
            if "schleuder" in flags:
                inner = schleuder_wrap(r, inner, t)
            target = fpr
            if "undecryptable" in flags:
                lost_fpr = lost_fpr or throwaway_key(g)
                target = lost_fpr
            armored = encrypt(g, inner, target)
            if "corrupt_armor" in flags:
                armored = corrupt(armored)
            messages.append((t, "r" + r["id"], wire_report(r, armored, t)))
        for m in mails:
            messages.append(
                (
                    parse_time(m["date"]) + dt.timedelta(seconds=m.get("delay", 7)),
                    "m" + m["key"],
                    build_mail(m, reports_by_id),
                )
            )
    finally:
        subprocess.run(
            ["gpgconf", "--homedir", home, "--kill", "gpg-agent"], check=False, capture_output=True
        )
        shutil.rmtree(home, ignore_errors=True)

    if MAILDIR.exists():
        shutil.rmtree(MAILDIR)
    for sub in ("cur", "new", "tmp"):
        (MAILDIR / sub).mkdir(parents=True)
    messages.sort(key=lambda x: (x[0], x[1]))
    seen_keys = {"m" + m["key"] for m in mails if m.get("seen")} | {
        "r" + r["id"] for r in reports if r.get("seen")
    }
    for n, (t, key, text) in enumerate(messages, start=1):
        seen = key in seen_keys or (
            n % 3 == 1
            and t < dt.datetime(2026, 11, 12, tzinfo=UTC)
            and key not in {"r" + r["id"] for r in reports if r.get("unseen")}
        )
        name = f"{int(t.timestamp())}.M{n}P1.hdtui-demo:2," + ("S" if seen else "")
        (MAILDIR / "cur" / name).write_text(text, encoding="utf-8")
    for sub in ("new", "tmp"):
        (MAILDIR / sub / ".gitkeep").write_text("")

    ISSUES_JSON.write_text(json.dumps(build_issues(issues), indent=2, ensure_ascii=False) + "\n")
    n_seen = sum(1 for p in (MAILDIR / "cur").iterdir() if p.name.endswith("S"))
    print(
        f"wrote {len(messages)} messages ({len(reports)} WhisperBack reports, {len(mails)} other; "
        f"{n_seen} seen) to {MAILDIR.relative_to(ROOT)}"
    )
    print(f"wrote {len(issues['issue'])} issues to {ISSUES_JSON.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
