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

Three optional keys say when a reply fits a message, so replies can be ranked for it
(`hdtui.domain.reply_choice`, docs/replies.md): ``requires`` lists facts the reply states
(it is offered only when the message shows every one), ``fits`` facts that make it a good
answer, ``mentions`` words of the user's own text that do. Facts are the names of `FACTS`,
or `PARAMETER_FACTS` followed by a value (``pci 10ec:b723``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from string import Template

from hdtui.domain.front_matter import closing, entries, lines_of, opens
from hdtui.domain.placeholders import holds_placeholder
from hdtui.domain.terms import terms

REQUIRED_KEYS: tuple[str, ...] = ("title", "when")
"""Front-matter keys every reply file must have."""

OPTIONAL_KEYS: tuple[str, ...] = ("language", "subject", "requires", "fits", "mentions")
"""Front-matter keys a reply file may have."""

FACTS: dict[str, str] = {
    "report": "the message is a WhisperBack report",
    "mail": "the message is mail a user wrote to the Help Desk (not a WhisperBack report)",
    "mac": "the computer is a Mac (the report's hardware, or a Mac the text names)",
    "pc": "the computer is a PC: known hardware that is neither a Mac nor a virtual machine "
          "(or a PC maker the text names)",
    "vm": "Tails runs in a virtual machine",
    "hardware": "a hardware problem: the best known issue is a hardware-support one, or the "
                "user's words name hardware (Wi-Fi, graphics, keyboard, sound...)",
    "outdated": "the report's Tails is older than the current stable version",
    "known-issue": "the best known issue matches confidently",
    "short": "the user wrote only a few words",
}
"""The facts a reply's ``requires`` and ``fits`` can name, with what each means."""

PARAMETER_FACTS: dict[str, str] = {
    "pci": "the report's lspci (or the mail's text) shows this PCI id, e.g. pci 10ec:b723",
    "to": "the message's To or Cc has this address or name, or its List-Id this list, e.g. "
          "to tails-dev",
}
"""Facts that take a value after the name."""

_PCI_ID = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{4}$")
_ADDRESS_PART = re.compile(r"^[a-z0-9._+-]+(?:@[a-z0-9.-]+)?$")

DEFAULT_SUBJECT = "Re: $subject"
"""The subject template used when the front matter has no ``subject``."""

FALLBACK_LANGUAGE = "en"
"""The language chosen when the wanted variant does not exist."""

SECTION_STANDARD_REPLY = "standard reply"
SECTION_FEEDBACK = "we need your feedback"
SECTION_WORKAROUND = "workaround"

SECTION_NAMES = {SECTION_STANDARD_REPLY: "Standard reply", SECTION_WORKAROUND: "Workaround",
                 SECTION_FEEDBACK: "We need your feedback"}
"""Each section as an issue heads it, for the reasons replies are offered with."""

FEEDBACK_HEADING = "We need your feedback:"
"""The short heading put before the feedback section in a reply taken from an issue."""
WORKAROUND_HEADING = "What you can try:"
"""The heading put before the workaround section in a reply taken from an issue."""


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
    requires: tuple[str, ...] = ()
    """Facts the reply states: it is offered only when the message shows every one."""
    fits: tuple[str, ...] = ()
    """Facts that make the reply a good answer: each one the message shows ranks it higher."""
    mentions: tuple[str, ...] = ()
    """Words or phrases of the user's own text that make the reply a good answer."""

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


def parse_fact(text: str) -> str:
    """One fact of a ``requires`` or ``fits`` list, normalised (``PCI 10EC:B723`` gives
    ``pci 10ec:b723``); ValueError saying what is wrong."""
    name, _, value = " ".join(text.lower().split()).partition(" ")
    if name in FACTS:
        if value:
            raise ValueError(f"the fact {name!r} takes no value (got {text.strip()!r})")
        return name
    if name in PARAMETER_FACTS:
        value = value.removeprefix("[").removesuffix("]")
        if name == "pci" and not _PCI_ID.match(value):
            raise ValueError(f"'pci' needs a vendor:device id such as 'pci 10ec:b723' "
                             f"(got {text.strip()!r})")
        if name == "to" and not _ADDRESS_PART.match(value):
            raise ValueError(f"'to' needs an address or a list name such as 'to tails-dev' "
                             f"(got {text.strip()!r})")
        return f"{name} {value}"
    known = ", ".join([*FACTS, *(f"{n} <value>" for n in PARAMETER_FACTS)])
    raise ValueError(f"unknown fact {text.strip()!r} (known facts: {known})")


def _fact_list(value: str, key: str, source: str) -> tuple[str, ...]:
    """A comma-separated ``requires`` or ``fits`` value as normalised facts."""
    facts: list[str] = []
    for part in value.split(","):
        if not part.strip():
            continue
        try:
            fact = parse_fact(part)
        except ValueError as error:
            raise ValueError(f"{source}: front-matter key {key!r}: {error}") from None
        if fact not in facts:
            facts.append(fact)
    return tuple(facts)


def _word_list(value: str, source: str) -> tuple[str, ...]:
    """A comma-separated ``mentions`` value: words or phrases, lowercased, blanks dropped;
    ValueError for one made only of words ranking ignores (``the``, ``tails``...)."""
    found: list[str] = []
    for part in value.split(","):
        phrase = " ".join(part.lower().split())
        if phrase and not terms(phrase):
            raise ValueError(f"{source}: front-matter key 'mentions': {phrase!r} has only "
                             "words too common to tell anything (see hdtui/domain/terms.py)")
        if phrase and phrase not in found:
            found.append(phrase)
    return tuple(found)


def parse_template(text: str, source: str, slug: str, language: str) -> ReplyTemplate:
    """Parse a reply file's text; raise ValueError naming the source and the problem."""
    if not slug:
        raise ValueError(f"{source}: empty reply slug")
    if not language:
        raise ValueError(f"{source}: empty reply language")
    lines = lines_of(text)
    if not opens(lines):
        raise ValueError(
            f"{source}: missing front matter: the file must start with a '---' line, "
            "then 'key: value' lines (title, when, language, subject), then '---'"
        )
    end = closing(lines)
    if end is None:
        raise ValueError(f"{source}: front matter is not closed by a '---' line")

    fields: dict[str, str] = {}
    allowed = REQUIRED_KEYS + OPTIONAL_KEYS
    for number, key, sep, value in entries(lines, end):
        if not sep or not key:
            line = lines[number - 1].strip()
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
    requires = _fact_list(fields.get("requires", ""), "requires", source)
    fits = _fact_list(fields.get("fits", ""), "fits", source)
    both = sorted(set(requires) & set(fits))
    if both:
        raise ValueError(f"{source}: {', '.join(both)} is in both 'requires' and 'fits': "
                         "keep it in 'requires' (a required fact counts as fitting too)")
    return ReplyTemplate(
        slug=slug,
        language=language,
        title=fields["title"],
        when=fields["when"],
        subject=subject,
        body=body,
        source=source,
        requires=requires,
        fits=fits,
        mentions=_word_list(fields.get("mentions", ""), source),
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


def fill_in(template: ReplyTemplate, values: Mapping[str, str]) -> ReplyTemplate:
    """The template with some placeholders filled now and every other one kept, ``$$``
    included, so that it renders later like any template (the values are taken as text:
    a ``$`` in them stays a ``$``)."""
    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group("named") or match.group("braced")
            if name is not None and name in values:
                return _literal(values[name])
            return match.group(0)

        return Template.pattern.sub(one, text)

    return replace(template, subject=fill(template.subject), body=fill(template.body))


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
    """Return the reply an issue's description carries, or None if it has none: its
    "Standard reply" section (with its "We need your feedback" one after it), else its
    "Workaround" and "We need your feedback" sections made into a reply; sections still
    saying ``TODO:`` are left out."""
    return reply_from_sections(iid, title, web_url, issue_sections(description))


def unready_sections(sections: Mapping[str, str]) -> tuple[str, ...]:
    """The sections (keys) still holding an issue draft's ``TODO:`` placeholder: never
    put in a reply (`hdtui.domain.placeholders`)."""
    return tuple(key for key, text in sections.items() if holds_placeholder(text))


def reply_from_sections(iid: int, title: str, web_url: str,
                        sections: Mapping[str, str]) -> ReplyTemplate | None:
    """`reply_from_issue` on sections `issue_sections` found already; a section still
    holding a ``TODO:`` placeholder is left out (`unready_sections`)."""
    unready = unready_sections(sections)
    sections = {key: text for key, text in sections.items() if key not in unready}
    standard = sections.get(SECTION_STANDARD_REPLY)
    feedback = sections.get(SECTION_FEEDBACK)
    workaround = sections.get(SECTION_WORKAROUND)
    if standard is not None:
        body = _literal(standard.strip("\n"))
        if feedback is not None:
            body += f"\n\n{FEEDBACK_HEADING}\n\n{_literal(feedback.strip(chr(10)))}"
        when = f"The report matches issue #{iid} ({web_url})."
    elif feedback is not None or workaround is not None:
        body = (f"Hello$name_greeting,\n\nThank you for your report. The problem you describe "
                f"looks like a known issue:\n\n{_literal(title)}\n{_literal(web_url)}")
        if workaround is not None:
            body += f"\n\n{WORKAROUND_HEADING}\n\n{_literal(workaround.strip(chr(10)))}"
        if feedback is not None:
            body += f"\n\n{FEEDBACK_HEADING}\n\n{_literal(feedback.strip(chr(10)))}"
        body += "\n\nThe Tails Help Desk"
        when = (f"The report matches issue #{iid} ({web_url}), which has no Standard reply: "
                "its Workaround and feedback sections.")
    else:
        return None
    return ReplyTemplate(
        slug=f"issue-{iid}",
        language=FALLBACK_LANGUAGE,
        title=f"#{iid}: {title}",
        when=when,
        subject=DEFAULT_SUBJECT,
        body=body + "\n",
        source=f"issue #{iid}",
    )
