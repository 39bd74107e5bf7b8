"""The dependency direction holds: domain and services import no third-party package."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
THIRD_PARTY = ("textual", "rich", "imapclient", "gitlab", "tinydb", "mailparser", "gnupg",
               "slixmpp", "requests", "defusedxml")
ADAPTERS = ("hdtui.sources", "hdtui.gpg", "hdtui.store", "hdtui.tracker", "hdtui.replies",
            "hdtui.smtp", "hdtui.xmpp", "hdtui.outbound", "hdtui.cli", "hdtui.releases")


@pytest.mark.parametrize("package", ["hdtui.domain", "hdtui.services"])
def test_headless_layers_load_no_third_party_module(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = sorted({{n.split('.')[0] for n in sys.modules}} & set({THIRD_PARTY!r}))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_only_stdlib_and_itself() -> None:
    for path in (ROOT / "hdtui" / "domain").rglob("*.py"):  # the insight package too
        for name in imports_of(path):
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or name.startswith("hdtui.domain") or \
                top == "__future__", f"{path.name} imports {name}"


def test_ui_never_imports_an_adapter_or_its_library() -> None:
    for path in (ROOT / "hdtui" / "ui").rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(ADAPTERS), f"{path} imports {name}"
            assert name.split(".")[0] not in THIRD_PARTY[2:], f"{path} imports {name}"


def test_adapters_never_import_services_or_ui() -> None:
    adapter_files = [*(ROOT / "hdtui" / "sources").glob("*.py"),
                     *(ROOT / "hdtui" / "tracker").glob("*.py"),
                     *(ROOT / "hdtui" / "outbound").glob("*.py"),
                     *(ROOT / "hdtui" / "releases").glob("*.py"),
                     ROOT / "hdtui" / "gpg.py", ROOT / "hdtui" / "store.py",
                     ROOT / "hdtui" / "replies.py"]
    for path in adapter_files:
        for name in imports_of(path):
            assert not name.startswith(("hdtui.services", "hdtui.ui")), f"{path} imports {name}"


def test_adapters_never_import_the_config_module() -> None:
    """Adapters take plain values; hdtui.wiring alone turns config sections into them."""
    adapter_files = [*(ROOT / "hdtui" / "sources").glob("*.py"),
                     *(ROOT / "hdtui" / "tracker").glob("*.py"),
                     *(ROOT / "hdtui" / "outbound").glob("*.py"),
                     *(ROOT / "hdtui" / "releases").glob("*.py"),
                     ROOT / "hdtui" / "gpg.py", ROOT / "hdtui" / "store.py",
                     ROOT / "hdtui" / "replies.py", ROOT / "hdtui" / "secrets.py"]
    for path in adapter_files:
        for name in imports_of(path):
            assert name != "hdtui.config", f"{path} imports {name}"


TEXT_WIDGETS = {"Input", "TextArea"}


def test_screens_take_text_widgets_only_from_safe() -> None:
    """Text widgets come from hdtui.ui.safe and hdtui.ui.safe_text_area, which clean
    whatever they are given (docs/text-safety.md); importing Textual's own would skip
    that."""
    for path in (ROOT / "hdtui" / "ui").rglob("*.py"):
        if path.name in ("safe.py", "safe_text_area.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                bad = {alias.name for alias in node.names} & TEXT_WIDGETS
                assert not bad, f"{path.name} imports {bad} from {node.module}"


def test_toasts_never_parse_markup() -> None:
    """Every toast goes through HdtuiApp.notify, which shows its text literally."""
    from hdtui.ui.app import HdtuiApp

    assert "notify" in HdtuiApp.__dict__


# What a warm start's first frame does not need, imported later by what uses it
# (docs/benchmarks.md, "Warm start imports").
NOT_BEFORE_FIRST_FRAME = ("gnupg", "imapclient", "gitlab", "slixmpp", "mailparser",
                          "defusedxml", "hdtui.domain.matching", "hdtui.domain.reply_choice",
                          "hdtui.domain.issue_draft", "hdtui.domain.redact",
                          "hdtui.ui.screens.issue_form", "hdtui.ui.screens.hot_topics",
                          # the services built by a worker after the first frame
                          # (docs/benchmarks.md, "Services built after the first frame")
                          "hdtui.services.acting", "hdtui.services.autoreply",
                          "hdtui.services.insight", "hdtui.domain.insight",
                          "hdtui.domain.signals", "hdtui.domain.weekly",
                          "hdtui.releases.feeds", "hdtui.outbound", "urllib.request",
                          "smtplib",
                          # what only a key's screen or a later step uses (docs/benchmarks.md,
                          # "Warm start imports", session 9)
                          "hdtui.ui.screens.help", "textual.widgets._data_table",
                          "textual.widgets._text_area", "textual.document",
                          "hdtui.domain.autoreply", "hashlib", "hdtui.domain.compose",
                          "hdtui.domain.followups", "hdtui.domain.process",
                          "hdtui.domain.releases", "html.parser",
                          # the parser of a message's bytes, its MIME and key blocks: the
                          # first frame's rows come from the cache (session 10)
                          "hdtui.sources.parse", "hdtui.mime", "hdtui.domain.openpgp",
                          "mailbox", "email.message", "email.policy", "email.generator",
                          "email.headerregistry",
                          # the GitLab writes, built with the actions (session 10)
                          "hdtui.domain.gitlab_write",
                          # the progress bar of a long read, mounted when one starts
                          "textual.widgets._progress_bar",
                          # the Mailman notices: read with a message, not for the rows of
                          # the cache
                          "hdtui.domain.moderation",
                          # the email package's header parsing and formatting: a claim's
                          # message, the team folders' files (session 11)
                          "email.utils", "email.parser", "email.header", "email.feedparser",
                          # the standard replies, parsed when first needed, and the terms
                          # of their mentions and of the filter (session 14)
                          "hdtui.domain.reply", "hdtui.domain.terms")
# What the first frame itself does not need, imported once it is drawn (session 15): the
# WhisperBack parser (the rows come from the cache; the report pane's view imports it)
# and the report pane's parts, mounted right after the frame (so before the services).
REPORT_PARSER = ("hdtui.domain.report", "hdtui.domain.debug", "hdtui.domain.hardware",
                 "hdtui.domain.language")
REPORT_PARTS = ("hdtui.ui.widgets.report_view", "hdtui.ui.widgets.issue_list",
                "hdtui.ui.widgets.reply_list", "hdtui.ui.screens.preview", "hdtui.ui.labelled",
                "textual.widgets._collapsible")
NOT_IN_A_LOCAL_START = ("hdtui.sources.imap", "hdtui.read_process", "imaplib",
                        "calendar")  # imaplib's; email.utils's too before session 11
"""What only an IMAP mailbox needs: not loaded in the demo or with a local mailbox."""
IMAP_CLIENT = ("imaplib", "calendar", "email")
"""What the IMAP source uses once it connects (with imapclient), not before an IMAP
start's first frame: the login comes after it (docs/benchmarks.md, "Session 28: warm
first rows")."""
AFTER_THE_FIRST_FRAME = ("tinydb", "hdtui.ui.widgets.fitted_footer", "textual.widgets._footer")
"""What a warm start's first frame does without (docs/benchmarks.md, "Session 29: warm
first rows"): TinyDB, opened by the store's first write or lookup (the first frame reads
the claims and the outbox from the loaded tables), and the footer, mounted into its line
once that frame is drawn (``FooterSlot``: Textual's footer shows no key in its first
frame)."""
BUILT_WHEN_READ = ("hdtui.domain.message", "hdtui.domain.issue", "hdtui.domain.mailbox_delta")
"""The modules of the message's, the known issue's and the listing's frozen dataclasses
(Message, Attachment, Embedded; KnownIssue; Delta), each built from generated source at
import: the first frame's rows come from the cache's index, and no message nor issue is
read or decoded, nor the mailbox listed, before it (docs/benchmarks.md, "Session 21: warm
first rows")."""


