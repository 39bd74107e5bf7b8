"""Provides the command line: the composition root of hdtui.

``hdtui`` opens the TUI (``--demo``: the bundled mailbox; ``--read-only``: a
skim); ``hdtui scan PATH...`` reads messages headlessly; ``hdtui match MESSAGE...``
ranks the known issues for each message; ``hdtui releases`` prints the latest Tails
release and the unfixed advisories. Errors the member can act on (HdtuiError)
go to stderr with exit status 2.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn, cast

from hdtui import __version__
from hdtui.collector import resume as resume_collector
from hdtui.config import (
    Config,
    bundled_dir,
    cache_dir,
    config_path,
    load_config,
    write_starter,
)
from hdtui.config_checks import section_problems
from hdtui.domain.lazy_pattern import lazy
from hdtui.domain.mail import is_not_mail
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.text import clean, one_line
from hdtui.errors import ConfigError, HdtuiError, SourceError, StoreInUse, TrackerError
from hdtui.hangup import ending_on_hang_up, ignore_further
from hdtui.indented_json import indented
from hdtui.services.triage import InboxResult, Triage
from hdtui.sources.local import LocalSource, MaildirSource, MboxSource, open_path
from hdtui.terminal_input import TypedWhileClosing, restore_last
from hdtui.wiring import Setup as Setup  # re-exported: tests and tools build through the CLI
from hdtui.wiring import (
    build,
    config_crypto,
    demo_crypto,
    demo_dirs,
    make_release_feeds,
    make_tracker,
    replies_dir_of,
    stopping_agent,
    system_subjects,
    tell,
)

if TYPE_CHECKING:  # what only the commands use is imported by them: the TUI's first frame
    # needs none of it (docs/benchmarks.md, "Warm start imports"); argparse parses a
    # command's arguments, not a start's ("Session 28: warm first rows")
    import argparse

    from textual.app import App

    from hdtui.domain.issue import KnownIssue
    from hdtui.domain.links import IssueLink
    from hdtui.domain.matching import IssueIndex, Match
    from hdtui.domain.releases import FeedResult
    from hdtui.gpg import GpgCrypto
    from hdtui.ui.app import HdtuiApp


def run_tui(args: argparse.Namespace) -> int:
    """Open the TUI."""
    config, keymap_name, keymap = _config_and_keymap(args)
    config_file = _config_file(args)
    read_only = args.read_only or config.read_only
    try:
        setup = build(config, args.demo, read_only, str(config_file))
    except StoreInUse as busy:
        # A sync holding the store (cron's) is ended, and this start reads and counts
        # what it had not (docs/store.md, "A sync holding the store").
        from hdtui.sync_owner import ended_sync

        ended = ended_sync(busy.owner, Path(busy.store))
        if ended is None:
            raise
        said = (f"Ended hdtui sync (pid {ended}), which held the store {busy.store}: what "
                "it read and counted is kept, and this start reads and counts the rest.")
        tell([said])
        setup = build(config, args.demo, read_only, str(config_file))
        setup.notices.append(said)  # on screen too
    # What happened to the store (a damaged file moved aside, a copy restored) is also
    # printed before the TUI starts: it stays on the terminal after the TUI's toast is gone.
    tell(setup.store.notices)
    ran: HdtuiApp | None = None
    # Keys typed while the session closes are not echoed, nor left for the shell
    # (walk25's defect 9: a stray "^[" after an exit; hdtui.terminal_input).
    typed = TypedWhileClosing()
    with ending_on_hang_up():  # a dropped SSH connection still closes (docs/encryption.md)
        try:
            app = _app(setup, keymap, keymap_name, config)
            app.run()
            ran = app
        finally:
            typed.quiet()
            ignore_further()  # a second hang-up must not cut the closing short
            try:
                if ran is not None:
                    keep_unsaved(setup, ran)
                    tell_waiting_errors(ran)
                    from hdtui.css_cache import save_parsed_css  # imported with Textual

                    save_parsed_css(cache_dir(), ran.stylesheet)  # for the next first frame
                    tell_what_waits(setup, ran)
            finally:
                try:
                    setup.close()  # the store's lock released last (docs/store.md)
                finally:
                    restore_last(typed)  # as the process ends, not before
    return app.return_code or 0  # 129 after a hang-up, 1 after a crash Textual reported


def tell_waiting_errors(app: App[Any]) -> None:
    """Say on stderr the error boxes that waited while the member typed and never opened
    (hdtui quit, or the terminal hung up, with the form still open): they stay on the
    terminal after the TUI is gone, where they were lost with it (docs/layouts.md,
    "Notices"). Their text is hdtui's, with the subjects of the reports it names (a
    user's words): made safe to show, on one line cut to ``ERROR_WIDTH`` cells."""
    from hdtui.domain.leaving import error_line
    from hdtui.ui.screens.error import waiting

    for title, message in waiting(app):
        print(error_line("an error waited while you typed and was never shown", title,
                         message), file=sys.stderr)


def keep_unsaved(setup: Setup, app: HdtuiApp) -> None:
    """Keep the drafts that were open in the editor and the forms that were open (the
    hand-off note, a new issue, a personal note, ...) when the terminal hung up, hdtui was
    asked to stop or stopped on an error, as typed, before the store closes: nothing typed
    is lost (docs/store.md, "The end of a session" and "Forms kept through a hang-up").
    One that cannot be kept is said on stderr; the others are still kept."""
    from functools import partial

    keeps: list[tuple[str, Callable[[], None]]] = [
        *(("a draft", partial(setup.store.keep_draft, draft)) for draft in app.unsaved),
        *((f"the {form.kind.value} form", partial(setup.store.keep_form, form))
          for form in app.unsaved_forms)]
    for what, keep in keeps:
        try:
            keep()
        except HdtuiError as error:
            print(f"hdtui: {what} could not be kept: {clean(error.message)}",
                  file=sys.stderr)


