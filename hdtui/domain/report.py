"""Provides parsing of decrypted WhisperBack report bodies (docs/whisperback.md).

The body starts with pseudo-headers (``Subject:``, ``From:``, ``OpenPGP-Key:``, a multi-line
``Tails-Version:`` block, ``Bug-specific …:`` prefill lines), then the user's answers, an optional
pasted public key block and the debug sections. Any part may be missing; parsing never raises and
notes what was missing or odd in ``problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from hdtui.domain.debug import (
    DebugSection,
    journal_errors,
    journal_scan,
    parse_os_release,
    split_debug,
)
from hdtui.domain.hardware import Hardware, extract_hardware
from hdtui.domain.language import detect_language
from hdtui.domain.report_id import REPORT_ID_RE as REPORT_ID_RE
from hdtui.domain.report_id import report_id_from_subject as report_id_from_subject

_HEADER_RE = re.compile(r"(Subject|From|OpenPGP-Key|Tails-Version):[ \t]?")
_PREFILL_RE = re.compile(r"Bug-specific ([A-Za-z][A-Za-z_-]{0,40}):[ \t]?")
_ASSIGN_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")
_HEX40_RE = re.compile(r"[0-9a-f]{40}")
_LIVE_RE = re.compile(r"live-[a-z-]+: ")
_OLD_VERSION_RE = re.compile(r"(\S+) - (\d{8})\b")
_MIME_HEADER_RE = re.compile(r"(Content-Type|MIME-Version|Content-Transfer-Encoding):", re.I)
_KEY_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
_KEY_END = "-----END PGP PUBLIC KEY BLOCK-----"
_PASTED_VERSION_RE = re.compile(r"^[> \t]*Tails-Version:", re.M)
_MAX_LEADING_BLANK = 50
_RULE_RE = re.compile(r"[ \t]*(?:-{3,}|={3,})[ \t]*")
_MAX_RULES = 2000
_ALNUM_RE = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer of the report: its heading (may be "") and its text."""

    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class TailsVersion:
    """The running Tails version from the ``Tails-Version:`` block."""

    version: str
    build_date: str | None = None
    git_commit: str | None = None
    git_tag: str | None = None
    git_branch: str | None = None
    channel: str | None = None
    raw: tuple[str, ...] = ()
    os_release: tuple[tuple[str, str], ...] = ()

    @property
    def is_dev_build(self) -> bool:
        """Whether this is a development build (a git branch rather than a tag)."""
        return self.git_branch is not None and self.git_tag is None


