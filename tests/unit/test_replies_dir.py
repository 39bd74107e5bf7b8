"""Tests the reply directory loader and the standard replies shipped in replies/."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.domain.autoreply import SLUG as AUTO_REPLY
from hdtui.domain.reply import ReplyTemplate, choose_variant, group_by_slug, render
from hdtui.errors import ConfigError
from hdtui.replies import load_templates

REPLIES = Path(__file__).resolve().parents[2] / "replies"

SLUGS = {
    "standard-reply",
    "hardware-unsupported",
    "apple-hardware",
    "not-enough-information",
    "search-engine",
    "not-tails-dev",
    "no-key-on-keyserver",
    "how-to-collaborate",
    "mirror-broken",
    "known-issue-feedback",
    "reproduce-debian-live",
}
TRANSLATED = {
    "standard-reply",
    "upgrade",
    "hardware-unsupported",
    "apple-hardware",
    "not-enough-information",
    "known-issue-feedback",
}
KNOWN_PLACEHOLDERS = {
    "report_id",
    "issue_url",
    "issue_title",
    "subject",
    "name_greeting",
    "support_question",
    "version",
}
SIGNATURE = "The Tails Help Desk"


@pytest.fixture(scope="module")
def shipped() -> list[ReplyTemplate]:
    """Load the shipped replies members send and assert there is no problem. The
    auto-reply lives there too but is no answer: the mail server sends it by itself, with
    its own subject and no greeting (tested in tests/unit/test_autoreply_text.py)."""
    templates, problems = load_templates(REPLIES)
    assert problems == []
    assert any(t.slug == AUTO_REPLY for t in templates)
    return [t for t in templates if t.slug != AUTO_REPLY]


def write(directory: Path, name: str, content: str | bytes) -> None:
    """Write a reply file as text or bytes."""
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


GOOD = (
    "---\ntitle: T\nwhen: W\nlanguage: {lang}\nsubject: Re: $subject\n---\nHello$name_greeting,\n"
)


# --- the shipped replies -------------------------------------------------------------------


def test_every_shipped_file_loads(shipped: list[ReplyTemplate]) -> None:
    assert len(shipped) == len(list(REPLIES.glob("*.md"))) - len(
        list(REPLIES.glob(f"{AUTO_REPLY}.*.md")))
    for template in shipped:
        assert template.source == f"replies/{template.slug}.{template.language}.md"


def test_every_topic_has_an_english_variant(shipped: list[ReplyTemplate]) -> None:
    groups = group_by_slug(shipped)
    assert set(groups) >= SLUGS
    for slug, variants in groups.items():
        assert "en" in {t.language for t in variants}, slug


@pytest.mark.parametrize("slug", sorted(TRANSLATED))
@pytest.mark.parametrize("language", ["fr", "es"])
def test_required_translations_exist(
    shipped: list[ReplyTemplate], slug: str, language: str
) -> None:
    chosen = choose_variant(shipped, slug, language)
    assert chosen is not None
    assert chosen.language == language


def test_variants_declare_the_same_facts(shipped: list[ReplyTemplate]) -> None:
    """A reply ranks the same whatever the message's language (docs/replies.md)."""
    for slug, variants in group_by_slug(shipped).items():
        assert len({(t.requires, t.fits, t.mentions) for t in variants}) == 1, slug


def test_replies_that_state_a_fact_require_it(shipped: list[ReplyTemplate]) -> None:
    for template in shipped:
        if template.slug == "apple-hardware":
            assert "mac" in template.requires
        if template.slug == "upgrade":
            assert "outdated" in template.requires
        if "RTL8723BE" in template.body:
            assert "pci 10ec:b723" in template.requires, template.source


def test_variants_use_the_same_placeholders(shipped: list[ReplyTemplate]) -> None:
    for slug, variants in group_by_slug(shipped).items():
        assert len({t.placeholders for t in variants}) == 1, slug


def test_shipped_replies_use_only_known_placeholders(shipped: list[ReplyTemplate]) -> None:
    for template in shipped:
        assert set(template.placeholders) <= KNOWN_PLACEHOLDERS, template.source
        assert template.subject == "Re: $subject", template.source


def test_topic_specific_placeholders(shipped: list[ReplyTemplate]) -> None:
    for template in shipped:
        if template.slug == "not-enough-information":
            assert "support_question" in template.placeholders, template.source
        if template.slug == "known-issue-feedback":
            assert {"issue_url", "issue_title"} <= set(template.placeholders), template.source
        if template.slug == "apple-hardware":
            assert "17640" in template.body or "issue_url" in template.placeholders