def tell_what_waits(setup: Setup, app: HdtuiApp) -> None:
    """Print, once the screen is gone, what waits after this quit: the GitLab writes in
    the outbox (refused, or waiting for GitLab), what was typed and where it is kept, the
    forms kept before this session and still kept, and the error boxes still open
    (``hdtui.domain.leaving``; docs/keys.md, "Leaving"; those that waited for a form:
    ``tell_waiting_errors``). A store that cannot be read here
    says nothing of the outbox: the quit goes on."""
    from hdtui.domain.gitlab_write import WriteState
    from hdtui.domain.kept_form import WHAT
    from hdtui.domain.leaving import leaving_lines

    try:
        pending = setup.store.gitlab_pending()
    except HdtuiError:
        pending = []
    refused = sum(1 for write in pending if write.state is WriteState.REFUSED)
    # The forms kept before this session and still kept (not the ones just typed).
    typed = {(form.kind, form.key) for form in app.unsaved_forms}
    try:
        earlier = [WHAT[form.kind] for form in setup.store.kept_forms()
                   if (form.kind, form.key) not in typed]
    except HdtuiError:
        earlier = []
    for line in leaving_lines(refused, len(pending) - refused, len(app.unsaved),
                              [WHAT[form.kind] for form in app.unsaved_forms],
                              app.errors_open, earlier):
        try:
            print(line, file=sys.stderr)
        except OSError:  # the terminal hung up: nobody is there to read it
            return


def _app(setup: Setup, keymap: dict[str, str], keymap_name: str, config: Config) -> HdtuiApp:
    """The app, with the first rows of the queue for its first frame."""
    # The first rows of the cached queue go into the first frame (from an index: no
    # network, nothing decrypted); a worker then lists what changed, reads the whole
    # queue and the new messages. A failure here is shown in the app.
    try:
        snapshot: InboxResult | None = setup.triage.head(head_rows())
    except HdtuiError:
        snapshot = None
    glimpse = None
    if snapshot is None or not snapshot.rows:
        # Nothing cached (a first start): the newest messages' headers are fetched
        # while the UI is imported, for the first frame (docs/cold-start.md).
        glimpse = Glimpse(setup.triage)
    from hdtui.css_cache import load_parsed_css
    from hdtui.ui.app import HdtuiApp

    parsed_css = load_parsed_css(cache_dir())  # Textual's CSS as an earlier start parsed it
    snapshot = glimpse.result() if glimpse is not None else snapshot
    if snapshot is not None and not snapshot.rows:
        snapshot = None
    later = setup.services  # built by a worker once the first frame is on screen
    return HdtuiApp(setup.triage, keymap, keymap_name, setup.label, setup.notices,
                    snapshot, later.actions, insight=later.insight,
                    releases=later.releases, autoreply=later.autoreply,
                    shift_start=config.queue.shift_start, parsed_css=parsed_css)


HEAD_AT_LEAST = 24
"""The fewest rows of the queue's head (a terminal of 24 lines)."""
HEAD_UNKNOWN = 200
"""The head's rows when the terminal's size cannot be read."""


def head_rows() -> int:
    """How many rows of the cached queue the first frame gets: a screen's (the terminal's
    lines, at least ``HEAD_AT_LEAST``), not more. The whole queue follows at once; 200 rows
    were about 17 M instructions more of a warm start's first frame at 120x40
    (docs/benchmarks.md, "Session 28: warm first rows"), and its status line says
    "40/40 shown" instead of "200/200 shown" until then."""
    try:
        lines = os.get_terminal_size(sys.__stdout__.fileno()).lines  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return HEAD_UNKNOWN
    return max(lines, HEAD_AT_LEAST)


def checked_keymap(name: str, config: Config, tui: bool = True) -> dict[str, str]:
    """The keymap ``name`` with the config's overrides, checked the same way by every
    command, the TUI and each subcommand (docs/config.md, "Checked by every command"): it
    exists and reads, every id is a binding's (as the bundled default lists them), every
    key one a terminal can send, no key given to two actions one press reaches, ctrl+q and
    ctrl+c kept for quitting (docs/keys.md). A subcommand with a shipped keymap and no
    overrides skips the key names' check, whose names come with Textual (about 0.1 s of
    import): tests/unit/test_keymap.py checks the shipped keymaps' keys."""
    from hdtui.keymap import keymap_file, load_declared_keymap

    bundled = bundled_dir("keymaps")
    is_valid_key: Callable[[str], bool]
    if tui or config.keymap_overrides or keymap_file(name, bundled).parent != bundled:
        from hdtui.ui.keys import is_valid_key
    else:
        def is_valid_key(key: str) -> bool:
            return True
    return load_declared_keymap(name, config.keymap_overrides, bundled, is_valid_key)


class Glimpse:
    """``Triage.glimpse`` in a thread of its own, started before the UI is imported."""

    WAIT = 0.6
    """Seconds the first frame waits for it at most (a slow server: the worker shows
    the rows once they are in)."""

    def __init__(self, triage: Triage) -> None:
        import threading

        self._triage = triage
        self._found: list[InboxResult | None] = []
        self._thread = threading.Thread(target=self._run, args=(triage,), daemon=True,
                                        name="hdtui-glimpse")
        self._thread.start()

    def _run(self, triage: Triage) -> None:
        try:
            self._found.append(triage.glimpse())
        except Exception:  # the listing that follows says what is wrong
            self._found.append(None)

    def result(self) -> InboxResult | None:
        """The provisional rows, or None (nothing to show, or not in time: the screen's
        loading worker then asks ``Triage.glimpse``, which waits for this one and returns
        its rows)."""
        self._thread.join(self.WAIT)
        found = self._found[0] if self._found else None
        if found is not None:
            self._triage.glimpse_shown()
        return found


def _config_for(args: argparse.Namespace) -> Config:
    """The config of the command, checked the same for every command (a wrong keymap, from
    the config or --keymap, stops ``sync`` as it stops the TUI: docs/config.md)."""
    return _config_and_keymap(args)[0]


