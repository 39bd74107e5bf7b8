"""Tests the pure standard-reply domain: parsing, variants, rendering and issue sections."""

from __future__ import annotations

import pytest

from hdtui.domain.reply import (
    ReplyTemplate,
    choose_variant,
    fill_in,
    group_by_slug,
    issue_sections,
    parse_fact,
    parse_template,
    render,
    reply_from_issue,
)

GOOD = """\
---
title: Hardware support reports we can't help with
when: The report is about hardware that does not work.
language: en
subject: Re: $subject
---
Hello$name_greeting,

Did Tails older than $version work? Report $report_id, ${version}.

The Tails Help Desk
"""


def make(slug: str, language: str, body: str = "Hello$name_greeting,\n") -> ReplyTemplate:
    """Build a template for tests."""
    return ReplyTemplate(
        slug=slug,
        language=language,
        title=f"{slug} {language}",
        when="always",
        subject="Re: $subject",
        body=body,
        source=f"replies/{slug}.{language}.md",
    )


# --- parse_template ------------------------------------------------------------------------


def test_parse_template_reads_front_matter_and_body() -> None:
    template = parse_template(GOOD, "replies/hw.en.md", "hw", "en")
    assert template.slug == "hw"
    assert template.language == "en"
    assert template.title == "Hardware support reports we can't help with"
    assert template.when == "The report is about hardware that does not work."
    assert template.subject == "Re: $subject"
    assert template.body.startswith("Hello$name_greeting,\n\nDid Tails")
    assert template.body.endswith("The Tails Help Desk\n")
    assert template.source == "replies/hw.en.md"


def test_placeholders_are_sorted_unique_from_subject_and_body() -> None:
    template = parse_template(GOOD, "x", "hw", "en")
    assert template.placeholders == ("name_greeting", "report_id", "subject", "version")


def test_parse_template_accepts_crlf_and_bom() -> None:
    text = "\ufeff" + GOOD.replace("\n", "\r\n")
    template = parse_template(text, "x", "hw", "en")
    assert template.title == "Hardware support reports we can't help with"
    assert "\r" not in template.body


def test_parse_template_defaults_subject() -> None:
    text = "---\ntitle: T\nwhen: W\n---\nBody\n"
    assert parse_template(text, "x", "s", "en").subject == "Re: $subject"


