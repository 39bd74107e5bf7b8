"""The headless command line: --help, --version, scan (text and JSON), bad paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hdtui.domain.text import clean
from tests.support.cpython import email_test_data
from tests.support.pgp import kill_agent

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "hdtui" / "demo" / "maildir"
BAD = ROOT / "tests" / "data" / "bad"


def hdtui_env(env_root: Path) -> dict[str, str]:
    """The environment ``hdtui`` runs the command in: the XDG directories under
    ``env_root``."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(env_root),
           "XDG_CONFIG_HOME": str(env_root / "config"),
           "XDG_DATA_HOME": str(env_root / "data"), "XDG_CACHE_HOME": str(env_root / "cache")}
    # Under faketime (docs/testing.md, "Tests on another day"), the command's clock is the
    # test's.
    env.update((name, value) for name, value in os.environ.items()
               if name.startswith("FAKETIME") or (name == "LD_PRELOAD" and "faketime" in value))
    return env


def hdtui(*args: str, env_root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hdtui", *args], capture_output=True,
                          text=True, cwd=ROOT, env=hdtui_env(env_root), timeout=120,
                          check=False)


def test_help_and_version(xdg: Path) -> None:
    result = hdtui("--help", env_root=xdg)
    assert result.returncode == 0 and "scan" in result.stdout and "--read-only" in result.stdout
    result = hdtui("--version", env_root=xdg)
    assert result.returncode == 0 and result.stdout.startswith("hdtui 0.")


def test_scan_the_demo_mailbox(xdg: Path) -> None:
    result = hdtui("scan", "--demo", str(DEMO), env_root=xdg)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line.split("\t") for line in lines[:-1]]
    assert len(rows) == 72 and lines[-1].startswith("72 messages, ")
    kinds = [r[1] for r in rows]
    assert kinds.count("report") >= 45 and {"team", "support", "list-admin", "ft"} <= set(kinds)
    undecryptable = [r for r in rows if "cannot decrypt" in r[-1]]
    assert len(undecryptable) == 2
    wifi = next(r for r in rows if r[2] == "665bce744bdc41648bb1cc4246de2400" and r[1] == "report")
    assert wifi[3] == "7.5" and wifi[4] == "HP 250 G5 Notebook PC"
    # Mail text is printed as data: the ESC byte of the markup sample is made visible.
    assert "\x1b" not in result.stdout


def test_scan_json_and_flags_in_either_position(xdg: Path) -> None:
    result = hdtui("--demo", "scan", "--json", str(DEMO), env_root=xdg)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["count"] == 72 and len(data["messages"]) == 72
    decrypted = [m for m in data["messages"] if m.get("decrypt") == "decrypted"]
    assert len(decrypted) >= 45