def _config_and_keymap(args: argparse.Namespace) -> tuple[Config, str, dict[str, str]]:
    """The config of the command, and the keymap in force (--keymap, else the config's)
    with its name, checked by ``checked_keymap`` for every command."""
    config = _config_only(args)
    name = args.keymap or config.keymap
    return config, name, checked_keymap(name, config, tui=args.command is None)


def _config_only(args: argparse.Namespace) -> Config:
    """The config file's settings (--config, $HDTUI_CONFIG or the XDG path)."""
    # The demo never reads the member's configuration unless asked to with --config.
    if args.demo and not args.config:
        return Config()
    if args.config:
        path = Path(args.config).expanduser()
        if not path.exists():
            import shlex  # this message's only: not on the way to the first frame

            raise ConfigError(f"--config names {path}, which does not exist. "
                              "`hdtui --config " + shlex.quote(str(path)) + " init-config` "
                              "writes a commented starter file there.")
        config = load_config(path)
    else:
        config = load_config()
    return config


def _config_file(args: argparse.Namespace) -> Path:
    """The config file in use: --config, else $HDTUI_CONFIG, else the XDG path."""
    return Path(args.config).expanduser() if args.config else config_path()


def init_config(args: argparse.Namespace) -> int:
    """Write the commented starter config where hdtui looks for it; never overwrite."""
    import shlex

    path = _config_file(args)
    write_starter(path)
    run = f"hdtui --config {shlex.quote(args.config)}" if args.config else "hdtui"
    print(f"Wrote {path}: a commented starter config. Uncomment and fill in [account] (or "
          "[source] path), [gpg], [tracker], [smtp], [xmpp] and [[teams]]; passwords and "
          f"tokens stay out of it (password_command, token_env). Then run `{run}`.")
    return 0


def scan(args: argparse.Namespace) -> int:
    """Read every message under the given paths and print one line each."""
    from hdtui.services.reading import Reader

    config = _config_for(args)
    if args.demo:
        tell(demo_dirs())
    crypto = demo_crypto() if args.demo else config_crypto(config)
    sources = [open_path(Path(p)) for p in args.paths]  # unusable PATH: SourceError, exit 2
    subjects = system_subjects(replies_dir_of(config))
    rows: list[dict[str, Any]] = []
    started = time.monotonic()
    with stopping_agent(crypto, args.demo):
        for source in sources:
            reader = Reader(source, crypto, config.queue.team_addresses,
                            helpdesk_addresses=config.queue.helpdesk_addresses,
                            system_subjects=subjects)
            items = source.list()
            for item, result in reader.read_many(items, config.gpg.workers):
                row = _scan_row(source, item.key, result)
                rows.append(row)
                if not args.json:
                    print(_scan_line(row), flush=False)
    problems = sum(1 for r in rows if r["problems"])
    elapsed = time.monotonic() - started
    say_undecryptable(config, crypto, rows, args.demo, scanned=True)
    if args.json:
        print(json_text({"messages": rows, "count": len(rows), "with_problems": problems,
                         "seconds": round(elapsed, 3)}))
    else:
        print(f"{len(rows)} messages, {problems} with problems ({elapsed:.2f} s)")
    return 0


# Candidates for escaping: anything but printable ASCII (the category decides).
_NOT_PRINTABLE_ASCII = lazy("[^\x20-\x7e\n]")  # compiled by the first JSON text that needs it
# Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates,
# LRM/RLM, ALM, zero-width joiners, BOM, tags), line/paragraph separators, surrogates and
# unassigned code points: invisible or reordering in a terminal or an editor.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    if code > 0xFFFF:  # JSON spells an astral code point as a UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(data: Any, level: int = 0) -> str:
    """JSON of mail-derived data, readable (UTF-8 letters stay) but safe to view: json.dumps
    escapes only C0 controls, so C1 controls and bidi overrides from a message would reach
    the terminal or reorder what a reader sees. Structural JSON is ASCII, so every such
    character is inside a string, where ``\\uXXXX`` means the same text."""
    # ``indented`` is json.dumps(data, indent=2, ensure_ascii=False), written faster
    # (docs/insight.md, "Session 12: `hdtui stats --json` at 100,000").
    # ``level``: written as a value inside that many objects (``indented_object``).
    text = indented(data, level)
    # JSON's encoder writes every C0 control as an escape and puts only line breaks and
    # spaces between values: in an ASCII text only DEL can be left, and both tests take
    # milliseconds where the scan took 60 ms over 100,000 report entries (docs/insight.md,
    # "Session 18: stats --json at 100,000").
    if text.isascii() and "\x7f" not in text:
        return text
    return _NOT_PRINTABLE_ASCII().sub(_json_escape, text)


def _scan_row(source: LocalSource, key: str, result: Entry | SourceError) -> dict[str, Any]:
    # Loose files are named by their path; messages in a mailbox by mailbox and key.
    where = f"{source.path}:{key}" if isinstance(source, MaildirSource | MboxSource) else key
    if isinstance(result, SourceError):
        return {"message": where, "kind": "unreadable", "report_id": None, "version": None,
                "hardware": None, "summary": "", "problems": [result.message]}
    return {
        "message": where,
        # Bytes with no header line (an empty or a binary file) are no message of any
        # kind: ``stats`` skips them (docs/insight.md, "Session 20: what stats tells").
        "kind": "unreadable" if is_not_mail(result.message) else result.kind.value,
        "report_id": result.report_id,
        "version": result.version or None,
        "hardware": result.hardware or None,
        "summary": result.summary,
        "decrypt": result.decrypt.value,
        "problems": list(result.problems),
    }


def _scan_line(row: dict[str, Any]) -> str:
    problems = "; ".join(row["problems"]) if row["problems"] else "ok"
    fields = [row["message"], row["kind"], row["report_id"] or "-", row["version"] or "-",
              row["hardware"] or "-", one_line(row["summary"], 60) or "-", problems]
    return "\t".join(clean(str(f)).replace("\n", " ") for f in fields)