@dataclass(frozen=True, slots=True)
class WhisperBackReport:
    """A parsed WhisperBack report."""

    report_id: str | None
    summary: str
    contact: str | None = None
    openpgp_key: str | None = None
    key_block: str | None = None
    running: TailsVersion | None = None
    installed_version: str | None = None
    prefill: tuple[tuple[str, str], ...] = ()
    answers: tuple[Answer, ...] = ()
    debug: tuple[DebugSection, ...] = ()
    hardware: Hardware = field(default_factory=Hardware)
    language: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def version(self) -> str | None:
        """The running version, or None."""
        if self.running is None or not self.running.version:
            return None
        return self.running.version

    @property
    def wb_url(self) -> str | None:
        """The report's ``wb://<id>`` reference, or None without an ID."""
        return f"wb://{self.report_id}" if self.report_id else None

    @property
    def has_technical_details(self) -> bool:
        """Whether the Tails-Version block or debug information was included."""
        return self.running is not None or bool(self.debug)

    def prefill_value(self, key: str) -> str | None:
        """The value of one ``Bug-specific <key>:`` line, or None."""
        for name, value in self.prefill:
            if name == key.lower():
                return value
        return None

    def journal_errors(self, limit: int = 50,
                       also: re.Pattern[str] | None = None) -> tuple[str, ...]:
        """Distinct journal lines that look like errors or warnings, without date and host;
        ``also``: lines it matches count too."""
        return journal_errors(self.debug, limit, also)

    def journal_scan(self, limit: int, also: re.Pattern[str] | None, tail: int
                     ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``journal_errors(limit, also)``, and the last ``tail`` distinct journal lines
        that are not errors nor warnings (nor match ``also``), the last first, without date
        and host: one reading of the journal."""
        return journal_scan(self.debug, limit, also, tail)


def has_pasted_report(text: str) -> bool:
    """Whether plain mail contains a pasted Tails-Version block or debug section markers."""
    if not text:
        return False
    # The expression only where its text stands: ``^`` under ``re.M`` tries a match at
    # every position of the body (docs/benchmarks.md, "Session 17: the cold read").
    return "======= content of " in text or (
        "Tails-Version:" in text and _PASTED_VERSION_RE.search(text) is not None)


def _is_version_line(line: str) -> bool:
    """Whether a line continues a Tails-Version block."""
    return bool(
        _ASSIGN_RE.fullmatch(line)
        or _HEX40_RE.fullmatch(line.strip())
        or _LIVE_RE.match(line)
        or _OLD_VERSION_RE.match(line)
    )


def _parse_version_block(raw: list[str], values: list[str]) -> TailsVersion:
    """Build a TailsVersion from the block's raw lines and their values (prefix removed)."""
    release = parse_os_release(values)
    old = _OLD_VERSION_RE.match(values[0].strip()) if values else None
    commit = next((v.strip() for v in values if _HEX40_RE.fullmatch(v.strip())), None)
    version = release.get("VERSION") or release.get("TAILS_VERSION_ID")
    if not version and old:
        version = old.group(1)
    elif not version and values and values[0].strip() and "=" not in values[0]:
        version = values[0].split()[0]
    return TailsVersion(
        version=version or "",
        build_date=old.group(2) if old else None,
        git_commit=release.get("TAILS_GIT_COMMIT") or commit,
        git_tag=release.get("TAILS_GIT_TAG"),
        git_branch=release.get("TAILS_GIT_BRANCH"),
        channel=release.get("TAILS_CHANNEL"),
        raw=tuple(raw),
        os_release=tuple(release.items()),
    )


def _take_version_block(lines: list[str], start: int) -> tuple[TailsVersion, int]:
    """Parse the Tails-Version block starting at ``lines[start]``; return it and the next index."""
    raw = [lines[start]]
    i = start + 1
    while i < len(lines) and lines[i].strip() and _is_version_line(lines[i]):
        raw.append(lines[i])
        i += 1
    return _version_block(tuple(raw)), i


@lru_cache(maxsize=1 << 10)
def _version_block(raw: tuple[str, ...]) -> TailsVersion:
    """The TailsVersion of a block's raw lines, the first a ``Tails-Version:`` line. Every
    report of one Tails release carries the same block (its os-release lines), so a first
    read parses it once a release (docs/benchmarks.md, "Session 14: the cold read's
    children"); a TailsVersion is frozen, so reports share it."""
    first = raw[0]
    value = first[first.index("Tails-Version:") + len("Tails-Version:") :].lstrip(" \t")
    return _parse_version_block(list(raw), [value, *raw[1:]])


@dataclass(slots=True)
class _Preamble:
    """Mutable collector for the pseudo-headers."""

    summary: str | None = None
    contact: str | None = None
    openpgp_key: str | None = None
    running: TailsVersion | None = None
    prefill: list[tuple[str, str]] = field(default_factory=list)


def _take_prefill(lines: list[str], i: int, out: _Preamble) -> int | None:
    """Parse one ``Bug-specific X:`` line and its continuation; None if lines[i] is not one."""
    match = _PREFILL_RE.match(lines[i])
    if match is None:
        return None
    parts = [lines[i][match.end() :]]
    i += 1
    while i < len(lines) and lines[i].strip() and not _PREFILL_RE.match(lines[i]):
        if _HEADER_RE.match(lines[i]):
            break
        parts.append(lines[i])
        i += 1
    out.prefill.append((match.group(1).lower(), "\n".join(parts).strip()))
    return i


def _take_headers(lines: list[str], out: _Preamble) -> int:
    """Consume the pseudo-header block at the start of ``lines``; return the next index."""
    i = 0
    n = len(lines)
    while i < n and i < _MAX_LEADING_BLANK and not lines[i].strip():
        i += 1
    while i < n:
        line = lines[i]
        match = _HEADER_RE.match(line)
        if match is not None:
            name = match.group(1)
            value = line[match.end() :].strip()
            if name == "Tails-Version":
                if out.running is not None:
                    break
                out.running, i = _take_version_block(lines, i)
                continue
            if name == "Subject" and out.summary is None:
                out.summary = value
            elif name == "From" and out.contact is None:
                out.contact = value or None
            elif name == "OpenPGP-Key" and out.openpgp_key is None:
                out.openpgp_key = value or None
            else:
                break
            i += 1
            continue
        after = _take_prefill(lines, i, out)
        if after is None:
            break
        i = after
    # Without a Tails-Version block the prefill follows a blank line.
    if not out.prefill:
        j = i
        while j < n and j - i < _MAX_LEADING_BLANK and not lines[j].strip():
            j += 1
        if j < n and _PREFILL_RE.match(lines[j]):
            i = j
            while i < n:
                after = _take_prefill(lines, i, out)
                if after is None:
                    break
                i = after
    return i


def _skip_mime_headers(lines: list[str]) -> list[str]:
    """Drop an inner MIME entity's headers left in front of the body, if any."""
    if not lines or not _MIME_HEADER_RE.match(lines[0]):
        return lines
    for i, line in enumerate(lines[:20]):
        if not line.strip():
            rest = lines[i + 1 :]
            return rest if rest and rest[0].startswith("Subject:") else lines
    return lines


def _is_heading(line: str, rule: str) -> bool:
    """Whether ``line`` is a heading for the underline ``rule`` (same length ±3 columns)."""
    text = line.strip()
    return abs(len(text) - len(rule.strip())) <= 3 and _ALNUM_RE.search(text) is not None


def _strip_blank(lines: list[str]) -> str:
    """Join lines after dropping leading and trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def _rule_lines(text: str) -> list[int]:
    """Line numbers of lines made only of dashes or equals signs (at most _MAX_RULES)."""
    starts: set[int] = set()
    for token in ("---", "==="):
        pos = text.find(token)
        while pos != -1 and len(starts) < _MAX_RULES:
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            if end == -1:
                end = len(text)
            if _RULE_RE.fullmatch(text, start, end):
                starts.add(start)
            pos = text.find(token, end)
    numbers: list[int] = []
    line, offset = 0, 0
    for start in sorted(starts):
        line += text.count("\n", offset, start)
        offset = start
        numbers.append(line)
    return numbers


def parse_answers(lines: list[str]) -> list[Answer]:
    """Split answer lines at underlined headings; text before the first heading has heading ""."""
    answers: list[Answer] = []
    heading = ""
    start = 0
    for index in _rule_lines("\n".join(lines)):
        if index - 1 < start or not _is_heading(lines[index - 1], lines[index]):
            continue
        body = _strip_blank(lines[start : index - 1])
        if body:
            answers.append(Answer(heading, body))
        heading, start = lines[index - 1].strip(), index + 1
    body = _strip_blank(lines[start:])
    if body:
        answers.append(Answer(heading, body))
    return answers


def _split_key_block(lines: list[str]) -> tuple[list[str], str | None, list[str], bool]:
    """Split lines into (before, key block, after, terminated) at the pasted public key block."""
    for i, line in enumerate(lines):
        if line.strip() == _KEY_BEGIN:
            for j in range(i + 1, len(lines)):
                if lines[j].strip() == _KEY_END:
                    return lines[:i], "\n".join(lines[i : j + 1]), lines[j + 1 :], True
            return lines[:i], _strip_blank(lines[i:]), [], False
    return lines, None, [], True


def _installed_version(sections: tuple[DebugSection, ...]) -> str | None:
    """VERSION (or TAILS_VERSION_ID) of the squashfs os-release section."""
    for section in sections:
        if section.key.rstrip().endswith("filesystem.squashfs/etc/os-release"):
            values = parse_os_release(section.lines)
            return values.get("TAILS_VERSION_ID") or values.get("VERSION") or None
    return None


def parse_report(body: str, report_id: str | None = None) -> WhisperBackReport:
    """Parse a decrypted report body; never raises, lists oddities in ``problems``."""
    try:
        return _parse(body, report_id)
    except Exception as exc:  # pragma: no cover - last-resort guard, the parser should not raise
        return WhisperBackReport(
            report_id=report_id,
            summary="",
            problems=(f"report could not be parsed ({type(exc).__name__})",),
        )


def _parse(body: str, report_id: str | None) -> WhisperBackReport:
    """Parse without the last-resort guard."""
    if not isinstance(body, str):
        body = str(body)
    problems: list[str] = []
    if report_id is not None and not report_id:
        report_id = None
    if report_id is None:
        problems.append("report ID missing")
    text = body.lstrip("\ufeff").replace("\r\n", "\n")
    blank = not text or text.isspace()  # ``not text.strip()`` without copying the body
    if blank:
        problems.append("empty body")
    if text.count("\ufffd") > max(10, len(text) // 100) or "\x00" in text:
        problems.append("body contains binary or undecodable data")
    preamble_text, sections = split_debug(text)
    lines = _skip_mime_headers(preamble_text.split("\n"))
    head = _Preamble()
    start = _take_headers(lines, head)
    rest = lines[start:]
    if _KEY_BEGIN in preamble_text:
        before, key_block, after, terminated = _split_key_block(rest)
    else:
        before, key_block, after, terminated = rest, None, [], True
    if head.running is None and "Tails-Version:" in preamble_text:
        # Plain mail with a pasted "Tails-Version:" block somewhere in the text.
        for idx, line in enumerate(before):
            if line.startswith("Tails-Version:"):
                head.running, end = _take_version_block(before, idx)
                before = before[:idx] + before[end:]
                break
    answers = parse_answers(before) + parse_answers(after)
    summary = head.summary or ""
    if head.summary is None and not blank:
        problems.append("no Subject: line")
    if not summary:
        problems.append("empty summary")
    if head.running is None:
        problems.append("no technical details (Tails-Version missing)")
    elif not head.running.version:
        problems.append("Tails-Version has no recognisable version")
    if not sections:
        problems.append("no debug information")
    if not answers:
        problems.append("no answers")
    if head.openpgp_key == "included below" and key_block is None:
        problems.append('OpenPGP-Key says "included below" but no key block was found')
    if not terminated:
        problems.append("public key block has no END line")
    language_text = "\n".join([summary, *(a.text for a in answers)])
    return WhisperBackReport(
        report_id=report_id,
        summary=summary,
        contact=head.contact,
        openpgp_key=head.openpgp_key,
        key_block=key_block,
        running=head.running,
        installed_version=_installed_version(sections),
        prefill=tuple(head.prefill),
        answers=tuple(answers),
        debug=sections,
        hardware=extract_hardware(sections),
        language=detect_language(language_text),
        problems=tuple(problems),
    )
