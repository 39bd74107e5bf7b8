"""Provides standard-reply templates: parsing, choosing a language, rendering, issue sections.

A reply file is Markdown-like text with a small front matter::

    ---
    title: Hardware support reports we can't help with
    when: The report is about hardware that does not work and no workaround is known.
    language: en
    subject: Re: $subject
    ---
    Hello$name_greeting,
    ...

Subject and body are `string.Template` texts (``$report_id``, ``$issue_url``...). This module is
pure: it never reads files; `hdtui.replies` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from string import Template

FRONT_MATTER_DELIMITER = "---"
"""The line that opens and closes the front matter."""

REQUIRED_KEYS: tuple[str, ...] = ("title", "when")
"""Front-matter keys every reply file must have."""

OPTIONAL_KEYS: tuple[str, ...] = ("language", "subject")
"""Front-matter keys a reply file may have."""

DEFAULT_SUBJECT = "Re: $subject"
"""The subject template used when the front matter has no ``subject``."""

FALLBACK_LANGUAGE = "en"
"""The language chosen when the wanted variant does not exist."""

SECTION_STANDARD_REPLY = "standard reply"
SECTION_FEEDBACK = "we need your feedback"
SECTION_WORKAROUND = "workaround"

FEEDBACK_HEADING = "We need your feedback:"
"""The short heading put before the feedback section in a reply taken from an issue."""


@dataclass(frozen=True, slots=True)
class ReplyTemplate:
    """One standard reply in one language."""

    slug: str
    """The reply's identifier, shared by its language variants, e.g. ``hardware-unsupported``."""
    language: str
    """The language code of this variant, e.g. ``en``."""
    title: str
    """A short human title shown in the reply picker."""
    when: str
    """When to use this reply, one sentence for the person choosing."""
    subject: str
    """The subject template, e.g. ``Re: $subject``."""
    body: str
    """The body template."""
    source: str
    """Where the template came from: a file path or ``issue #N``."""

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Return the identifiers used in subject and body, sorted and unique."""
        names = set(_identifiers(self.subject)) | set(_identifiers(self.body))
        return tuple(sorted(names))


@dataclass(frozen=True, slots=True)
class RenderedReply:
    """A reply with its placeholders filled in."""

    subject: str
    """The rendered subject."""
    body: str
    """The rendered body."""
    missing: tuple[str, ...]
    """Placeholders without a value; they stay as ``$name`` in the text so a person sees them."""


def _identifiers(text: str) -> list[str]:
    """Return the placeholder identifiers of a template text, in order of appearance."""
    return Template(text).get_identifiers()


def _check_template(text: str, what: str, source: str) -> None:
    """Raise ValueError when a template text has a malformed ``$`` placeholder."""
    template = Template(text)
    if template.is_valid():
        return
    for match in template.pattern.finditer(text):
        if match.group("invalid") is not None:
            start = match.start("invalid")
            line = text.count("\n", 0, start) + 1
            raise ValueError(
                f"{source}: invalid placeholder in the {what} at line {line}: "
                f"write $name or ${{name}}, and $$ for a literal dollar sign"
            )
    raise ValueError(f"{source}: invalid placeholder in the {what}")  # pragma: no cover


def parse_template(text: str, source: str, slug: str, language: str) -> ReplyTemplate:
    """Parse a reply file's text; raise ValueError naming the source and the problem."""
    if not slug:
        raise ValueError(f"{source}: empty reply slug")
    if not language:
        raise ValueError(f"{source}: empty reply language")
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_DELIMITER:
        raise ValueError(
            f"{source}: missing front matter: the file must start with a '---' line, "
            "then 'key: value' lines (title, when, language, subject), then '---'"
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_DELIMITER)
    except StopIteration:
        raise ValueError(f"{source}: front matter is not closed by a '---' line") from None

    fields: dict[str, str] = {}
    allowed = REQUIRED_KEYS + OPTIONAL_KEYS
    for number, raw in enumerate(lines[1:end], start=2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not key:
            raise ValueError(f"{source}: front matter line {number} is not 'key: value': {line!r}")
        if key not in allowed:
            raise ValueError(
                f"{source}: unknown front-matter key {key!r} at line {number} "
                f"(known keys: {', '.join(allowed)})"
            )
        if key in fields:
            raise ValueError(f"{source}: duplicate front-matter key {key!r} at line {number}")
        fields[key] = value.strip()

    for key in REQUIRED_KEYS:
        if not fields.get(key):
            raise ValueError(f"{source}: missing front-matter key {key!r}")
    declared = fields.get("language")
    if declared is not None and declared.lower() != language.lower():
        raise ValueError(
            f"{source}: front matter says language {declared!r} but the file name says {language!r}"
        )
    subject = fields.get("subject") or DEFAULT_SUBJECT

    body = "\n".join(lines[end + 1 :]).strip("\n").rstrip()
    if not body.strip():
        raise ValueError(f"{source}: empty body after the front matter")
    body += "\n"

    _check_template(subject, "subject", source)
    _check_template(body, "body", source)
    return ReplyTemplate(
        slug=slug,
        language=language,
        title=fields["title"],
        when=fields["when"],
        subject=subject,
        body=body,
        source=source,
    )


def _base_language(language: str) -> str:
    """Return the primary language subtag, lowercased: ``pt_BR`` gives ``pt``."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


def choose_variant(
    templates: Sequence[ReplyTemplate], slug: str, language: str | None
) -> ReplyTemplate | None:
    """Return the variant of `slug` in `language`, else English, else any; None if no variant."""
    variants = sorted((t for t in templates if t.slug == slug), key=lambda t: t.language)
    if not variants:
        return None
    wanted = [language.strip().lower()] if language and language.strip() else []
    if wanted:
        wanted.append(_base_language(wanted[0]))
    wanted.append(FALLBACK_LANGUAGE)
    for code in wanted:
        for template in variants:
            if template.language.lower() == code:
                return template
        for template in variants:
            if _base_language(template.language) == code:
                return template
    return variants[0]


def group_by_slug(templates: Sequence[ReplyTemplate]) -> dict[str, list[ReplyTemplate]]:
    """Group templates by slug, keeping the order in which slugs and variants first appear."""
    groups: dict[str, list[ReplyTemplate]] = {}
    for template in templates:
        groups.setdefault(template.slug, []).append(template)
    return groups


def render(template: ReplyTemplate, values: Mapping[str, str]) -> RenderedReply:
    """Fill the template's placeholders from `values`; unknown ones stay as ``$name``."""
    missing = tuple(name for name in template.placeholders if name not in values)
    return RenderedReply(
        subject=Template(template.subject).safe_substitute(values),
        body=Template(template.body).safe_substitute(values),
        missing=missing,
    )


# --- GitLab issue descriptions -------------------------------------------------------------

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ANCHOR_ATTRIBUTE = re.compile(r"\{\s*#([A-Za-z0-9_:.-]+)[^}]*\}\s*$")
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*?(?:id|name)\s*=\s*["']?([^"'\s>]+)[^>]*>""", re.I)
_HTML_TAG = re.compile(r"<[^>]*>")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")
_BLOCK_START = re.compile(r"^ {0,3}(?:[-*+>]|\d{1,9}[.)])(?:[ \t]|$)")

_SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (SECTION_STANDARD_REPLY, re.compile(r"^standard (?:reply|replies|answer)(?: (?:for|to) .*)?$")),
    (SECTION_FEEDBACK, re.compile(r"^we need your feedback$")),
    (SECTION_WORKAROUND, re.compile(r"^(?:known )?work[- ]?arounds?$")),
)
_SECTION_ANCHORS: dict[str, str] = {
    "standard-reply": SECTION_STANDARD_REPLY,
    "we-need-your-feedback": SECTION_FEEDBACK,
    "feedback": SECTION_FEEDBACK,
    "workaround": SECTION_WORKAROUND,
    "workarounds": SECTION_WORKAROUND,
}


@dataclass(frozen=True, slots=True)
class _Heading:
    """A Markdown heading found in a description."""

    line: int
    """Index of the first line of the heading."""
    end: int
    """Index of the first line after the heading."""
    level: int
    """1 to 6."""
    key: str | None
    """The section key it names, if any."""


def _section_key(text: str) -> str | None:
    """Return the section key a heading's text names, or None."""
    anchors = [m.group(1).lower() for m in _HTML_ANCHOR.finditer(text)]
    attribute = _ANCHOR_ATTRIBUTE.search(text)
    if attribute:
        anchors.append(attribute.group(1).lower())
        text = text[: attribute.start()]
    text = _HTML_TAG.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](link) -> text
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = text.rstrip(" :.!?-—–").strip()
    for key, pattern in _SECTION_PATTERNS:
        if pattern.match(text):
            return key
    for anchor in anchors:
        if anchor in _SECTION_ANCHORS:
            return _SECTION_ANCHORS[anchor]
    return None