def read_owed_links(tracker: object) -> None:
    """A headless command that counts reads the notes of the issues its tracker listed on
    an empty cache (GitLab's ``read_owed_links``; nothing to do otherwise): unlike the TUI,
    nothing waits for a first match, and its counts are then whole (docs/gitlab.md, "A new
    member's first start")."""
    read = getattr(tracker, "read_owed_links", None)
    if read is not None:
        read()


def _issues_and_links(args: argparse.Namespace, config: Config, links: bool = True,
                      unread: list[tuple[list[int], str]] | None = None,
                      left_out: dict[int, int] | None = None
                      ) -> tuple[list[KnownIssue], list[IssueLink]]:
    """--issues FILE.json and no links, else the configured tracker's issues (as the TUI
    gets them) and, with ``links``, the links members made (GitLab's cached notes, the
    demo's notes file); no mailbox is needed for either. ``unread`` gets which issues'
    links were not read from the tracker, and why (``links_not_read``); ``left_out`` the
    links of outside accounts not counted per issue (``links_left_out``)."""
    if args.issues:
        from hdtui.tracker.static import StaticTracker

        return StaticTracker(Path(args.issues).expanduser()).issues(), []
    tracker, notices = make_tracker(config, args.demo, read_only=True, required=True,
                                    command=args.command, config_file=_config_file(args))
    tell(notices)
    try:
        issues = tracker.issues()
        if links:
            read_owed_links(tracker)
        found = issues, tracker.links() if links else []
        if links and unread is not None:
            unread.append(tracker.links_not_read())
        if links and left_out is not None:
            left_out.update(tracker.links_left_out())
        return found
    finally:
        tracker.close()


def match(args: argparse.Namespace) -> int:
    """Rank the known issues for each message file and print the best ones with why."""
    config = _config_for(args)
    sources = [open_path(Path(p)) for p in args.messages]  # unusable MESSAGE: exit 2
    if args.demo:
        tell(demo_dirs())
    issues, _ = _issues_and_links(args, config, links=False)
    from hdtui.domain.matching import IssueIndex

    index = IssueIndex(issues)
    crypto = demo_crypto() if args.demo else config_crypto(config)
    with stopping_agent(crypto, args.demo):
        results = _match_all(args, config, sources, crypto, index)
    say_undecryptable(config, crypto, results, args.demo)
    if args.json:
        print(json_text({"issues": len(issues), "messages": results}))
    else:
        for row in results:
            print(_match_text(row))
    return 0 if any(row["matches"] for row in results) else 1


def _match_all(args: argparse.Namespace, config: Config, sources: list[LocalSource],
               crypto: GpgCrypto, index: IssueIndex) -> list[dict[str, Any]]:
    from hdtui.domain.matching import suggest_issues
    from hdtui.services.reading import Reader

    results: list[dict[str, Any]] = []
    for source in sources:
        reader = Reader(source, crypto, config.queue.team_addresses,
                        helpdesk_addresses=config.queue.helpdesk_addresses)
        for item, entry in reader.read_many(source.list(), config.gpg.workers):
            where = _scan_row(source, item.key, entry)["message"]
            if isinstance(entry, SourceError):
                raise SourceError(f"{where}: {entry.message}")
            matches = suggest_issues(entry, index, args.limit)
            results.append(_match_row(where, entry, matches))
    return results


def _match_row(where: str, entry: Entry, matches: list[Match]) -> dict[str, Any]:
    return {
        "message": where,
        "kind": entry.kind.value,
        "report_id": entry.report_id,
        "summary": entry.summary,
        "decrypt": entry.decrypt.value,
        "matches": [{"iid": m.issue.iid, "title": m.issue.title, "web_url": m.issue.web_url,
                     "state": m.issue.state, "score": m.score, "confident": m.confident,
                     "signals": list(m.signals), "terms": list(m.terms)} for m in matches],
    }


def _match_text(row: dict[str, Any]) -> str:
    from hdtui.domain.match_reasons import reasons  # (only `hdtui match` needs it)

    lines: list[str] = [clean(f"{row['message']}  {one_line(row['summary'], 70)}")]
    if not row["matches"]:
        lines.append("  no known issue matches")
    for m in row["matches"]:
        mark = "confident" if m["confident"] else "possible"
        state = "" if m["state"] == "opened" else f" ({m['state']})"
        lines.append(clean(f"  #{m['iid']:<6} {m['score']:6.1f}  {mark:<9}  "
                           f"{one_line(m['title'], 70)}{state}"))
        why = reasons(m["signals"], m["terms"])  # as the known-issues pane shows them
        lines.append(clean(f"  {'':6} matched: {one_line(', '.join(why), 100)}"))
    return "\n".join(lines)


SYNC_BUSY = 75
"""``hdtui sync``'s status when another hdtui (a member's open TUI) holds the store: that
TUI reads the mailbox itself, so nothing is missed; ``--quiet-if-busy`` says nothing then,
and a cron job mails nothing during a shift (EX_TEMPFAIL of sysexits.h: try again later;
docs/cli.md, "A sync while the TUI is open")."""