def test_escaped_dollar_is_not_a_placeholder() -> None:
    text = "---\ntitle: T\nwhen: W\n---\nIt costs $$5, $name_greeting.\n"
    template = parse_template(text, "x", "s", "en")
    assert template.placeholders == ("name_greeting", "subject")
    assert render(template, {"name_greeting": "", "subject": "s"}).body == "It costs $5, .\n"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Hello\n", "missing front matter"),
        ("", "missing front matter"),
        ("---\ntitle: T\nwhen: W\nBody\n", "not closed"),
        ("---\nwhen: W\n---\nBody\n", "missing front-matter key 'title'"),
        ("---\ntitle: T\n---\nBody\n", "missing front-matter key 'when'"),
        ("---\ntitle:\nwhen: W\n---\nBody\n", "missing front-matter key 'title'"),
        ("---\ntitle: T\nwhen: W\nauthor: me\n---\nBody\n", "unknown front-matter key 'author'"),
        ("---\ntitle: T\nwhen: W\ntitle: U\n---\nBody\n", "duplicate front-matter key 'title'"),
        ("---\ntitle: T\nwhen: W\njust text\n---\nBody\n", "is not 'key: value'"),
        ("---\ntitle: T\nwhen: W\nlanguage: fr\n---\nBody\n", "language 'fr'"),
        ("---\ntitle: T\nwhen: W\n---\n\n\n", "empty body"),
        ("---\ntitle: T\nwhen: W\n---\nPay $5 now\n", "invalid placeholder in the body at line 1"),
        (
            "---\ntitle: T\nwhen: W\nsubject: 100$\n---\nBody\n",
            "invalid placeholder in the subject",
        ),
    ],
)
def test_parse_template_errors_name_source_and_problem(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_template(text, "replies/bad.en.md", "bad", "en")
    assert str(info.value).startswith("replies/bad.en.md: ")
    assert fragment in str(info.value)


def test_parse_template_reads_the_facts_a_reply_fits() -> None:
    text = ("---\ntitle: T\nwhen: W\nrequires: PCI [10EC:B723], mac\nfits: hardware,  pc,\n"
            "mentions: Wi-Fi,  public   key, wifi\n---\nBody\n")
    template = parse_template(text, "replies/t.en.md", "t", "en")
    assert template.requires == ("pci 10ec:b723", "mac")
    assert template.fits == ("hardware", "pc")
    assert template.mentions == ("wi-fi", "public key", "wifi")
    plain = parse_template("---\ntitle: T\nwhen: W\n---\nBody\n", "replies/t.en.md", "t", "en")
    assert (plain.requires, plain.fits, plain.mentions) == ((), (), ())


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("fits: hardwre", "unknown fact 'hardwre'"),
        ("requires: pci", "'pci' needs a vendor:device id"),
        ("requires: pci 10ec", "'pci' needs a vendor:device id"),
        ("fits: mac os", "the fact 'mac' takes no value"),
        ("requires: to", "'to' needs an address or a list name"),
        ("requires: mac\nfits: mac, pc", "mac is in both 'requires' and 'fits'"),
        ("mentions: the, tails", "only words too common"),
    ],
)
def test_bad_facts_are_errors_naming_the_key(line: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_template(f"---\ntitle: T\nwhen: W\n{line}\n---\nBody\n", "replies/bad.en.md",
                       "bad", "en")
    assert str(info.value).startswith("replies/bad.en.md: ")
    assert fragment in str(info.value)


def test_parse_fact_normalises() -> None:
    assert parse_fact(" Known-Issue ") == "known-issue"
    assert parse_fact("to  Tails-Dev") == "to tails-dev"
    assert parse_fact("pci  [8086:1616]") == "pci 8086:1616"


def test_fill_in_fills_some_placeholders_now_and_keeps_the_rest() -> None:
    template = make("k", "en", "Hello$name_greeting, see $issue_title ${issue_url}; pay $$5.\n")
    filled = fill_in(template, {"issue_title": "Costs $$ and $HOME", "issue_url": "https://x/1"})
    assert filled.placeholders == ("name_greeting", "subject")
    rendered = render(filled, {"name_greeting": "", "subject": "s"})
    assert rendered.body == "Hello, see Costs $$ and $HOME https://x/1; pay $5.\n"
    assert rendered.missing == ()


# --- choose_variant and group_by_slug ------------------------------------------------------


TEMPLATES = [
    make("apple-hardware", "en"),
    make("apple-hardware", "fr"),
    make("apple-hardware", "es"),
    make("mirror-broken", "en"),
    make("only-german", "de"),
    make("only-german", "it"),
]


@pytest.mark.parametrize(
    ("slug", "language", "expected"),
    [
        ("apple-hardware", "fr", "fr"),
        ("apple-hardware", "es", "es"),
        ("apple-hardware", "FR", "fr"),
        ("apple-hardware", "fr_CA", "fr"),
        ("apple-hardware", "pt", "en"),
        ("apple-hardware", None, "en"),
        ("apple-hardware", "", "en"),
        ("mirror-broken", "fr", "en"),
        ("only-german", "fr", "de"),
        ("only-german", "it", "it"),
        ("only-german", None, "de"),
    ],
)
def test_choose_variant_falls_back(slug: str, language: str | None, expected: str) -> None:
    chosen = choose_variant(TEMPLATES, slug, language)
    assert chosen is not None
    assert chosen.slug == slug
    assert chosen.language == expected


def test_choose_variant_unknown_slug_is_none() -> None:
    assert choose_variant(TEMPLATES, "nope", "en") is None
    assert choose_variant([], "apple-hardware", None) is None


def test_group_by_slug_keeps_order() -> None:
    groups = group_by_slug(TEMPLATES)
    assert list(groups) == ["apple-hardware", "mirror-broken", "only-german"]
    assert [t.language for t in groups["apple-hardware"]] == ["en", "fr", "es"]
    assert [t.language for t in groups["only-german"]] == ["de", "it"]
    assert group_by_slug([]) == {}


# --- render --------------------------------------------------------------------------------


def test_render_fills_all_values() -> None:
    template = parse_template(GOOD, "x", "hw", "en")
    rendered = render(
        template,
        {
            "subject": "Bug report: abc",
            "name_greeting": ", Alex",
            "version": "6.4",
            "report_id": "abc",
        },
    )
    assert rendered.subject == "Re: Bug report: abc"
    assert rendered.body.startswith(
        "Hello, Alex,\n\nDid Tails older than 6.4 work? Report abc, 6.4."
    )
    assert rendered.missing == ()


def test_render_empty_value_is_not_missing() -> None:
    template = make("s", "en")
    rendered = render(template, {"name_greeting": "", "subject": "Hi"})
    assert rendered.body == "Hello,\n"
    assert rendered.missing == ()


def test_render_reports_and_keeps_missing_placeholders() -> None:
    template = parse_template(GOOD, "x", "hw", "en")
    rendered = render(template, {"subject": "Help", "name_greeting": ""})
    assert rendered.missing == ("report_id", "version")
    assert "older than $version work? Report $report_id, ${version}." in rendered.body
    assert rendered.subject == "Re: Help"


def test_render_does_not_expand_dollars_inside_values() -> None:
    template = make("s", "en")
    rendered = render(template, {"name_greeting": ", $subject", "subject": "x"})
    assert rendered.body == "Hello, $subject,\n"


# --- issue_sections ------------------------------------------------------------------------


ISSUE_13576 = """\
Since 2016, the keyboard, trackpad and Touch Bar of MacBook Pros don't work.

## Workaround

Use an external keyboard and mouse.

## Standard reply

Hello,

The internal keyboard and trackpad of your MacBook Pro are not
supported by Linux yet. Use external ones.

### Details

Apple uses a new SPI bus.

## We need your feedback

Tell us the model of your MacBook Pro.

## Related issues

- #17640
"""


def test_issue_sections_with_level_two_headings() -> None:
    sections = issue_sections(ISSUE_13576)
    assert set(sections) == {"standard reply", "we need your feedback", "workaround"}
    assert sections["workaround"] == "Use an external keyboard and mouse."
    assert sections["we need your feedback"] == "Tell us the model of your MacBook Pro."


def test_issue_sections_keep_nested_subsections() -> None:
    standard = issue_sections(ISSUE_13576)["standard reply"]
    assert standard.startswith("Hello,\n\nThe internal keyboard")
    assert "### Details\n\nApple uses a new SPI bus." in standard
    assert "We need your feedback" not in standard


def test_issue_sections_with_anchors_colons_and_case() -> None:
    description = (
        "# Black screen with Intel GPU\n\n"
        "### Standard reply {#standard-reply}\n\nTry i915.force_probe.\n\n"
        "#### STANDARD REPLY details\n\nstill inside\n\n"
        "### We Need Your Feedback: {#we-need-your-feedback}\n\nTest the nightly image.\n\n"
        "#### workarounds ####\n\nnomodeset\n\n"
        "### Other\n\nnot in any section\n"
    )
    sections = issue_sections(description)
    assert sections["standard reply"] == (
        "Try i915.force_probe.\n\n#### STANDARD REPLY details\n\nstill inside"
    )
    assert (
        sections["we need your feedback"]
        == "Test the nightly image.\n\n#### workarounds ####\n\nnomodeset"
    )
    # The "workarounds" heading is nested in the feedback section, yet still its own section.
    assert sections["workaround"] == "nomodeset"


def test_issue_sections_ends_at_higher_level_heading() -> None:
    description = "### Standard reply\n\nText\n\n# Top\n\nother\n"
    assert issue_sections(description) == {"standard reply": "Text"}


def test_issue_sections_with_crlf() -> None:
    description = (
        "Intro\r\n\r\n## Standard reply:\r\n\r\nLine one\r\nLine two\r\n\r\n## Next\r\nx\r\n"
    )
    assert issue_sections(description) == {"standard reply": "Line one\nLine two"}


def test_issue_sections_without_any_section() -> None:
    assert issue_sections("Just a **bug**.\n\n## Steps\n\n1. Boot\n") == {}
    assert issue_sections("") == {}
    assert issue_sections("**Standard reply**: not a heading\n") == {}


def test_issue_sections_matches_by_anchor_and_bold_heading() -> None:
    description = (
        "## **Standard reply** for affected users\n\nBold one\n\n"
        "## Réponse {#we-need-your-feedback}\n\nBy anchor\n"
    )
    sections = issue_sections(description)
    assert sections["standard reply"] == "Bold one"
    assert sections["we need your feedback"] == "By anchor"


def test_issue_sections_setext_headings() -> None:
    description = "Standard reply\n--------------\n\nSetext text\n\nOther\n=====\n\nx\n"
    assert issue_sections(description) == {"standard reply": "Setext text"}


def test_issue_sections_ignore_headings_in_code_fences() -> None:
    description = (
        "## Standard reply\n\nBefore\n\n```\n## Workaround\n# comment\n```\n\nAfter\n\n## End\n"
    )
    sections = issue_sections(description)
    assert sections == {"standard reply": "Before\n\n```\n## Workaround\n# comment\n```\n\nAfter"}


def test_issue_sections_skip_empty_and_keep_first() -> None:
    description = "## Workaround\n\n## Standard reply\n\nFirst\n\n## Standard reply\n\nSecond\n"
    assert issue_sections(description) == {"standard reply": "First"}


# --- reply_from_issue ----------------------------------------------------------------------


URL = "https://gitlab.tails.boum.org/tails/tails/-/issues/13576"


def test_reply_from_issue_with_feedback() -> None:
    template = reply_from_issue(13576, "MacBook Pro keyboard", URL, ISSUE_13576)
    assert template is not None
    assert template.slug == "issue-13576"
    assert template.language == "en"
    assert template.title == "#13576: MacBook Pro keyboard"
    assert template.source == "issue #13576"
    assert template.subject == "Re: $subject"
    assert "13576" in template.when
    assert template.body.startswith("Hello,\n\nThe internal keyboard")
    assert "Apple uses a new SPI bus." in template.body
    assert "We need your feedback" in template.body
    assert template.body.rstrip().endswith("Tell us the model of your MacBook Pro.")
    assert template.body.index("SPI bus") < template.body.index("We need your feedback")
    assert "Use an external keyboard and mouse." not in template.body


def test_reply_from_issue_without_feedback() -> None:
    template = reply_from_issue(1, "T", URL, "## Standard reply\n\nOnly this.\n")
    assert template is not None
    assert template.body == "Only this.\n"


def test_reply_from_issue_without_any_section_is_none() -> None:
    assert reply_from_issue(3, "T", URL, "") is None
    assert reply_from_issue(3, "T", URL, "Laptops freeze.\n\n## Notes\n\nNone.\n") is None


def test_without_standard_reply_the_workaround_and_feedback_make_the_reply() -> None:
    description = ("It freezes.\n\n## Workaround\n\nAdd `nomodeset` ($5 fix).\n\n"
                   "## We need your feedback\n\nTell us the model.\n")
    template = reply_from_issue(7, "Freeze on X", URL, description)
    assert template is not None and template.source == "issue #7"
    rendered = render(template, {"name_greeting": " Kim", "subject": "s"})
    body = rendered.body
    assert body.startswith("Hello Kim,\n")
    assert "Freeze on X\n" + URL in body
    assert body.index("Add `nomodeset` ($5 fix).") < body.index("We need your feedback:")
    assert body.index("We need your feedback:") < body.index("Tell us the model.")
    assert body.rstrip().endswith("The Tails Help Desk")
    assert "Workaround and feedback" in template.when
    only_feedback = reply_from_issue(2, "T", URL, "## We need your feedback\n\nTell us.\n")
    assert only_feedback is not None
    assert "What you can try" not in only_feedback.body and "Tell us." in only_feedback.body


def test_reply_from_issue_keeps_dollars_literal() -> None:
    description = "## Standard reply\n\nRun `echo $HOME` and pay $5 for $$.\n"
    template = reply_from_issue(4, "T", URL, description)
    assert template is not None
    assert template.placeholders == ("subject",)
    rendered = render(template, {"subject": "Help", "HOME": "/root"})
    assert rendered.body == "Run `echo $HOME` and pay $5 for $$.\n"
    assert rendered.subject == "Re: Help"
    assert rendered.missing == ()