START_PATH = """
import sys
from pathlib import Path
import hdtui.cli
hdtui.cli.parse_arguments(["--config", sys.argv[1]])  # as hdtui.cli.main parses a start
from hdtui.config import load_config
from hdtui.wiring import build
import hdtui.ui.app
config = load_config(Path(sys.argv[1]))
hdtui.cli.checked_keymap("vim", config)
setup = build(config, demo=False, read_only=True, config_file=sys.argv[1])
try:
    head = setup.triage.head()
    later = setup.services
    app = hdtui.ui.app.HdtuiApp(setup.triage, {}, "default", setup.label, (), head,
                                later.actions, later.insight, later.releases, later.autoreply)
finally:
    setup.close()
print(" ".join(sorted(m for m in sys.modules if m in NAMES or m.split(".")[0] in NAMES)))
import dataclasses
print(" ".join(sorted(f"{name}.{kind}" for name, module in list(sys.modules.items())
                      if name.startswith("hdtui.")
                      for kind in ("Message", "Attachment", "Embedded", "KnownIssue",
                                   "Delta")
                      if dataclasses.is_dataclass(getattr(module, kind, None)))))
print(" ".join(sorted(f"{name}.{attr}" for name, module in list(sys.modules.items())
                      if name.startswith("hdtui.")
                      for attr, value in vars(module).items()
                      if isinstance(value, type) and value.__module__ == name
                      and dataclasses.is_dataclass(value))))
"""