def sync(args: argparse.Namespace) -> int:
    """Pull new mail into the cache and print what changed (for cron: the TUI opens warm).
    SIGTERM or SIGHUP (cron's kill, ``timeout``) stops it cleanly: the read and its gpg
    processes end at once, the session is closed as at the end (the store's lock last),
    one line on stderr says so, and the status is the shell's for that signal (docs/cli.md,
    "Stopping hdtui sync"). A store in use: ``SYNC_BUSY``."""
    config = _config_for(args)
    if args.demo:
        tell(demo_dirs())  # before build, which then finds them tight and says nothing
    built: list[Setup] = []
    counting: list[bool] = []  # one True once the read is done and the count under way

    def stop_reads() -> None:  # in the signal's handler, before its SystemExit
        for setup in built:
            setup.triage.stop_reading()  # a body fetch under way is cut short
            if setup.crypto is not None:
                setup.crypto.end()  # the batches' gpg processes killed, none started again

    try:
        with ending_on_hang_up(first=stop_reads):
            setup = build(config, args.demo, read_only=True,
                          config_file=str(_config_file(args)))
            built.append(setup)
            return _sync(args, config, setup, counting)
    except StoreInUse as busy:
        if not args.quiet_if_busy:
            print(sync_busy_said(busy), file=sys.stderr)
        return SYNC_BUSY
    except SystemExit as stop:
        if not isinstance(stop.code, int) or stop.code <= 128:
            raise
        import signal

        name = signal.Signals(stop.code - 128).name
        if counting:
            print(f"hdtui: sync stopped by {name} while counting: every message is cached, "
                  "the reports counted before it are saved, and the next sync counts the "
                  "rest.", file=sys.stderr)
        else:
            print(f"hdtui: sync stopped by {name}: the messages read before it are cached, "
                  "and the next sync reads the rest.", file=sys.stderr)
        return stop.code


def sync_busy_said(busy: StoreInUse) -> str:
    """The line `hdtui sync` says when another hdtui holds the store: who (``sync_owner.
    holder_said``), and what to do. A sync never reads from a snapshot of the store, as
    `hdtui stats` does: what it is for is the cache it writes, and a snapshot is thrown
    away at the end; the hdtui holding the store reads new mail and caches it itself, a
    skim too (docs/cli.md, "A sync while the TUI is open")."""
    from hdtui.sync_owner import holder_said

    holder = holder_said(busy.owner)
    if holder.startswith(("hdtui stats", "hdtui followups", "another hdtui sync")):
        todo = "it ends by itself: sync again in a moment (a cron's next run does)"
    else:
        todo = ("it caches the mail it reads itself (from IMAP as it arrives; a local "
                "Maildir or mbox at its start and on f5); sync again once it is closed (a "
                "cron's next run does), or count now with `hdtui stats`, which reads a "
                "snapshot of the store")
    demo = " Close it first: the demo always uses this store." if busy.demo else ""
    return (f"hdtui: Store in use: {holder} holds the store {one_line(busy.store)}. Nothing "
            f"synced (status {SYNC_BUSY}): {todo}. --quiet-if-busy says nothing in this "
            f"case.{demo}")


def _sync(args: argparse.Namespace, config: Config, setup: Setup,
          counting: list[bool]) -> int:
    """``sync``'s read, its count and what it prints, ``setup`` closed at its end;
    ``counting`` is given a True when the count starts."""
    tell([*setup.store.notices, *section_problems(config, args.demo)])
    # Nothing else runs in this interpreter: read here, not in a process of its own
    # (docs/cold-start.md, "Reading in a process of its own"). The count that follows
    # keeps its processes: one a core (docs/cli.md, "hdtui sync counts too").
    setup.triage.far_reader = None
    if args.no_count:
        setup.triage.far_counter = None
    rewritten = 0
    counted = ""
    unread: tuple[list[int], str] = ([], "")
    try:
        started = time.monotonic()
        result = setup.triage.inbox()
        elapsed = time.monotonic() - started  # the read's, said with it
        if not result.offline:
            # Documents an older version made are made again here, not at the TUI's next
            # start (docs/filter.md, "Documents made by older code").
            rewritten = setup.triage.index_documents()
            setup.triage.keep_columns_for_next_start()  # the TUI's whole queue, warm
            if not args.no_count:
                counting.append(True)
                counted = _counted(setup)
                unread = setup.tracker.links_not_read() if setup.tracker is not None \
                    else ([], "")
        undecryptable = setup.triage.undecryptable()  # the first sync's failures too
        decrypted = setup.triage.decrypted()
    finally:
        setup.close()
    if result.offline:
        print(f"hdtui: the server could not be reached, nothing synced: "
              f"{clean(result.offline)}", file=sys.stderr)
        return 1
    print(f"{setup.label}: {len(result.rows)} messages; the listing found {result.listed} "
          f"new or changed and {result.gone} gone; {result.parsed} read, "
          f"{len(result.unreadable)} unreadable, {undecryptable} still undecryptable "
          f"({elapsed:.2f} s)")
    print(undecryptable_said(config, setup.crypto, undecryptable, decrypted, args.demo),
          file=sys.stderr, end="")
    if counted:
        print(counted, file=sys.stderr if counted.startswith("hdtui:") else sys.stdout)
    if unread[0]:  # counted with the links a sync read: those it could not are said
        from hdtui.domain.links import not_read_said

        print(f"hdtui: {one_line(not_read_said(*unread))}.", file=sys.stderr)
    if rewritten:
        print(f"{rewritten} messages' filter documents made again from the cache "
              f"(an older version's were dropped or missing)")
    for reason in result.unreadable:
        print(f"unreadable: {clean(reason)}")
    # A folder the server does not have: the others are synced above, and the setting
    # to fix makes the exit status 2 (docs/config.md).
    for reason in result.missing:
        print(f"hdtui: not synced: {clean(reason)}", file=sys.stderr)
    return 2 if result.missing else 0


def _counted(setup: Setup) -> str:
    """Count what the read cached (the facts of every report against the known issues,
    saved as the TUI saves them), so that the TUI opens with its numbers complete and
    starts no count of its own; what to print about it ("" with no tracker set up: there
    is nothing to count against, and the start said why). A tracker that fails is said
    and the sync still succeeds: the read is cached (docs/cli.md, "hdtui sync counts too")."""
    from hdtui.tracker.not_set_up import NotSetUpTracker

    if isinstance(setup.tracker, NotSetUpTracker):
        return ""  # said at the start, as every command says it
    started = time.monotonic()
    stale: list[int] = []  # the first count's total: the reports whose facts were stale

    def progress(done: int, total: int) -> None:
        # The first count says how many reports it counts (its total); a second pass, for
        # words the issues learnt from the first, counts some of them again, and the
        # counting processes' rest is counted here after: neither is new (walk23b saw
        # "101 counted, -42 were counted already" when they were added up).
        if not stale:
            stale.append(total)

    setup.triage.known_issues()  # an empty tracker cache: listed now, then its notes
    read_owed_links(setup.tracker)  # read, so the count has the links
    try:
        facts = setup.insight.facts(progress)
    except HdtuiError as error:
        from hdtui.wiring import told

        if told(setup.triage.issues_missing):
            return ""  # the start said why there are no known issues (review23)
        return f"hdtui: not counted: {clean(error.message)}"  # (and until when)
    issues = len(setup.triage.known_issues().issues)
    made = min(stale[0] if stale else 0, len(facts))
    return (f"counted: {made} reports against the {issues} known issues "
            f"({time.monotonic() - started:.2f} s); {len(facts) - made} were counted "
            "already")


