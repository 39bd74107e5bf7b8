"""Provides ``Labelled``: text whose ``label value`` lines wrap under their value.

A report reads as labelled lines (``Contact    plover@example.org``). Plain Content wraps
a long value back to column 0, under the labels; ``Labelled`` wraps each value to the
width left beside its label and indents the continuation to the value's column (a
hanging indent, docs/layouts.md). Below ``MIN_VALUE_WIDTH`` cells beside the label it
lets the value flow as plain Content does. Every piece is Content: nothing is parsed as
markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.content import Content
from textual.css.styles import RulesMap
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from hdtui.ui.safe import literal

LABEL_WIDTH = 10
"""Cells of the label column; a space always follows it, so a label never runs into its
value (``Message-ID <…>``), and a longer label (a header's name) keeps its own space."""
MIN_VALUE_WIDTH = 20
"""Fewest cells beside the label worth a hanging indent; narrower, values wrap to column 0."""


@dataclass(frozen=True, slots=True)
class Line:
    """One ``label value`` line."""

    label: str
    value: Content

    @property
    def prefix(self) -> Content:
        """The label padded to the label column, and its space."""
        return Content.styled(f"{self.label:<{LABEL_WIDTH}} ", "bold")

    def wrapped(self, width: int) -> Content:
        """The line, its value wrapped to ``width`` with a hanging indent, and a newline."""
        prefix = self.prefix
        indent = prefix.cell_length
        if width - indent < MIN_VALUE_WIDTH:
            return Content.assemble(prefix, self.value, "\n")
        return Content.assemble(prefix, hanging(self.value, indent, width), "\n")


def hanging(text: Content, indent: int, width: int, lead: int = 0) -> Content:
    """``text`` wrapped to ``width`` cells with a hanging indent: its rows after the first
    start at column ``indent`` (spaces put before them), the first where the text is
    placed, ``lead`` cells after ``indent`` (after other text on its line). A word wider
    than a row is cut; wide characters count two cells (``Content.wrap``)."""
    rows = (Content(" " * lead) + text).wrap(width - indent) or [Content("")]
    rows[0] = rows[0][lead:]
    pad = " " * indent
    return Content("\n" + pad).join(rows)


MAX_VALUE_CHARS = 2_000
"""Characters of a labelled value shown; the rest is said, not laid out: a 200,000-character
Subject was wrapped whole, twice (Summary and Subject), screens of it above the body, and
took seconds to open (walk27)."""


HEADER_CHARS = 160
"""Characters of a header's value (Subject, From, Message-ID…) and of the summary shown in
the report's head: with what says the rest, three rows at 80x24. A 20,000-character
Subject took 31 rows as the Summary, 31 more as the Subject and as many for a long
Message-ID, pushing From and the body out of view (walk28); the whole value is folded
below the message (``ReportView``, docs/text-safety.md)."""
WHOLE_BELOW = ": the whole folded below"
"""How a value cut at ``HEADER_CHARS`` says where the rest is."""


def line(label: str, value: str, style: str = "", limit: int = MAX_VALUE_CHARS,
         rest: str = " not shown") -> Line:
    """A labelled line whose value is shown literally (mail text stays data), its first
    ``limit`` characters when longer, saying how many more there are and ``rest``, where
    they are."""
    if len(value) <= limit:
        return Line(label, literal(value, style))
    more = len(value) - limit
    return Line(label, Content.assemble(
        literal(value[:limit], style),
        Content.styled(f"… ({more:,} more characters{rest})", "dim")))


def header_line(label: str, value: str, style: str = "") -> Line:
    """A header's labelled line: its value cut at ``HEADER_CHARS``, the whole below."""
    return line(label, value, style, HEADER_CHARS, WHOLE_BELOW)


Part = Content | Line
"""A piece of a ``Labelled``: free text (wrapped as Content wraps it) or a labelled line."""


class Labelled(Visual):
    """Free text and labelled lines; a labelled value wraps under itself."""

    def __init__(self, parts: Iterable[Part]) -> None:
        self.parts: tuple[Part, ...] = tuple(parts)
        self._cache: tuple[int, Content] | None = None

    def at(self, width: int) -> Content:
        """The whole text as Content whose labelled values are wrapped for ``width``."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        content = Content.assemble(*(part if isinstance(part, Content) else part.wrapped(width)
                                     for part in self.parts))
        self._cache = (width, content)
        return content

    @property
    def plain(self) -> str:
        """The text without wrapping (what tests and selection read)."""
        return self.unwrapped.plain

    @property
    def unwrapped(self) -> Content:
        """The text as one Content, values unwrapped."""
        return Content.assemble(*(part if isinstance(part, Content) else
                                  Content.assemble(part.prefix, part.value, "\n")
                                  for part in self.parts))

    def __str__(self) -> str:
        return self.plain

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        """Part of the Visual protocol: render the text wrapped for ``width``."""
        return self.at(self._inner(width, options.rules)).render_strips(
            width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """Part of the Visual protocol: the widest unwrapped line."""
        return self.unwrapped.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """Part of the Visual protocol: the longest word."""
        return self.unwrapped.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Part of the Visual protocol: the lines at ``width``."""
        return self.at(self._inner(width, rules)).get_height(rules, width)

    @staticmethod
    def _inner(width: int, rules: RulesMap) -> int:
        return width - 2 * int(rules.get("line_pad", 0))


class LabelledStatic(Static):
    """A Static showing ``Labelled`` text; a selection copies the lines as shown."""

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, read from the lines as wrapped on screen."""
        visual = self.visual
        if isinstance(visual, Labelled):
            return selection.extract(visual.at(self.content_region.width).plain), "\n"
        return super().get_selection(selection)
