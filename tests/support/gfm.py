"""Provides live_markup(): what GitLab would make live in Markdown, found with markdown-it-py.

GitLab renders descriptions and notes as CommonMark (plus tables, strikethrough), then runs
its reference filters over the text nodes that are not inside ``pre``, ``code``, ``a`` or
``style``, and executes quick actions found in paragraphs. The model here:

- a CommonMark parse with tables and strikethrough, raw HTML on (as GitLab);
- ``text_join`` off, so a backslash-escaped character stays its own token: GitLab wraps
  it in a ``<span>`` (MarkdownPreEscapeFilter), which splits the text a reference needs;
- what is live: an image, raw HTML (inline or block), a link, an HTML entity, text
  outside code that looks like a mention or reference (``@all``, ``#1``, ``!2``, ``&3``,
  ``$4``, ``~label``, ``%milestone``, ``^alert``, ``[[wiki]]``, a web URL), and a paragraph
  line that starts with ``/`` (a quick action).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

REFERENCE_RE = re.compile(
    r"(?<!\w)@\w|[#!&$]\d|~[\w\"]|%[\w\"]|\^alert|\[\[|(?:https?|ftp)://", re.IGNORECASE)
"""Text that GitLab's mention and reference filters would link."""

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


def parse(markdown: str) -> list[Token]:
    """The block tokens of ``markdown``, as GitLab's CommonMark engine sees it."""
    return _PARSER.parse(markdown)


def _texts(children: Iterable[Token]) -> Iterator[str]:
    """Runs of plain text: consecutive ``text`` tokens joined, split at anything else."""
    run: list[str] = []
    for child in children:
        if child.type == "text":
            run.append(child.content)
            continue
        if run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def live_markup(markdown: str) -> list[str]:
    """Everything GitLab would render live (not as text) in ``markdown``, described."""
    found: list[str] = []
    tokens = parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            found.append(f"HTML block {token.content.strip()!r}")
        if token.type != "inline":
            continue
        in_paragraph = index > 0 and tokens[index - 1].type == "paragraph_open"
        if in_paragraph:
            found += [f"quick action {line!r}" for line in token.content.split("\n")
                      if line.startswith("/")]
        children = token.children or []
        for child in children:
            if child.type == "image":
                found.append(f"image {child.attrGet('src')!r}")
            elif child.type == "html_inline":
                found.append(f"HTML {child.content!r}")
            elif child.type == "link_open":
                found.append(f"link {child.attrGet('href')!r}")
            elif child.type == "text_special" and child.info == "entity":
                found.append(f"entity {child.markup!r}")
        for text in _texts(children):
            found += [f"reference {m.group()!r} in {text!r}" for m in REFERENCE_RE.finditer(text)]
    return found


def fences(markdown: str) -> list[str]:
    """The contents of the fenced and indented code blocks of ``markdown``."""
    return [t.content for t in parse(markdown) if t.type in ("fence", "code_block")]


def headings(markdown: str) -> list[str]:
    """The headings of ``markdown``, in order (what a fence left open would swallow)."""
    tokens = parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


HOSTILE_ANSWER = (
    "@all @team @tails/foundations-team see #1, !2, &3, $4, ~bug, %\"7.6\", tails/tails#12\n"
    "![x](http://e/x.png) <img src=x> <!-- hidden --> [[Home]] &amp;\n"
    "```\n"
    "/close\n"
    "/assign @x\n"
    "```\n"
    "~~~\n"
    "/label ~\"P:Urgent\"\n"
    "~~~\n"
    "<details><summary>open</summary>\n"
    "\n"
    "## Not a heading of the issue\n"
    "\n"
    "</details>\n"
    "`````````` ten backticks"
)
"""A user's answer that tries everything: fences of its own, quick actions, HTML."""


def hostile_report(wifi_report: str) -> str:
    """The Wi-Fi WhisperBack report (text) with hostile words wherever a report has text."""
    return (wifi_report
            .replace("Subject: Wi-Fi networks not listed since upgrade to 7.5",
                     "Subject: @all Wi-Fi #1 !2 ~bug tails/tails#12 <img src=x> ![x](http://e/x)")
            .replace('VERSION="7.5"', 'VERSION="7.5 @all #3"')
            .replace("HP 250 G5 Notebook PC", "HP <img src=x> @team !4 ![y](http://e/y)")
            .replace("RTL8723BE PCIe Wireless Network Adapter",
                     "RTL8723BE @all #5 <b>x</b> ![z](http://e/z)")
            .replace("Connect to the Wi-Fi network at home, like I did with Tails 7.4.",
                     HOSTILE_ANSWER))