def at_least_one(value: str) -> int:
    """An argument that counts something shown: a whole number, 1 or more."""
    try:
        number = int(value)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"{number} is below 1: give 1 or more")
    return number


def say_undecryptable(config: Config, crypto: GpgCrypto, rows: Sequence[dict[str, Any]],
                      demo: bool, scanned: bool = False) -> None:
    """After ``scan`` or ``match``: ``undecryptable_said`` of their rows, on stderr (their
    stdout may be JSON)."""
    failed = sum(1 for row in rows if row.get("decrypt") == DecryptState.FAILED.value)
    decrypted = sum(1 for row in rows if row.get("decrypt") == DecryptState.DECRYPTED.value)
    print(undecryptable_said(config, crypto, failed, decrypted, demo, files=True,
                             scanned=scanned), file=sys.stderr, end="")


def undecryptable_said(config: Config, crypto: GpgCrypto | None, failed: int,
                       decrypted: int, demo: bool, files: bool = False,
                       scanned: bool = False) -> str:
    """What ``sync``, ``match`` and ``scan`` say of the ``failed`` reports they could not
    decrypt (a line, or "" for none), one of three things (docs/encryption.md, "What the
    commands say of undecryptable reports"): no GnuPG home to decrypt with; nothing
    decrypted, so the keyring lacks the Help Desk's key (``undecryptable_hint``); some
    decrypted, so the keyring works and the others were encrypted to another key (the
    hint would send the member to check a keyring that works). In the demo only the first
    is said: two of its reports are meant not to decrypt. ``files``: the reports were
    message files; ``scanned``: by ``scan``, whose rows say why each failed."""
    no_home = crypto.missing_home() if crypto is not None else ""
    if not failed or (demo and not no_home):
        return ""
    if no_home:
        return f"hdtui: {failed} encrypted reports not read: {no_home}.\n"
    if not decrypted:
        return undecryptable_hint(config, files, scanned) + "\n"
    if scanned:
        where = "the problems of each say the key IDs gpg named"
    elif files:
        where = "`hdtui scan FILE...` names, for each, the key IDs gpg named"
    else:
        where = ("in hdtui, the filter state:undecryptable lists them, each with the key IDs "
                 "gpg named")
    return (f"{failed} reports are encrypted to a key this keyring lacks ({decrypted} were "
            f"decrypted with it); {where}.\n")


def undecryptable_hint(config: Config, files: bool = False, scanned: bool = False) -> str:
    """What a member with undecryptable reports checks first: the GnuPG home and its key,
    then where to read why each failed (``files``: the reports were message files;
    ``scanned``: ``scan`` read them, and its rows say why)."""
    import shlex

    from hdtui.config_checks import uses_imap

    home = config.gpg.home or os.environ.get("GNUPGHOME") or "~/.gnupg"
    key = f" ([gpg] helpdesk_key: {config.gpg.helpdesk_key})" if config.gpg.helpdesk_key \
        else ""
    if scanned:
        why = "the problems of each report say why it failed."
    elif files:
        why = "`hdtui scan FILE...` says why each report failed."
    elif uses_imap(config):  # scan reads files, not an IMAP mailbox
        why = ("in hdtui, the filter state:undecryptable lists those reports, and each one "
               "says why it failed.")
    else:
        why = (f"`hdtui scan {shlex.quote(config.source.path or 'MAILBOX')}` says why each "
               "report failed.")
    return (f"Reports that could not be decrypted: check that [gpg] home ({home}) holds the "
            f"Help Desk's secret key{key}: `gpg --homedir {home} --list-secret-keys` lists "
            f"its fingerprint; {why}")


def followups(args: argparse.Namespace) -> int:
    """Print what came due for this member (docs/followups.md): for cron or a login
    message. Reads as ``hdtui sync`` does (read-only: it never changes the mailbox);
    offline, from the cache, and says so. While another hdtui (a TUI) holds the store it
    reads a snapshot of it, as ``hdtui stats`` does: it stopped with "Store in use", exit
    2, on every login and cron run during a shift (docs/followups.md)."""
    import contextlib

    from hdtui.store import owner_of
    from hdtui.wiring import store_path

    config = _config_for(args)
    if args.demo:
        tell(demo_dirs())
    with contextlib.ExitStack() as stack:
        at: Path | None = None
        in_use = owner_of(store_path(config, args.demo))
        if in_use is not None:
            from hdtui.stats import snapshot_of_store

            at = stack.enter_context(snapshot_of_store(config, args.demo, in_use,
                                                       doing="reading"))
        setup = build(config, args.demo, read_only=True,
                      config_file=str(_config_file(args)), store_at=at)
        tell([*setup.store.notices, *section_problems(config, args.demo)])
        offline: str | None = None
        try:
            result = setup.triage.inbox()
            offline = result.offline
            for reason in result.missing:
                print(f"hdtui: not read: {clean(reason)}", file=sys.stderr)
            shift = setup.shift
            assert shift is not None
            if offline is None:
                try:
                    shift.read_team()  # reminders made on the member's other machines
                except HdtuiError as error:
                    print("hdtui: the team folder could not be read: "
                          f"{clean(error.message)}", file=sys.stderr)
            due = shift.followups()
            member = shift.member
        finally:
            setup.close()
    if offline:
        print(f"hdtui: the server could not be reached; from the cache: {clean(offline)}",
              file=sys.stderr)
    if args.json:
        print(json_text({"member": member, "offline": offline,
                         "followups": [f.data() for f in due]}))
        return 0
    if not due:
        print(f"No follow-ups due for {one_line(member)}.")
    for item in due:
        print(clean(one_line(item.line, 200)))
    return 0