def test_scan_files_of_any_name_and_bad_input(xdg: Path) -> None:
    files = sorted(str(p) for p in BAD.iterdir())
    result = hdtui("scan", *files, env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{len(files)} messages, ")
    assert "Traceback" not in result.stderr
    # Files with no header line are no message of any kind (they were "support").
    kinds = {Path(line.split("\t")[0]).name: line.split("\t")[1]
             for line in result.stdout.splitlines()[:-1]}
    assert kinds["binary.bin"] == kinds["no-headers.eml"] == "unreadable"
    assert kinds["bad-date.eml"] != "unreadable"


def test_unusable_path_exits_2_with_a_message(xdg: Path) -> None:
    result = hdtui("scan", str(xdg / "missing"), env_root=xdg)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_bad_keymap_in_config_is_reported(xdg: Path) -> None:
    config = xdg / "config" / "hdtui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap_overrides]\n"claim" = "c"\n')
    result = hdtui("--config", str(config), "--demo", env_root=xdg)
    assert result.returncode == 2
    assert "unknown binding id 'claim'" in result.stderr and "toggle-claim" in result.stderr


def test_scan_cpython_email_test_data(xdg: Path) -> None:
    data = email_test_data()
    result = hdtui("scan", str(data), env_root=xdg)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    count = len([p for p in data.rglob("*") if p.is_file()])
    assert result.stdout.splitlines()[-1].startswith(f"{count} messages")


def test_a_damaged_demo_store_and_loose_directories_are_said_on_stderr(xdg: Path) -> None:
    demo = xdg / "cache" / "hdtui" / "demo"
    demo.mkdir(parents=True)
    for loose in (demo.parent, demo):
        loose.chmod(0o755)
    (demo / "store.json").write_bytes(b"")  # zero bytes after a crash
    result = hdtui("--demo", "sync", env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    said = result.stderr.splitlines()
    assert said[:2] == ["hdtui: Tightened permissions of ~/cache/hdtui from 0755 to 0700.",
                        "hdtui: Tightened permissions of ~/cache/hdtui/demo from 0755 to 0700."]
    assert said[2].startswith("hdtui: The local store ~/cache/hdtui/demo/store.json is "
                              "damaged (it is empty): moved aside as ~/cache/hdtui/demo/"
                              "store.json.damaged-")
    assert said[2].endswith(", starting empty (there is no last good copy).")
    assert [p.stat().st_mode & 0o777 for p in (demo.parent, demo)] == [0o700, 0o700]
    # The next start has nothing to say.
    again = hdtui("--demo", "sync", env_root=xdg)
    assert again.returncode == 0 and again.stderr == ""


def test_a_store_that_cannot_be_read_refuses_to_start_with_exit_2(xdg: Path) -> None:
    store = xdg / "cache" / "hdtui" / "demo" / "store.json"
    store.mkdir(parents=True)
    result = hdtui("--demo", "sync", env_root=xdg)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "hdtui: Local store error: Refusing to start: cannot read the local store "
        "~/cache/hdtui/demo/store.json (Is a directory). Starting empty would replace it")


def test_scan_json_escapes_c1_bidi_and_format_characters(xdg: Path, tmp_path: Path) -> None:
    tricky = "Écran \u202eelif.exe\u202c \u2067isolate\u2069 \u200e\u200f\u061c \x80PAD \x9bCSI"
    mail = tmp_path / "tricky.eml"
    mail.write_bytes(b"From: user@example.org\nTo: support@tails.net\nSubject: "
                     + tricky.encode() + b"\nContent-Type: text/plain; charset=utf-8\n\nhi\n")
    result = hdtui("scan", "--json", str(mail), env_root=xdg)
    assert result.returncode == 0, result.stderr
    for char in "\u202e\u202c\u2067\u2069\u200e\u200f\u061c\x80\x9b":
        assert char not in result.stdout
    assert "Écran" in result.stdout  # letters stay readable, not \u00c9
    [row] = json.loads(result.stdout)["messages"]
    # Made visible where mail enters (docs/text-safety.md); JSON escapes what is left.
    assert row["summary"] == clean(tricky)
    assert "<U+202E>elif.exe<U+202C>" in row["summary"] and "<U+009B>CSI" in row["summary"]


def test_sync_makes_again_the_filter_documents_an_older_version_made(xdg: Path) -> None:
    import sqlite3

    from hdtui.cache import DOCUMENTS_STATE
    from hdtui.code_digest import document_code

    first = hdtui("--demo", "sync", env_root=xdg)
    assert first.returncode == 0, first.stderr
    assert "filter documents" not in first.stdout  # its read wrote them with this code
    cache = xdg / "cache" / "hdtui" / "demo" / "store-cache.sqlite"
    db = sqlite3.connect(str(cache))
    documents = db.execute("SELECT COUNT(*) FROM search").fetchone()[0]
    assert documents > 40
    with db:
        db.execute("UPDATE state SET value = ? WHERE name = ?",
                   (json.dumps("an older version's digest"), DOCUMENTS_STATE))
    db.close()
    again = hdtui("--demo", "sync", env_root=xdg)
    assert again.returncode == 0, again.stderr
    assert (f"{documents} messages' filter documents made again from the cache"
            in again.stdout)
    db = sqlite3.connect(str(cache))
    try:
        state = db.execute("SELECT value FROM state WHERE name = ?",
                           (DOCUMENTS_STATE,)).fetchone()[0]
        assert json.loads(state) == document_code()
        assert db.execute("SELECT COUNT(*) FROM search").fetchone()[0] == documents
    finally:
        db.close()


def test_scan_knows_the_auto_reply_coming_back_as_system_mail(xdg: Path, tmp_path: Path) -> None:
    """The Help Desk's own auto-reply, bounced or forwarded back, is system mail for
    `scan` (and `stats PATH`) as for the TUI: the bundled auto-reply's subject and that
    of [replies] dir (docs/autoreply.md)."""
    replies = tmp_path / "replies"
    replies.mkdir()
    (replies / "auto-reply.de.md").write_text(
        "---\ntitle: Auto-reply\nlanguage: de\nsubject: Automatische Antwort vom Help Desk\n"
        "---\nDies ist eine automatische Antwort.\n", encoding="utf-8")
    config = xdg / "config" / "hdtui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[replies]\ndir = "{replies}"\n', encoding="utf-8")
    mails = []
    for n, subject in enumerate(("Automatic reply from the Tails Help Desk",
                                 "Automatische Antwort vom Help Desk", "Tor does not start")):
        mail = tmp_path / f"{n}.eml"
        mail.write_text(f"From: someone@example.org\nTo: help@example.org\nSubject: {subject}\n"
                        f"Message-ID: <{n}@example.org>\n\nHello, it does not work.\n",
                        encoding="utf-8")
        mails.append(str(mail))
    result = hdtui("--config", str(config), "scan", "--json", *mails, env_root=xdg)
    assert result.returncode == 0, result.stderr
    kinds = [m["kind"] for m in json.loads(result.stdout)["messages"]]
    assert kinds == ["system", "system", "support"]


def test_a_start_of_the_tui_parses_its_options_without_the_commands_parsers(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The commands' nine parsers are not built on the way to the TUI's first frame
    (docs/benchmarks.md, "Session 18: warm first rows"): its options give the same
    arguments as the whole parser's; a command, --help or an error is the whole parser's."""
    from hdtui import cli

    starts = [[], ["--demo"], ["--read-only", "--keymap", "vim"], ["--config", "scan"],
              ["--conf=a.toml", "--dem", "--read-only"]]
    expected = [vars(cli.parser().parse_args(argv)) for argv in starts]
    built: list[object] = []
    whole = cli.parser

    def counted() -> object:
        built.append(True)
        return whole()

    monkeypatch.setattr(cli, "parser", counted)
    assert [vars(cli.parse_arguments(argv)) for argv in starts] == expected
    assert built == []
    found = cli.parse_arguments(["--demo", "scan", "x.eml"])
    assert (found.command, found.paths, found.demo) == ("scan", ["x.eml"], True)
    assert len(built) == 1
    for argv, status in ((["--help"], 0), (["--bogus"], 2), (["--keymap"], 2),
                         (["nope"], 2)):
        with pytest.raises(SystemExit) as ended:
            cli.parse_arguments(argv)
        assert ended.value.code == status
    shown = capsys.readouterr()
    assert "{init-config,scan,match,sync" in shown.out  # --help: the whole parser's
    assert "unrecognized arguments: --bogus" in shown.err
    assert "argument --keymap: expected one argument" in shown.err
    assert "invalid choice: 'nope'" in shown.err

    # A start whose options are each written in full is parsed without argparse, as
    # argparse parses it (docs/benchmarks.md, "Session 28: warm first rows"); any other
    # form (an abbreviation, a value that looks like an option, an empty one) is argparse's.
    plain = [["--config", "a.toml"], ["--config=a=b.toml", "--keymap=vim", "--demo"],
             ["--keymap", "vim", "--read-only", "--keymap", "default"], ["--config", "scan"]]
    assert [vars(cli.plain_start(argv) or {}) for argv in plain] == [
        vars(cli.parser().parse_args(argv)) for argv in plain]
    for argv in (["--conf", "a.toml"], ["--config"], ["--config="], ["--config", "-x"],
                 ["--demo=1"], ["scan", "x"], ["--help"], ["--version"], ["--", "--demo"]):
        assert cli.plain_start(argv) is None, argv
    assert vars(cli.parse_arguments(["--config="])) == vars(cli.parser().parse_args(
        ["--config="]))
    code = ("import sys; import hdtui.cli as cli; cli.parse_arguments(sys.argv[1:]); "
            "print('argparse' in sys.modules)")
    found = [subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                            text=True, check=True).stdout.strip()
             for argv in (["--read-only", "--config", "a.toml"], ["--dem"])]
    assert found == ["False", "True"]


def test_the_first_frame_gets_a_screen_of_the_queues_head() -> None:
    """A start gives its first frame the cached queue's first rows, as many as the
    terminal has lines (at least 24), not 200: the whole queue follows at once
    (docs/benchmarks.md, "Session 28: warm first rows"); 200 without a terminal."""
    import fcntl
    import pty
    import struct
    import termios

    code = "import sys; from hdtui.cli import head_rows; sys.stderr.write(str(head_rows()))"
    found = []
    for lines in (40, 60, 10, None):
        if lines is None:
            ran = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                 text=True, check=True)
            found.append(int(ran.stderr))
            continue
        master, slave = pty.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, 120, 0, 0))
            ran = subprocess.run([sys.executable, "-c", code], stdout=slave,
                                 stderr=subprocess.PIPE, text=True, check=True)
            found.append(int(ran.stderr))
        finally:
            os.close(slave)
            os.close(master)
    assert found == [40, 60, 24, 200]

def test_the_first_sync_counts_the_reports_it_could_not_decrypt(xdg: Path) -> None:
    first = hdtui("--demo", "sync", env_root=xdg)
    assert first.returncode == 0, first.stderr
    assert "72 read, 0 unreadable, 2 still undecryptable" in first.stdout  # not 0
    assert "[gpg] home" not in first.stdout + first.stderr  # the demo's two are meant to fail


def test_a_wrong_gnupg_home_is_counted_at_the_first_sync_and_says_what_to_check(
        xdg: Path) -> None:
    home = xdg / "empty-gnupg"
    home.mkdir(mode=0o700)
    config = xdg / "wrong-key.toml"
    config.write_text(f'[source]\npath = "{DEMO}"\n[gpg]\nhome = "{home}"\n'
                      f'[tracker]\nfile = "{DEMO.parent / "known_issues.json"}"\n')
    try:
        first = hdtui("--config", str(config), "sync", env_root=xdg)
        again = hdtui("--config", str(config), "sync", env_root=xdg)
    finally:
        kill_agent(home)  # gpg started one for the member's (here: empty) home
    assert first.returncode == again.returncode == 0, first.stderr
    counts = [int(run.stdout.split(" still undecryptable")[0].rsplit(" ", 1)[1])
              for run in (first, again)]
    assert counts[0] == counts[1] > 2, counts  # every encrypted report, the first time too
    # On stderr, as match and scan say it (tests/cli/test_keyring_hints.py).
    assert f"check that [gpg] home ({home}) holds the Help Desk's secret key" in first.stderr


def test_sync_leaves_the_queue_s_columns_kept_for_the_tui(xdg: Path) -> None:
    """The TUI started after `hdtui sync` reads the kept columns, not every row
    (docs/queue-columns.md, "Kept after a sync")."""
    import sqlite3

    from hdtui.cache import _META

    result = hdtui("--demo", "sync", env_root=xdg)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(str(xdg / "cache" / "hdtui" / "demo" / "store-cache.sqlite"))
    try:
        assert db.execute("SELECT COUNT(*) FROM queue_columns WHERE name = ?",
                          (_META,)).fetchone()[0] == 1  # (none on main)
    finally:
        db.close()


def saved_facts(xdg: Path, cache: str = "cache/hdtui/demo/store-cache.sqlite") -> int:
    import sqlite3

    db = sqlite3.connect(str(xdg / cache))
    try:
        return int(db.execute("SELECT COUNT(*) FROM facts").fetchone()[0])
    finally:
        db.close()


def test_sync_counts_what_it_read_so_the_tui_opens_counted(xdg: Path) -> None:
    """sync saves every report's facts (docs/cli.md, "hdtui sync counts too"): the TUI's
    next start has nothing left to count; the next sync counts only what is new."""
    first = hdtui("--demo", "sync", env_root=xdg)
    assert first.returncode == 0, first.stderr
    counted = [line for line in first.stdout.splitlines() if line.startswith("counted:")]
    facts = saved_facts(xdg)
    assert facts > 60
    assert counted == [f"counted: {facts} reports against the 61 known issues "
                       f"({counted[0].split('(')[1].split(')')[0]}); 0 were counted "
                       "already"]
    again = hdtui("--demo", "sync", env_root=xdg)
    assert again.returncode == 0 and again.stderr == ""
    assert "counted: 0 reports against the 61 known issues" in again.stdout
    assert f"; {facts} were counted already" in again.stdout
    assert saved_facts(xdg) == facts


def test_sync_no_count_reads_only(xdg: Path) -> None:
    result = hdtui("--demo", "sync", "--no-count", env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert "counted" not in result.stdout and saved_facts(xdg) == 0


def test_a_sync_while_a_tui_holds_the_store_exits_75_and_can_say_nothing(xdg: Path) -> None:
    """Session 23's walk: a cron sync during a shift exited 2 with "Store in use", and
    cron mailed it on every run, though the open TUI reads the mailbox itself. Now a
    distinct status (75, try again later) and ``--quiet-if-busy`` says nothing (docs/cli.md,
    "A sync while the TUI is open")."""
    from hdtui.cli import SYNC_BUSY
    from hdtui.config import Config
    from hdtui.store import LocalStore
    from hdtui.wiring import store_path

    assert hdtui("--demo", "sync", "--no-count", env_root=xdg).returncode == 0
    owner = LocalStore(store_path(Config(), demo=True))  # as the TUI holds it
    try:
        said = hdtui("--demo", "sync", env_root=xdg)
        quiet = hdtui("--demo", "sync", "--quiet-if-busy", env_root=xdg)
    finally:
        owner.close()
    assert SYNC_BUSY == 75
    assert said.returncode == quiet.returncode == 75
    assert said.stdout == "" and "Store in use" in said.stderr
    assert "Nothing synced (status 75)" in said.stderr and "Traceback" not in said.stderr
    assert quiet.stdout == quiet.stderr == ""
    free = hdtui("--demo", "sync", "--quiet-if-busy", env_root=xdg)
    assert free.returncode == 0 and "messages; the listing found" in free.stdout


def test_sync_says_a_count_it_could_not_make_and_still_succeeds(xdg: Path,
                                                                tmp_path: Path) -> None:
    """Known issues that cannot be read: the read is synced (status 0), stderr says why
    nothing was counted, and nothing is saved as counted against no issue."""
    broken = tmp_path / "issues.json"
    broken.write_text("{not json")
    maildir = Path(__file__).resolve().parents[2] / "hdtui" / "demo" / "maildir"
    config = xdg / "config.toml"
    config.write_text(f'[source]\npath = "{maildir}"\n[store]\npath = "{xdg}/store.json"\n'
                      f'[tracker]\nkind = "static"\nfile = "{broken}"\n')
    result = hdtui("--config", str(config), "sync", env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "counted:" not in result.stdout
    [said] = [line for line in result.stderr.splitlines() if "not counted" in line]
    assert said.startswith("hdtui: not counted: ") and str(broken.name) in said
    assert said.endswith("nothing is counted until it is: made against no issue, the "
                         "counts would replace the saved ones")
    assert " messages; the listing found " in result.stdout  # synced
    assert saved_facts(xdg, "store-cache.sqlite") == 0


def test_sync_says_a_tracker_not_set_up_once(xdg: Path) -> None:
    """A GitLab token's variable not set: the start says so; the count it then cannot
    make says nothing more (review23: the reason was printed twice)."""
    maildir = Path(__file__).resolve().parents[2] / "hdtui" / "demo" / "maildir"
    config = xdg / "config.toml"
    config.write_text(f'[source]\npath = "{maildir}"\n[store]\npath = "{xdg}/store.json"\n'
                      '[tracker]\nurl = "https://gitlab.example.org"\nproject = "t/t"\n'
                      'token_env = "HDTUI_TEST_NO_SUCH_TOKEN"\n')
    result = hdtui("--config", str(config), "sync", env_root=xdg)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "HDTUI_TEST_NO_SUCH_TOKEN" in line]
    assert len(said) == 1 and said[0].startswith("hdtui: GitLab not set up: ")
    assert "not counted" not in result.stderr and "counted:" not in result.stdout


def test_sync_counts_each_report_once_when_links_teach_the_issues_words(xdg: Path) -> None:
    """Links known before the first sync teach the issues words from the reports they
    link: a second pass counts those reports again. walk23b: "counted: 101 reports …; -42
    were counted already" over 59 messages: the passes had been added up."""
    import shutil
    from datetime import date

    from hdtui.tracker.static import StaticTracker

    root = Path(__file__).resolve().parents[2] / "hdtui" / "demo"
    demo = xdg / "cache" / "hdtui" / "demo"
    demo.mkdir(parents=True)
    for folder in (demo.parent, demo):
        folder.chmod(0o700)
    copy = demo / "known_issues.json"
    shutil.copyfile(root / "known_issues.json", copy)
    copy.chmod(0o600)
    tracker = StaticTracker(copy, demo / "known_issues-notes.json")
    for report in ("a40bdac8712f4803e2342e39bcb88634", "892b360e49853c6bb77f62e41c9b4737",
                   "59d330a859b0f5e8dabb5771848f9d0", "665bce744bdc41648bb1cc4246de2400"):
        # The demo's Wi-Fi reports, likely #19113 (`hdtui --demo stats --json`).
        tracker.link(19113, f"wb://{report}", date(2026, 12, 1))
    result = hdtui("--demo", "sync", env_root=xdg)
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("counted: ")]
    made = int(line.split()[1])
    before = int(line.split("; ")[1].split()[0])
    assert (made, before) == (saved_facts(xdg), 0), line