FIRST_FRAME = """
import asyncio
import sys
from pathlib import Path
from hdtui.config import load_config
from hdtui.wiring import build
from hdtui.ui.app import HdtuiApp
config = load_config(Path(sys.argv[1]))
setup = build(config, demo=False, read_only=True, config_file=sys.argv[1])
later = setup.services
app = HdtuiApp(setup.triage, {}, "default", setup.label, (), setup.triage.head(),
               later.actions, later.insight, later.releases, later.autoreply)
loaded = []
build_services = HdtuiApp._build_services

def first_frame_done(self, inbox):
    loaded.append(sorted(m for m in sys.modules if m in NAMES or m.split(".")[0] in NAMES))
    return build_services(self, inbox)

HdtuiApp._build_services = first_frame_done

# The filter's documents are looked for by a worker started with the services' (both once
# the whole queue is painted): whichever thread imports first is a race, and what the
# documents need (hashlib, for the code digest) is checked by the list above at the
# services' start. So their search waits for that moment here.
import time
from hdtui.services.triage import Triage
index_documents = Triage.index_documents

def index_after_the_check(self, progress=None):
    while not loaded:
        time.sleep(0.01)
    return index_documents(self, progress)

Triage.index_documents = index_after_the_check

async def run():
    async with app.run_test(size=(80, 24)) as pilot:
        while not loaded:
            await pilot.pause(0.01)
        while app.actions is None or app.insight is None:  # built by the worker
            await pilot.pause(0.01)
        await pilot.press("q")

try:
    asyncio.run(run())
finally:
    setup.close()
print(" ".join(loaded[0]) or "none")
print("hdtui.services.acting" in sys.modules)
"""