def tracker_sync(args: argparse.Namespace) -> int:
    """Bring the local issue cache up to date, with the links other members made on the
    issues that changed, and print what changed."""
    from hdtui.domain.links import not_read_said

    config = _config_for(args)
    notices = demo_dirs() if args.demo else []
    tracker, tracker_notices = make_tracker(config, args.demo, read_only=True, required=True,
                                            command="tracker-sync",
                                            config_file=_config_file(args))
    tell([*notices, *tracker_notices])
    where = getattr(tracker, "where", None) or str(getattr(tracker, "path", "tracker"))
    problems: list[str] = []
    try:
        started = time.monotonic()
        result = tracker.sync(full=args.full)
        elapsed = time.monotonic() - started
        unread = not_read_said(*tracker.links_not_read())
        check = getattr(tracker, "account_problems", None)  # GitLab only
        if check is not None:
            try:
                problems = check()
            except TrackerError as error:
                problems = [f"{error.title}: {error.message}"]
    finally:
        tracker.close()
    kind = "full" if result.full else "incremental"
    print(f"{where}: {result.total} issues, {result.new} new, {result.changed} changed, "
          f"{result.dropped} dropped ({kind} sync, {result.fetched} received, "
          f"links read on {result.links_read}, {elapsed:.2f} s)")
    if result.waited:
        print(f"GitLab asked to slow down: waited {result.waited:.0f} s")
    # Links another member made are counted by stats and the TUI from what a sync read:
    # those it could not read are said, not counted as none (docs/gitlab.md).
    tell([*problems, *([f"{unread}."] if unread else [])])
    return 0


def releases(args: argparse.Namespace) -> int:
    """Fetch the Tails feeds and print the latest release, its notes by section and the
    unfixed advisories (for cron and scripts). Exit 1 when a feed failed (its last good
    copy is printed, and stderr says how old it is)."""
    config = _config_for(args)
    if args.demo:
        tell(demo_dirs())
    result = make_release_feeds(config, args.demo).refresh()
    tell(result.problems)
    if args.json:
        print(json_text(releases_json(result)))
    else:
        print(releases_text(result))
    return 1 if result.problems else 0


def releases_json(result: FeedResult) -> dict[str, Any]:
    """The latest release, every release's fixed issues, and the advisories."""
    from hdtui.domain.releases import SECTIONS

    state = result.state
    latest = state.latest
    return {
        "stable": state.current or None,
        "latest": None if latest is None else {
            "version": latest.version, "date": latest.date or None, "url": latest.url,
            "emergency": latest.emergency, "intro": latest.intro or None,
            "sections": {SECTIONS.get(k, k): list(v) for k, v in latest.sections.items()},
            "fixed_issues": list(latest.fixed_issues)},
        "releases": [{"version": r.version, "date": r.date or None,
                      "fixed_issues": list(r.fixed_issues)} for r in state.releases],
        # null, not []: no copy of the advisories feed, so how many is unknown
        "unfixed_advisories": [{"title": a.title, "url": a.url, "date": a.date or None}
                               for a in state.unfixed] if result.advisories_known else None,
        "fetched_at": {name: round(t) for name, t in sorted(result.fetched_at.items())},
        "problems": list(result.problems),
    }


def releases_text(result: FeedResult) -> str:
    """The same as text: one heading per section, one bullet per line."""
    from hdtui.domain.releases import SECTIONS

    state = result.state
    latest = state.latest
    lines: list[str] = []
    if latest is None:
        lines.append(f"Stable version: {state.current or 'unknown'} (no release notes)")
    else:
        kind = " (emergency release)" if latest.emergency else ""
        lines.append(f"Tails {latest.version}{kind}, {latest.date or 'date unknown'}: "
                     f"{latest.url}")
        if state.stable and state.stable != latest.version:
            lines.append(f"latest.json names {state.stable}")
        if latest.intro:
            lines.append(latest.intro)
        for key, title in SECTIONS.items():
            if latest.sections.get(key):
                lines.append(f"\n{title}")
                lines.extend(f"  - {bullet}" for bullet in latest.sections[key])
        if latest.fixed_issues:
            lines.append("Fixes issues: " + ", ".join(f"#{n}" for n in latest.fixed_issues))
    lines.append(f"\nUnfixed advisories: {result.unfixed_text}")
    lines.extend(f"  - {a.date or '?'} {a.title}  {a.url}" for a in state.unfixed)
    return "\n".join(clean(line) for line in lines)


class _NotTheTui(Exception):
    """The start's own parser met something it does not parse (a command, --help, an
    error): the whole parser parses the arguments again."""


START_FLAGS = {"--demo": "demo", "--read-only": "read_only"}
START_VALUES = {"--config": "config", "--keymap": "keymap"}
"""A start's options, each written in full, that ``plain_start`` parses without argparse."""