def _headings(lines: Sequence[str]) -> list[_Heading]:
    """Return the ATX and setext headings outside fenced code blocks."""
    found: list[_Heading] = []
    fence: str | None = None
    for i, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        atx = _ATX_HEADING.match(line)
        if atx:
            text = _CLOSING_HASHES.sub("", atx.group(2) or "")
            found.append(_Heading(i, i + 1, len(atx.group(1)), _section_key(text)))
            continue
        if (
            i + 1 < len(lines)
            and line.strip()
            and not line.startswith(("    ", "\t"))
            and not _BLOCK_START.match(line)
            and _SETEXT_UNDERLINE.match(lines[i + 1])
            and (i == 0 or not lines[i - 1].strip() or (found and found[-1].end == i))
        ):
            level = 1 if lines[i + 1].strip().startswith("=") else 2
            found.append(_Heading(i, i + 2, level, _section_key(line)))
    return found


def issue_sections(description: str) -> dict[str, str]:
    """Return the non-empty "standard reply", "we need your feedback" and "workaround" sections."""
    lines = description.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = _headings(lines)
    sections: dict[str, str] = {}
    for index, heading in enumerate(headings):
        if heading.key is None or heading.key in sections:
            continue
        stop = len(lines)
        for later in headings[index + 1 :]:
            if later.level <= heading.level:
                stop = later.line
                break
        text = "\n".join(line.rstrip() for line in lines[heading.end : stop]).strip("\n")
        if text.strip():
            sections[heading.key] = text
    return sections


def _literal(text: str) -> str:
    """Escape ``$`` so that a text taken as is survives string.Template rendering."""
    return text.replace("$", "$$")


def reply_from_issue(iid: int, title: str, web_url: str, description: str) -> ReplyTemplate | None:
    """Return the standard reply an issue's description carries, or None if it has none."""
    sections = issue_sections(description)
    standard = sections.get(SECTION_STANDARD_REPLY)
    if standard is None:
        return None
    body = _literal(standard.strip("\n"))
    feedback = sections.get(SECTION_FEEDBACK)
    if feedback is not None:
        body += f"\n\n{FEEDBACK_HEADING}\n\n{_literal(feedback.strip(chr(10)))}"
    return ReplyTemplate(
        slug=f"issue-{iid}",
        language=FALLBACK_LANGUAGE,
        title=f"#{iid}: {title}",
        when=f"The report matches issue #{iid} ({web_url}).",
        subject=DEFAULT_SUBJECT,
        body=body + "\n",
        source=f"issue #{iid}",
    )