def test_the_first_frame_is_drawn_before_the_services_it_does_not_need_are_built(
        tmp_path: Path) -> None:
    """The TUI's first frame (the queue from the cache) comes before the actions, the
    counting, the auto-reply and the release feeds are built (and their modules imported):
    a worker builds them once it is on screen (issue #12's 0.30 s)."""
    (tmp_path / "maildir" / "cur").mkdir(parents=True)
    config = tmp_path / "config.toml"
    config.write_text(f'[source]\npath = "{tmp_path / "maildir"}"\n'
                      f'[store]\npath = "{tmp_path / "store.json"}"\n'
                      '[releases]\nfetch_at_start = false\n', encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = f"NAMES = {NOT_BEFORE_FIRST_FRAME + NOT_IN_A_LOCAL_START!r}\n" + FIRST_FRAME
    result = subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True,
                            text=True, cwd=ROOT, env=env, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["none", "True"]


@pytest.mark.parametrize("mailbox", ["maildir", "imap"])
def test_the_start_path_leaves_what_the_first_frame_does_not_need(
        tmp_path: Path, mailbox: str) -> None:
    """``hdtui``'s start up to the first rows (imports, keymap, wiring, the queue's head from
    the cache) loads neither GnuPG, IMAP, GitLab, XMPP nor mail parsing libraries, nor the
    matcher, nor the screens a key opens, nor any dataclass of hdtui's (sessions 21 and
    22): they cost a warm start its first frame (issue #12's 0.30 s)."""
    (tmp_path / "maildir" / "cur").mkdir(parents=True)
    source = ('[source]\npath = "' + str(tmp_path / "maildir") + '"\n' if mailbox == "maildir"
              else '[account]\nhost = "127.0.0.1"\nuser = "helpdesk"\n'
                   'password_env = "HDTUI_TEST_NO_PASSWORD"\n')
    config = tmp_path / "config.toml"
    config.write_text(source + f'[store]\npath = "{tmp_path / "store.json"}"\n',
                      encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    # argparse parses a command's arguments, not a start's (cli.plain_start: "Session 28:
    # warm first rows")
    names = (NOT_BEFORE_FIRST_FRAME + REPORT_PARSER + REPORT_PARTS + BUILT_WHEN_READ
             + AFTER_THE_FIRST_FRAME + ("argparse", "gettext")
             + (NOT_IN_A_LOCAL_START if mailbox == "maildir" else IMAP_CLIENT))
    code = f"NAMES = {names!r}\n" + START_PATH
    result = subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True,
                            text=True, cwd=ROOT, env=env, check=False)
    assert result.returncode == 0, result.stderr
    # the second line: the message's dataclasses built by then, wherever they are defined
    lines = result.stdout.split("\n")
    assert lines[:2] == ["", ""] and lines[3:] == [""]
    # the third: every dataclass of hdtui's built by then: none (session 21, second pass:
    # the filter's four, Personal, MarkChange, ParsedLine, the IMAP source's and the read's
    # child's job are Frozen or plain classes; session 22: SourceItem and Entry too,
    # docs/benchmarks.md, "Session 22: warm first rows")
    assert lines[2].split() == []


REPORT_MAIL = """From: devnull@tails.boum.org
To: support@tails.net
Subject: Bug report: 0123456789abcdef0123456789abcdef
Date: Wed, 16 Dec 2026 13:45:00 +0000
Message-ID: <first-frame-report@example.org>
Content-Type: text/plain; charset="utf-8"

Subject: The screen stays black
Tails-Version: 7.6.1 - 20260401

What were you trying to achieve?
--------------------------------

Start Tails.
"""
SUPPORT_MAIL = """From: user@example.org
To: support@tails.net
Subject: Persistent Storage does not unlock
Date: Wed, 16 Dec 2026 14:00:00 +0000
Message-ID: <first-frame-support@example.org>

It says the passphrase is wrong.
"""


def first_frame() -> Any:
    """benchmarks/first_frame.py: its ``start`` runs ``python -m hdtui`` in a terminal of
    its own up to the main screen's first frame and says which modules were loaded then."""
    spec = importlib.util.spec_from_file_location("first_frame",
                                                  ROOT / "benchmarks" / "first_frame.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_entry_module_draws_its_first_frame_without_the_report_parser_or_pane(
        tmp_path: Path) -> None:
    """``python -m hdtui``, started on a cached mailbox (a WhisperBack report and a support
    mail, synced first), draws its first frame at 120x40 without the WhisperBack parser's
    modules (the rows come from the cache), without the report pane's parts' modules
    (mounted after that frame): docs/benchmarks.md, "Session 15: warm first rows";
    without the CSS of the dialogs and forms ("Session 16: warm first rows"); without
    the stats command's module ("Session 18: warm first rows"); without shlex and pkgutil
    ("Session 19: warm first rows"); without the message's and the known issue's classes
    ("Session 21: warm first rows"); and a second start parses no CSS ("Session 20: the
    first frame's CSS and imports"), nor tomllib ("Session 26: the config and the keymap
    without tomllib"); without TinyDB and the footer ("Session 29: warm first rows")."""
    cur = tmp_path / "maildir" / "cur"
    cur.mkdir(parents=True)
    (tmp_path / "maildir" / "new").mkdir()
    (tmp_path / "maildir" / "tmp").mkdir()
    (cur / "1.report:2,").write_text(REPORT_MAIL, encoding="utf-8")
    (cur / "2.support:2,S").write_text(SUPPORT_MAIL, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[source]\npath = "{tmp_path / "maildir"}"\n'
                      f'[store]\npath = "{tmp_path / "store.json"}"\n'
                      '[releases]\nfetch_at_start = false\n', encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm-256color",
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT)}
    synced = subprocess.run([sys.executable, "-m", "hdtui", "--config", str(config), "sync"],
                            capture_output=True, text=True, cwd=ROOT, env=env, check=False,
                            timeout=120)
    assert synced.returncode == 0, synced.stderr
    # 120x40: the split layout, where the report pane is beside the queue
    found = first_frame().start(ROOT, ["--config", str(config), "--read-only"], env, False,
                                (120, 40))
    # Nor the stats command's module, which only its parser and the command need (the
    # start parses its options alone: "Session 18: warm first rows").
    # Nor shlex (a message about a missing --config file) and pkgutil (the bindings'
    # registry, which tests walk): "Session 19: warm first rows". Nor the message's and
    # the known issue's classes: "Session 21: warm first rows".
    # Nor TinyDB and the footer: "Session 29: warm first rows".
    names = ("hdtui.domain.queue", "hdtui.ui.screens.inbox", *REPORT_PARSER, *REPORT_PARTS,
             "hdtui.stats", "shlex", "pkgutil", *BUILT_WHEN_READ, *AFTER_THE_FIRST_FRAME)
    assert [name for name in names if name in found["loaded"]] == [
        "hdtui.domain.queue", "hdtui.ui.screens.inbox"]
    # Nor the dialogs' and forms' CSS, added after it (session 16): only app.tcss is parsed.
    assert [Path(path).name for path in found["css"]] == ["app.tcss"]
    assert "#queue" in found["selectors"]
    dialogs = [s for s in found["selectors"] if re.search(r"dialog|compose|#issue-|#hot-", s)]
    assert dialogs == []
    # The CSS parsed by this start is kept, owner-only, and the next start parses none of
    # it: "Session 20: the first frame's CSS and imports".
    kept = tmp_path / "cache" / "hdtui" / "css.pickle"
    assert found["css_parsed"] is True
    assert kept.stat().st_mode & 0o777 == 0o600
    again = first_frame().start(ROOT, ["--config", str(config), "--read-only"], env, False,
                                (120, 40))
    assert again["css_parsed"] is False
    assert again["selectors"] == found["selectors"]
    # Nor tomllib: the config and the keymap come from the tables an earlier start (or
    # the sync) parsed, kept owner-only with their texts: "Session 26: the config and the
    # keymap without tomllib".
    assert "tomllib" not in again["loaded"]
    assert (tmp_path / "cache" / "hdtui" / "toml.json").stat().st_mode & 0o777 == 0o600