def plain_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """A start of the TUI whose options are each written in full (``--demo``,
    ``--read-only``, ``--config FILE`` or ``--config=FILE``, ``--keymap NAME`` or
    ``--keymap=NAME``, a value neither empty nor starting with "-"), parsed as argparse
    parses it, without importing argparse (about 10 M instructions of a warm start's first
    frame, its import and its parser: docs/benchmarks.md, "Session 28: warm first rows");
    None for anything else (a command, an abbreviation, --help, an error), which argparse
    then parses. The same attributes as argparse's, in a ``SimpleNamespace``."""
    found: dict[str, object] = {"config": None, "demo": False, "read_only": False,
                                "keymap": None, "command": None}
    words = list(argv)
    at = 0
    while at < len(words):
        name, equals, value = words[at].partition("=")
        if name in START_VALUES:
            if not equals:
                at += 1
                if at == len(words):
                    return None
                value = words[at]
            if not value or value.startswith("-"):
                return None
            found[START_VALUES[name]] = value
        elif not equals and name in START_FLAGS:
            found[START_FLAGS[name]] = True
        else:
            return None
        at += 1
    return cast("argparse.Namespace", SimpleNamespace(**found))


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments, parsed. A start of the TUI whose options are written in full is
    parsed without argparse (``plain_start``); another start (no command) by a parser of
    the top-level options alone: the commands' nine parsers are built (1-1.5 ms of a warm
    start's CPU before its first frame: docs/benchmarks.md, "Session 18: warm first
    rows") only for a command, ``--help`` or an error, which the whole parser then
    answers as it always did."""
    started = plain_start(sys.argv[1:] if argv is None else argv)
    if started is not None:
        return started
    import argparse

    class TuiParser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise _NotTheTui(message)

    tui = TuiParser(prog="hdtui", add_help=False)
    _top_level(tui)
    tui.set_defaults(command=None)
    try:
        return tui.parse_args(argv)
    except _NotTheTui:
        return parser().parse_args(argv)


def _top_level(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", action="version", version=f"hdtui {__version__}")
    p.add_argument("--config", help="config file (default: $HDTUI_CONFIG or the XDG path)")
    p.add_argument("--demo", action="store_true",
                   help="use the bundled demo mailbox, key and known issues")
    p.add_argument("--read-only", action="store_true",
                   help="a read-only skim: no answers, no mailbox changes; new "
                   "GitLab issues and team alerts still report problems back")
    p.add_argument("--keymap", help="keymap name (default, vim) or path")


def parser() -> argparse.ArgumentParser:
    """The argument parser, with every command's."""
    import argparse

    p = argparse.ArgumentParser(
        prog="hdtui",
        description="Triage Tails WhisperBack reports and support mail in a terminal.",
        epilog="Without a command, opens the TUI. Config: $HDTUI_CONFIG or "
               "$XDG_CONFIG_HOME/hdtui/config.toml.",
    )
    _top_level(p)
    sub = p.add_subparsers(dest="command")
    i = sub.add_parser("init-config", help="write a commented starter config file where "
                                           "hdtui looks for it (never overwrites one)")
    i.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    s = sub.add_parser("scan", help="read messages and print kind, report ID, version, "
                                    "hardware and problems, one line each")
    s.add_argument("paths", nargs="+", metavar="PATH",
                   help="a Maildir, an mbox, a directory of message files, or message files")
    s.add_argument("--json", action="store_true", help="print JSON")
    # SUPPRESS keeps `hdtui --demo scan` working: the subcommand must not reset the flag.
    s.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="decrypt with the demo key")
    s.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    s.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    m = sub.add_parser("match", help="rank the known issues for each message, with the "
                                     "signals and words that matched")
    m.add_argument("messages", nargs="+", metavar="MESSAGE",
                   help="message files (or a Maildir, an mbox, a directory of files)")
    m.add_argument("--issues", metavar="FILE.json",
                   help="known issues: a JSON list of GitLab REST issue objects "
                        "(default: the configured tracker)")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument("--limit", type=at_least_one, default=5,
                   help="issues per message, 1 or more (default 5)")
    m.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="decrypt with the demo key and use the demo's known issues")
    m.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    m.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    y = sub.add_parser("sync", help="pull new mail into the local cache and print what "
                                    "changed (read-only: never changes the mailbox)")
    y.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="sync the demo mailbox")
    y.add_argument("--no-count", action="store_true",
                   help="read and cache only: leave the count against the known issues "
                        "to the TUI's next start")
    y.add_argument("--quiet-if-busy", action="store_true",
                   help=f"when another hdtui (an open TUI) holds the store, exit {SYNC_BUSY} "
                        "and say nothing (for cron: that TUI reads the mailbox itself)")
    y.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    y.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    f = sub.add_parser("followups", help="list the follow-ups that came due for you (answers "
                                         "to what you sent, your reminders), for cron or a "
                                         "login message (read-only)")
    f.add_argument("--json", action="store_true", help="print JSON")
    f.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="the demo mailbox")
    f.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    f.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    t = sub.add_parser("tracker-sync", help="bring the local copy of the known issues up to "
                                            "date (incremental) and print what changed")
    t.add_argument("--full", action="store_true",
                   help="reconcile now (done daily anyway): fetch every open and recently "
                        "closed issue again and drop those GitLab no longer lists")
    t.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="the demo's known issues")
    t.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    t.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    from hdtui.stats import add_parser as add_stats

    add_stats(sub)
    r = sub.add_parser("releases", help="fetch the Tails feeds and print the latest release, "
                                        "its notes by section and the unfixed advisories")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="the bundled feed snapshot (no network)")
    r.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    r.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _stats(args: argparse.Namespace) -> int:
    from hdtui.stats import stats

    return stats(args)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point."""
    args = parse_arguments(argv)
    if args.command:  # the TUI resumes it after its first frame (hdtui/collector.py)
        resume_collector()
    try:
        commands = {"scan": scan, "sync": sync, "tracker-sync": tracker_sync, "match": match,
                    "followups": followups,
                    "stats": _stats, "releases": releases, "init-config": init_config}
        code = commands.get(args.command or "", run_tui)(args)
    except HdtuiError as error:
        # A message that starts with its title ("GitLab not set up: ...") is said once.
        title = "" if error.message.startswith(error.title) else f"{one_line(error.title)}: "
        print(f"hdtui: {title}{clean(error.message)}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # The reader left early (`hdtui match … | head`): stop quietly, as a shell tool
        # does on SIGPIPE; stdout goes nowhere so the exit's flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    if args.command is None:  # the TUI, its session closed: no teardown of its heap
        from hdtui.quick_exit import quick_exit

        quick_exit(code)
    sys.exit(code)