def test_every_body_line_is_at_most_72_characters(shipped: list[ReplyTemplate]) -> None:
    for template in shipped:
        for number, line in enumerate(template.body.splitlines(), start=1):
            assert len(line) <= 72, f"{template.source} body line {number}: {line!r}"


def test_every_reply_greets_and_is_signed(shipped: list[ReplyTemplate]) -> None:
    for template in shipped:
        first = template.body.splitlines()[0]
        assert first.endswith("$name_greeting,"), template.source
        assert template.body.rstrip().endswith(SIGNATURE), template.source
        assert "INSERT" not in template.body, template.source


def test_shipped_replies_render_completely(shipped: list[ReplyTemplate]) -> None:
    values = {name: f"<{name}>" for name in KNOWN_PLACEHOLDERS}
    for template in shipped:
        rendered = render(template, values)
        assert rendered.missing == ()
        assert "$" not in rendered.body, template.source


# --- load_templates on temporary directories -----------------------------------------------


def test_missing_directory_raises_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(ConfigError) as info:
        load_templates(missing)
    assert str(missing) in str(info.value)


def test_file_instead_of_directory_raises_config_error(tmp_path: Path) -> None:
    path = tmp_path / "replies"
    path.write_text("x")
    with pytest.raises(ConfigError):
        load_templates(path)


def test_empty_directory(tmp_path: Path) -> None:
    assert load_templates(tmp_path) == ([], [])


def test_templates_are_sorted_and_named_from_the_file(tmp_path: Path) -> None:
    write(tmp_path, "zeta.fr.md", GOOD.format(lang="fr"))
    write(tmp_path, "alpha.es.md", GOOD.format(lang="es"))
    write(tmp_path, "zeta.en.md", GOOD.format(lang="en"))
    write(tmp_path, "alpha.en.md", GOOD.format(lang="en"))
    write(tmp_path, "notes.txt", "ignored")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "deep.en.md", GOOD.format(lang="en"))
    templates, problems = load_templates(tmp_path)
    assert problems == []
    assert [(t.slug, t.language) for t in templates] == [
        ("alpha", "en"),
        ("alpha", "es"),
        ("zeta", "en"),
        ("zeta", "fr"),
    ]
    assert templates[0].source == f"{tmp_path.name}/alpha.en.md"


def test_bad_files_become_problems(tmp_path: Path) -> None:
    write(tmp_path, "good.en.md", GOOD.format(lang="en"))
    write(tmp_path, "latin1.fr.md", GOOD.format(lang="fr").encode("utf-8") + b"caf\xe9\n")
    write(tmp_path, "nofront.en.md", "Hello\n")
    write(tmp_path, "notitle.en.md", "---\nwhen: W\n---\nBody\n")
    write(tmp_path, "unknown.en.md", "---\ntitle: T\nwhen: W\ncolour: red\n---\nBody\n")
    write(tmp_path, "mismatch.es.md", GOOD.format(lang="fr"))
    write(tmp_path, "nolanguage.md", GOOD.format(lang="en"))
    write(tmp_path, "Bad Name.en.md", GOOD.format(lang="en"))
    templates, problems = load_templates(tmp_path)
    assert [t.slug for t in templates] == ["good"]
    assert len(problems) == 7
    text = "\n".join(problems)
    for name in (
        "latin1.fr.md",
        "nofront.en.md",
        "notitle.en.md",
        "unknown.en.md",
        "mismatch.es.md",
        "nolanguage.md",
        "Bad Name.en.md",
    ):
        assert sum(name in problem for problem in problems) == 1, name
    assert "UTF-8" in text
    assert "missing front matter" in text
    assert "'title'" in text
    assert "'colour'" in text
    assert "file name" in text


def test_file_without_language_key_takes_it_from_the_name(tmp_path: Path) -> None:
    write(tmp_path, "x.de.md", "---\ntitle: T\nwhen: W\n---\nHallo\n")
    templates, problems = load_templates(tmp_path)
    assert problems == []
    assert templates[0].language == "de"
    assert templates[0].subject == "Re: $subject"


def test_the_auto_reply_subjects_are_read_as_the_loader_reads_front_matter(
        tmp_path: Path) -> None:
    """One reading of the front matter for both: a key in capitals, a byte-order mark and
    Windows line ends are the loader's too (hdtui/domain/front_matter.py)."""
    from hdtui.replies import auto_reply_subjects

    (tmp_path / "auto-reply.de.md").write_text(
        "\ufeff---\r\ntitle: t\r\nwhen: w\r\nSubject: Automatische Antwort\r\n---\r\nText\r\n",
        encoding="utf-8")
    (tmp_path / "auto-reply.fr.md").write_text("no front matter\n", encoding="utf-8")
    assert auto_reply_subjects([tmp_path]) == ("Automatische Antwort",)