def test_the_demos_first_frame_loads_no_service_nor_mail_parser(tmp_path: Path) -> None:
    """``hdtui --demo``'s first frame, as a real mailbox's, without the services' modules
    and the email package: the demo's clock (``wiring.demo_as_of``) imported the
    moderation service when it was made, and with it the email package and the acting
    services, 53 modules and about 50 ms of CPU before the first frame (docs/benchmarks.md,
    "Session 26, at the end")."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm-256color",
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT)}
    first_frame().start(ROOT, ["--demo"], env, False, (80, 24))  # the demo's store made
    found = first_frame().start(ROOT, ["--demo"], env, False, (80, 24))
    loaded = [name for name in found["loaded"] if name in (
        "hdtui.services.moderation", "hdtui.services.acting", "email.parser",
        "email.feedparser", "email.message", "email.policy")]
    assert loaded == [], loaded


def test_the_messages_of_the_first_frame_are_plain_classes() -> None:
    """hdtui.ui.messages is imported before the first frame: a dataclass there builds its
    methods from generated source at every start (about 10 ms of CPU for its 15 messages
    at a load of 10: docs/benchmarks.md, "Session 15: warm first rows"). Each message is a
    plain class that takes its fields as before."""
    import dataclasses
    import inspect

    from textual.message import Message

    import hdtui.ui.messages as messages

    found = [value for value in vars(messages).values() if isinstance(value, type)
             and issubclass(value, Message) and value.__module__ == messages.__name__]
    assert len(found) == 16  # EntryRead (session 21): the report before its matches
    assert [cls.__name__ for cls in found if dataclasses.is_dataclass(cls)] == []
    assert str(inspect.signature(messages.SuggestionsLoaded)) == (
        "(key: 'str', matches: 'list[Match]', replies: 'list[ReplyChoice]', entry: 'Entry', "
        "counts: 'dict[int, ReportCount] | None' = None, linked: 'list[int] | None' = None, "
        "fixed: 'dict[int, str] | None' = None, moderation: 'str' = '') -> 'None'")
    notice = messages.Notice("sent", "Reply")
    assert (notice.text, notice.title, notice.problems) == ("sent", "Reply", ())
    rows = messages.RowsRead([])
    assert (rows.rows, rows.more, rows.bubble) == ([], True, False)
    assert messages.SuggestionsLoaded("k", [], [], None).counts == {}  # type: ignore[arg-type]


def test_what_the_footer_asks_of_an_action_is_a_named_tuple() -> None:
    """``Needs``, the flows' ``Action`` and the screen's ``Situation`` are built at import
    before the first frame: NamedTuples, not dataclasses (docs/benchmarks.md, "Session 15:
    warm first rows"; ``Situation``: "Session 21: warm first rows"), still immutable and
    compared by value."""
    import dataclasses

    from hdtui.ui.applicable import Needs, Situation
    from hdtui.ui.flows import FLOWS, Action

    assert [cls.__name__ for cls in (Needs, Action, Situation)
            if dataclasses.is_dataclass(cls)] == []
    now = Situation(has_message=True, read_only=False, has_actions=True, has_issue=False,
                    teams=1, xmpp_teams=0)
    assert now == Situation(True, False, True, False, 1, 0)
    with pytest.raises(AttributeError):
        now.teams = 2  # type: ignore[misc]
    assert FLOWS["link_issue"].needs == Needs(message=True, writes=True, actions=True,
                                              issue=True)
    assert FLOWS["forward"].needs.team and not FLOWS["forward"].needs.issue
    with pytest.raises(AttributeError):
        Needs().message = True  # type: ignore[misc]


def test_the_config_sections_are_built_without_compiling_code() -> None:
    """hdtui.config is imported before the first frame: its 15 sections were frozen
    dataclasses, which compile six methods each at every start (25 ms of CPU at a load of
    9: docs/benchmarks.md, "Session 16: warm first rows"). They are built from a table of
    their keys, and still act as frozen dataclasses did."""
    import dataclasses

    import hdtui.config as config

    sections = [value for value in vars(config).values() if isinstance(value, type)
                and issubclass(value, config.Section) and value is not config.Section]
    assert len(sections) == 15
    assert [cls.__name__ for cls in sections if dataclasses.is_dataclass(cls)] == []
    assert list(config.XmppConfig.KEYS)[:3] == ["host", "port", "security"]
    assert config.XmppConfig().security == "starttls"
    assert config.XmppConfig().timeout == 20
    team = config.TeamConfig("UX Team", "ux@tails.net", xmpp="xmpp:ux@example.org?join")
    assert team == config.TeamConfig(name="UX Team", address="ux@tails.net", gitlab_mention="",
                                     xmpp="xmpp:ux@example.org?join")
    assert hash(team) == hash(config.TeamConfig("UX Team", "ux@tails.net", "",
                                                "xmpp:ux@example.org?join"))
    assert team != config.TeamConfig("UX Team")
    assert repr(config.SourceConfig()) == "SourceConfig(kind='auto', path='')"
    with pytest.raises(AttributeError):
        team.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.TeamConfig(nick="x")  # type: ignore[call-arg]
    first, second = config.AccountConfig(), config.AccountConfig()
    assert first.folder_kinds == {} and first.folder_kinds is not second.folder_kinds
    assert config.Config().source == config.SourceConfig()


LAZY_PATTERNS = ("hdtui.domain.text", "hdtui.domain.query", "hdtui.domain.links", "hdtui.gpg",
                 "hdtui.replies", "hdtui.sources.imap")
"""Modules imported before the first frame whose regular expressions the first frame does
not use: compiled on their first use (docs/benchmarks.md, "Session 17: warm first rows";
the IMAP source's answer patterns, "Session 26: warm first rows")."""


def test_the_patterns_the_first_frame_does_not_use_are_compiled_on_first_use() -> None:
    """Importing these modules compiles none of their regular expressions (in a fresh
    process, so that re's own cache holds nothing of them either); each one is compiled
    when it is first used, and works as before."""
    code = f"""
import re, sys
import {", ".join(LAZY_PATTERNS)}
compiled = [f"{{name}}.{{attr}}" for name in {LAZY_PATTERNS!r}
            for attr, value in vars(sys.modules[name]).items() if isinstance(value, re.Pattern)]
cached = [key for key in re._cache if "\\u202a" in str(key) or "FILE_START" in str(key)]
print(compiled, cached)
from hdtui.domain.text import clean, has_unsafe
from hdtui.domain.links import is_reference
print(clean("a\\x1b[31m\\u202eb\\u200bc"), has_unsafe("\\u00e9\\u202e"), is_reference("wb://1f"))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[] []", "a\u241b[31m<U+202E>bc True True"]


def test_the_results_made_at_start_are_named_tuples() -> None:
    """These modules are imported before the first frame, and a frozen dataclass there
    compiles its methods from generated source at every start (about 1.3 ms a class at a
    load of 12: docs/benchmarks.md, "Session 17: warm first rows"). Nothing reads their
    fields as a dataclass's (the cache's codec does not store them): they are NamedTuples,
    immutable and compared by value as before."""
    import dataclasses

    from hdtui.domain.claims import ClaimNote
    from hdtui.domain.issue import SyncResult
    from hdtui.domain.links import CountRule, IssueLink, NoteLink, ReportCount
    from hdtui.domain.mail import DecryptedText, Parsed
    from hdtui.domain.message import Message
    from hdtui.gpg import Decrypted, KeyLookup
    from hdtui.secrets import SecretSource
    from hdtui.services.reading import ReadBatch
    from hdtui.services.triage import InboxResult
    from hdtui.ui.widgets.queue_view import Only
    from hdtui.wiring import Services, Setup

    # The links' two and two of the mail's (session 18): hdtui.domain.links is imported
    # by the trackers, hdtui.domain.mail by the queue, both before the first frame. The
    # wiring's Services (a NamedTuple) and Setup (a plain class: tests replace its
    # services): session 21.
    classes = (Decrypted, KeyLookup, SecretSource, InboxResult, Only, ClaimNote, SyncResult,
               NoteLink, CountRule, ReadBatch, IssueLink, ReportCount, Parsed, DecryptedText,
               Services, Setup)
    assert [cls.__name__ for cls in classes if dataclasses.is_dataclass(cls)] == []
    lookup = KeyLookup(False, reason="No key")
    assert (lookup.found, lookup.fingerprint, lookup.uids, lookup.importable) == (
        False, None, (), False)
    assert Decrypted(True, data=b"x") == Decrypted(True, b"x", "", "")
    source = SecretSource("moderation", command="pass show {list}")
    assert source._replace(command="pass show tails").command_key == \
        "[moderation] password_command"
    result = InboxResult([], 0, 0, (), partial=True)
    assert result.partial and result.pending == () and result.gone_keys == ()
    assert ClaimNote("alice", "abc", "m@x").refs() == ("abc", "m@x")
    assert CountRule(frozenset({7})).allows(7, False) and not CountRule().allows(7, True)
    with pytest.raises(AttributeError):
        Only(frozenset({"a"}), "hot").label = "other"  # type: ignore[misc]
    count = ReportCount(4, 2, likely=9)
    assert count._replace(pending=1).label == "4 linked, 9 likely, 2 this week, 1 link pending"
    assert ReportCount() == ReportCount(0, 0, None, 0)
    parsed = Parsed(Message(key="k"))
    assert parsed.ciphertext is None and parsed == Parsed(Message(key="k"), None)
    assert DecryptedText(False, error="no key") == DecryptedText(False, error="no key")
    assert DecryptedText(True).problems == () and DecryptedText(True).key == ""
    services = Services(*"abcd")  # type: ignore[arg-type]
    assert services._replace(releases="r") == Services("a", "b", "r", "d")  # type: ignore[arg-type]
    setup = Setup(*"tsl", [], services)  # type: ignore[arg-type]
    assert (setup.triage, setup.label, setup.services.autoreply, setup.tracker, setup.crypto,
            setup.demo) == ("t", "l", "d", None, None, False)


LAZY_AT_THE_START = """
import re
import hdtui.cli, hdtui.domain.queue, hdtui.tracker.static
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
compiled = {key[1] for key in re._cache}
print(sorted(p for p in (r"\\[FT\\]", "[^\\x20-\\x7e\\n]", r"^(https?://\\S+/-/issues/)\\d+$",
                         r"-(owner|bounces|request|admin)@", r"^(mailer-daemon|postmaster)@")
             if p in compiled))
kind = hdtui.domain.queue.classify(Message(key="k", subject="[FT] Re: Wi-Fi",
                                           sender="Team <team@example.org>"), ())
print(kind is Kind.FT)
"""


def test_the_patterns_a_start_does_not_use_are_compiled_when_first_used() -> None:
    """The queue's classification patterns, the JSON escaper's and the static tracker's
    new issue link are compiled on their first use (hdtui.domain.lazy_pattern), not at the
    import a warm start's first frame makes (docs/benchmarks.md, "Session 22: warm first
    rows"); classifying a message still finds an [FT] subject."""
    result = subprocess.run([sys.executable, "-c", LAZY_AT_THE_START], capture_output=True,
                            text=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n") == ["[]", "True", ""]


RELEASES_UNREAD = """
import sys
from datetime import date
from types import SimpleNamespace
from hdtui.domain.releases import FeedResult, Release, ReleaseState
from hdtui.domain.text import MailText
from hdtui.ui.screens.releases import known_releases
unread = known_releases(SimpleNamespace(release_result=None))
print(unread.releases, "hdtui.services.insight" in sys.modules)
state = ReleaseState((Release(MailText("7.7"), "2026-11-10", MailText("")),))
read = known_releases(SimpleNamespace(release_result=FeedResult(state, (), {})))
print(read.releases, "hdtui.services.insight" in sys.modules)
"""


def test_a_report_shown_before_the_feeds_copy_is_read_loads_no_insight_module() -> None:
    """The release marks of a report shown before the feeds' copy is read (a warm start's
    first report) are none, found without importing the insight service, whose import held
    the UI thread ahead of the whole queue's frame (docs/benchmarks.md, "Session 29: the
    whole queue after the first frame"); once the copy is read, its releases are known."""
    result = subprocess.run([sys.executable, "-c", RELEASES_UNREAD], capture_output=True,
                            text=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n") == [
        "() False", "(('7.7', datetime.date(2026, 11, 10)),) True", ""]
