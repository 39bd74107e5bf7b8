"""Provides inert Markdown: untrusted text put into GitLab issues so that it does nothing.

What users write in a report reaches GitLab (issue titles, descriptions) and would be
rendered as GitLab Flavored Markdown there: ``@all`` notifies everybody, ``#12`` or
``tails/tails!3`` adds a "mentioned in" note to another issue, ``![x](http://…)`` makes
every reader's browser fetch an image, raw HTML is rendered, and a line ``/close`` is
a quick action GitLab *executes* when the description is saved. Everything here turns
such text into something GitLab shows as written (docs/gitlab.md explains the choices).

Two techniques, both plain CommonMark, so no GitLab version is relied on:

- `fence` puts text in a fenced code block: nothing inside a code block is Markdown, and
  GitLab's reference and mention filters skip ``<pre>``/``<code>`` (they always have).
  The fence is a backtick run longer than any backtick run in the text, so no line of
  the text can close it (a closing fence must use the same character and be at least
  as long; tilde runs cannot close a backtick fence). Recent GitLab looks for quick
  actions only in paragraphs of the parsed Markdown; older GitLab searched lines, skipping
  ```` ``` ```` blocks and text up to a line that ends in backticks, as a closing fence does.
- `code_span` does the same on one line, for values set in running text (versions,
  machines, devices): a code span whose backtick string is longer than any inside.

Backslash escapes (``\\@``) also stop GitLab's references, but only since GitLab 14
(its MarkdownPreEscapeFilter); an invisible character (U+200B after ``@``) hides that it is
there, and any tool that strips it on the way makes the mention live again: neither is used.

A title is plain text: GitLab renders no Markdown in it (recent versions: code spans
only), yet it links references and mentions there (and notifies). A code span would show
its backticks on older GitLab, so `plain_title`
replaces each character that would start a reference or mention (``@ # ! $ % & ~ ^``
before a letter, digit or quote, and ``/`` of ``://``) with its fullwidth form
(``＠all``, ``＃12``): visible, readable, and matched by no GitLab pattern.

Running text of a Markdown document (an issue's title in ``hdtui stats --markdown``, a
list item teams paste) is Markdown, unlike a title: `inline` takes `plain_title`'s
stand-ins, then backslash-escapes what CommonMark and GitLab would read as markup (HTML
tags and entities, links and images, emphasis, code, strikethrough, table pipes) and a
line's leading ``>``, ``-``, ``+``, ``*``, ``#``, ``1.`` or ``/`` (a quick action); the dot
of a bare ``www.`` host (which GitLab autolinks) becomes fullwidth (``www．``), as ``//``
does; a backslash before any ASCII
punctuation is plain CommonMark, so every renderer shows the character itself.
"""

from __future__ import annotations

import re

_BACKTICKS_RE = re.compile(r"`+")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_INFO_RE = re.compile(r"[A-Za-z0-9_+.-]*")
# ASCII "@" anywhere (GitLab's mention needs only a non-word character before it); the
# reference prefixes before what a reference name or number starts with.
_TITLE_TRIGGER_RE = re.compile(r'@|[#!$%&~^](?=[\w"])|(?<=:)//')
_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "@#!$%&~^/"}
_INLINE_MARKUP_RE = re.compile(r"[\\`*<>\[\]&|~!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
"""Characters that start Markdown markup anywhere in a line: ``_`` only at a word's edge
(``snd_hda_intel`` stays readable: CommonMark emphasises no underscore inside a word)."""
_LINE_START_RE = re.compile(r"^(\s*)([-+*#=/]|\d+(?=[.)]))")
"""A line's leading marker: a list, quote, heading or setext underline, and ``/`` (a
quick action such as ``/close`` on a line of its own)."""
_WWW_RE = re.compile(r"(?<![A-Za-z0-9])(www)\.", re.IGNORECASE)
"""A bare ``www.`` host, which GitLab's GFM autolinks like a URL."""


def _longest_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS_RE.findall(text)), default=0)


def fence(text: str, info: str = "") -> str:
    """``text`` in a fenced code block no line of it can close (no trailing newline)."""
    if not _INFO_RE.fullmatch(info):
        raise ValueError(f"not a code block language: {info!r}")
    # A lone CR ends a line in CommonMark: made LF so the fence's lines are the text's.
    body = _LINE_BREAK_RE.sub("\n", text).rstrip()
    marker = "`" * max(3, _longest_run(body) + 1)
    return f"{marker}{info}\n{body}\n{marker}" if body else f"{marker}{info}\n{marker}"


def code_span(text: str) -> str:
    """``text`` on one line as a code span GitLab shows as written ("" for blank text)."""
    flat = _LINE_BREAK_RE.sub(" ", text)
    if not flat.strip():
        return ""
    marker = "`" * (_longest_run(flat) + 1)
    # CommonMark drops one space at each end when both ends have one: a padding space
    # keeps a leading or trailing backtick off the marker and the text's own spaces.
    if flat[0] in "` " or flat[-1] in "` ":
        flat = f" {flat} "
    return f"{marker}{flat}{marker}"


def plain_title(text: str) -> str:
    """A one-line title with no live GitLab mention or reference (fullwidth stand-ins)."""
    flat = " ".join(_LINE_BREAK_RE.sub(" ", text).split())
    return _TITLE_TRIGGER_RE.sub(lambda m: "".join(_FULLWIDTH[c] for c in m.group()), flat)



def inline(text: str) -> str:
    """``text`` on one line, shown as written wherever Markdown puts it: no HTML, link,
    emphasis, code, list, quote, heading, mention or reference (module docstring)."""
    flat = plain_title(text)
    # A bare www. host is a link on GitLab: its dot made fullwidth, as ``://`` is.
    flat = _WWW_RE.sub(lambda m: m.group(1) + "\uff0e", flat)
    flat = _INLINE_MARKUP_RE.sub(lambda m: "\\" + m.group(), flat)
    # At a line's start a marker makes a list, quote or heading: escaped (``1\.``).
    return _LINE_START_RE.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                else "\\" + m.group(2)), flat)
