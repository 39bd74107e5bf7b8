"""Provides the loader of standard replies: one ``<slug>.<lang>.md`` file per reply and language.

A file that cannot be used becomes a problem string naming it, so one bad translation never hides
the other replies; only a missing directory is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from hdtui.domain.lazy_pattern import lazy
from hdtui.errors import ConfigError

if TYPE_CHECKING:  # the replies are parsed after the first frame (docs/benchmarks.md,
    # "Session 14: warm first rows"): hdtui.domain.reply and its terms are imported then
    from hdtui.domain.reply import ReplyTemplate

FILE_NAME = lazy(
    r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\.md$"
)
"""A reply file name's pattern (compiled when the replies are first loaded): a
kebab-case slug, a language code, ``.md``."""


def _source(directory: Path, path: Path) -> str:
    """Return how a file is named in templates and problems: ``<directory name>/<file name>``."""
    return f"{directory.name}/{path.name}" if directory.name else path.name


def template_paths(directory: Path) -> list[Path]:
    """The ``*.md`` files of the replies ``directory``, sorted; a ConfigError says why the
    directory cannot be used."""
    if not directory.exists():
        raise ConfigError(
            f"The standard replies directory {directory} does not exist. "
            "Check the replies setting in your configuration.",
            "Standard replies not found",
        )
    if not directory.is_dir():
        raise ConfigError(
            f"The standard replies path {directory} is not a directory.",
            "Standard replies not found",
        )
    try:
        return sorted(p for p in directory.glob("*.md") if p.is_file())
    except OSError as e:
        raise ConfigError(
            f"The standard replies directory {directory} cannot be read: {e.strerror or e}",
            "Standard replies unreadable",
        ) from e


def load_templates(directory: Path, paths: list[Path] | None = None
                   ) -> tuple[list[ReplyTemplate], list[str]]:
    """Load every ``*.md`` reply in `directory` (or ``paths``, its files as
    ``template_paths`` found them); return (sorted templates, problems)."""
    from hdtui.domain.reply import parse_template

    if paths is None:
        paths = template_paths(directory)
    templates: list[ReplyTemplate] = []
    problems: list[str] = []
    for path in paths:
        source = _source(directory, path)
        match = FILE_NAME().match(path.name)
        if match is None:
            problems.append(
                f"{source}: bad file name; expected <slug>.<language>.md, "
                "e.g. hardware-unsupported.en.md"
            )
            continue
        try:
            raw = path.read_bytes()
        except OSError as e:
            problems.append(f"{source}: cannot be read: {e.strerror or e}")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{source}: not valid UTF-8 (byte {e.start}); save it as UTF-8")
            continue
        try:
            templates.append(parse_template(text, source, match["slug"], match["lang"]))
        except ValueError as e:
            problems.append(str(e))
    templates.sort(key=lambda t: (t.slug, t.language))
    return templates, problems


AUTO_REPLY_GLOB = "auto-reply.*.md"
"""The auto-reply's files, one per language (docs/autoreply.md)."""


def auto_reply_subjects(directories: Iterable[Path]) -> tuple[str, ...]:
    """The ``subject:`` of each auto-reply file in ``directories`` (its front matter, read
    as the replies' loader reads it): the Help Desk's own auto-reply coming back is system
    mail (docs/autoreply.md). A file that cannot be read gives none (the replies' own
    loading says why)."""
    from hdtui.domain.front_matter import closing, entries, lines_of, opens

    subjects: dict[str, None] = {}
    for directory in directories:
        for path in sorted(directory.glob(AUTO_REPLY_GLOB)):
            try:
                lines = lines_of(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            end = closing(lines) if opens(lines) else None
            if end is None:
                continue
            subjects.update((value, None) for _, key, sep, value in entries(lines, end)
                            if key == "subject" and sep and value)
    return tuple(subjects)
