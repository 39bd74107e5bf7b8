"""resolve_secret: errors name the config key, never its value, the output or the secret;
CR, LF and NUL are refused; one trailing line break of a command is dropped."""

from __future__ import annotations

import sys

import pytest

from hdtui.errors import ConfigError
from hdtui.secrets import SecretSource, resolve_secret

SECRET = "s3cr3t-pässwörd-日本"


def command(code: str) -> str:
    """A command line running a Python snippet (no shell involved; the environment cannot
    hold NUL, a command's output can)."""
    return f"{sys.executable} -c {code!r}"


def refused(source: SecretSource) -> str:
    with pytest.raises(ConfigError) as info:
        resolve_secret(source)
    return info.value.message


def test_variable_gives_the_secret_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDTUI_TEST_PW", f" {SECRET} ")
    assert resolve_secret(SecretSource("account", env="HDTUI_TEST_PW")) == f" {SECRET} "


def test_missing_variable_names_the_key_and_a_variable_like_name(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HDTUI_TEST_PW_MISSING", raising=False)
    message = refused(SecretSource("account", env="HDTUI_TEST_PW_MISSING"))
    assert message == ("[account] password_env names an environment variable that is not "
                       "set or is empty (HDTUI_TEST_PW_MISSING). Set it before starting "
                       "hdtui.")


@pytest.mark.parametrize("value", [SECRET, "hunter2", "Tr0ub4dor&3", "HDTUI PW", "A" * 65])
def test_missing_variable_that_looks_like_a_secret_is_not_named(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.delenv(value, raising=False)
    message = refused(SecretSource("smtp", env=value))
    assert message.startswith("[smtp] password_env names an environment variable")
    assert "the value of password_env does not look like a variable name (was a secret " \
        "pasted there?" in message
    assert value not in message


def test_both_keys_given_says_which_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HDTUI_TEST_PW_MISSING", raising=False)
    message = refused(SecretSource("xmpp", env="HDTUI_TEST_PW_MISSING",
                                   command=command(f"print({SECRET!r})")))
    assert "Both [xmpp] password_env and [xmpp] password_command are given: the " \
        "variable is used and the command is not" in message
    assert SECRET not in message


@pytest.mark.parametrize("value", [f"{SECRET}\r\n", f"{SECRET}\rmore", "one\ntwo"])
def test_variable_with_a_line_break_or_nul_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HDTUI_TEST_PW", value)
    message = refused(SecretSource("smtp", env="HDTUI_TEST_PW"))
    assert "[smtp] password_env" in message and "line break (CR or LF)" in message
    assert "HDTUI_TEST_PW" not in message and "s3cr3t" not in message


def test_command_output_loses_one_trailing_newline_only() -> None:
    printed = resolve_secret(SecretSource(
        "account", command=command(f"print({SECRET!r})")))
    assert printed == SECRET
    with_crlf = SECRET + "\r\n"
    crlf = resolve_secret(SecretSource(
        "account", command=command(f"import sys; sys.stdout.write({with_crlf!r})")))
    assert crlf == SECRET
    bare = resolve_secret(SecretSource(
        "account", command=command(f"import sys; sys.stdout.write({SECRET!r})")))
    assert bare == SECRET


@pytest.mark.parametrize("output", [f"{SECRET}\nuser: helpdesk\n", f"{SECRET}\n\n",
                                    f"{SECRET}\rx\n", f"{SECRET}\0x\n"])
def test_command_printing_more_than_one_line_is_refused(output: str) -> None:
    message = refused(SecretSource(
        "xmpp", command=command(f"import sys; sys.stdout.write({output!r})")))
    assert message.startswith("The output of [xmpp] password_command contains a line break")
    assert "head -n 1" in message
    assert "s3cr3t" not in message and "helpdesk\n" not in message


def test_failing_command_says_its_stderr_but_not_the_command_or_output() -> None:
    line = command(f"import sys; print({SECRET!r}); sys.stderr.write('first\\nwhy: \\x1b[31mred"
                   "\\x07\\nlast\\n\\n'); sys.exit(1)")
    message = refused(SecretSource("account", command=line))
    # Control characters are shown as their pictures, never sent to the terminal.
    assert message == ("[account] password_command failed (exit 1). It said: "
                       "why: \u241b[31mred\u2407 / last. Run the command in a shell to see "
                       "why; it must print the password on its standard output and exit 0.")
    assert SECRET not in message and "\x1b" not in message


def test_its_stderr_ends_a_sentence_before_the_next() -> None:
    """newcomer29's defect 8: "It said: gpg: decryption failed: No secret key Run the
    command…" ran gpg's words into hdtui's next sentence."""
    message = refused(SecretSource("account", command=(
        "sh -c 'echo gpg: decryption failed: No secret key >&2; exit 2'")))
    assert message == ("[account] password_command failed (exit 2). It said: gpg: decryption "
                       "failed: No secret key. Run the command in a shell to see why; it must "
                       "print the password on its standard output and exit 0.")
    ends = refused(SecretSource("account", command="sh -c 'echo Bad passphrase. >&2; exit 2'"))
    assert "It said: Bad passphrase. Run" in ends  # no second full stop


def test_a_command_failing_silently_says_how_to_find_out() -> None:
    message = refused(SecretSource("account", command="false"))
    assert message == ("[account] password_command failed (exit 1). Run the command in a "
                       "shell to see why; it must print the password on its standard output "
                       "and exit 0.")
    token = refused(SecretSource("tracker", command="false", prefix="token"))
    assert "it must print the token on its standard output" in token


def test_a_long_stderr_is_cut_short() -> None:
    line = command("import sys; sys.stderr.write('x' * 5000); sys.exit(2)")
    message = refused(SecretSource("account", command=line))
    assert message.startswith("[account] password_command failed (exit 2). It said: xxx")
    assert len(message) < 400


def test_a_command_wanting_a_terminal_says_so_at_once() -> None:
    # The shape of a pinentry that finds no terminal, and of a program opening /dev/tty:
    # hdtui gives the command no controlling terminal, so both fail at once.
    pinentry = refused(SecretSource("account", command="sh -c 'echo pinentry: no tty >&2; exit 2'"))
    assert pinentry.startswith("[account] password_command failed (exit 2). It said: "
                               "pinentry: no tty. It seems to need a terminal")
    tty = refused(SecretSource("account", command="cat /dev/tty"))
    assert tty.startswith("[account] password_command failed (exit")
    assert "/dev/tty" in tty and "It seems to need a terminal" in tty


def test_a_hanging_command_is_ended_with_its_children_and_the_likely_cause() -> None:
    import time

    started = time.monotonic()
    message = refused_within(SecretSource(
        "account", command="sh -c 'echo asking >&2; sleep 30 & sleep 30; wait'"), 1.0)
    assert time.monotonic() - started < 10  # not the 30 s of the children
    assert message.startswith("[account] password_command did not finish within 1 s: it is "
                              "likely waiting for input")
    assert "pinentry that needs a terminal" in message and message.endswith("It said: asking.")


def test_a_child_that_left_the_group_does_not_hold_the_timeout() -> None:
    # setsid takes the child out of the killed group; it keeps the pipes open for 8 s.
    import time

    started = time.monotonic()
    message = refused_within(SecretSource(
        "account", command="sh -c 'setsid sleep 8 & sleep 30'"), 1.0)
    assert time.monotonic() - started < 6  # 1 s, then at most 2 s for the pipes
    assert message.startswith("[account] password_command did not finish within 1 s")
    assert "It said" not in message


def test_the_command_does_not_get_gpg_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    # gpg would hand $GPG_TTY to gpg-agent, whose pinentry-curses draws on that terminal.
    monkeypatch.setenv("GPG_TTY", "/dev/pts/7")
    monkeypatch.setenv("HDTUI_OTHER", "kept")
    message = refused(SecretSource(
        "account", command="sh -c 'echo \"tty=[$GPG_TTY] other=$HDTUI_OTHER\" >&2; exit 3'"))
    assert message.startswith("[account] password_command failed (exit 3). "
                              "It said: tty=[] other=kept")


def refused_within(source: SecretSource, timeout: float) -> str:
    with pytest.raises(ConfigError) as info:
        resolve_secret(source, timeout)
    return info.value.message


def test_token_keys_are_named_for_gitlab() -> None:
    message = refused(SecretSource("tracker", command=command("pass"), prefix="token"))
    assert message == "[tracker] token_command printed nothing."


def test_unknown_program_and_unparsable_command_do_not_quote_it() -> None:
    missing = refused(SecretSource("account", command=f"/nonexistent/{SECRET} show"))
    assert missing.startswith("[account] password_command: its program was not found")
    assert SECRET not in missing
    unbalanced = refused(SecretSource("account", command=f"echo '{SECRET}"))
    assert unbalanced.startswith("[account] password_command cannot be split into words")
    assert SECRET not in unbalanced


def test_output_that_is_not_utf8_is_refused() -> None:
    line = command("import sys; sys.stdout.buffer.write(bytes([0xff, 0xfe]))")
    assert refused(SecretSource("account", command=line)) == \
        "[account] password_command printed something that is not UTF-8 text."


def test_nothing_configured_says_which_keys() -> None:
    assert refused(SecretSource("smtp")) == (
        "No password configured: set [smtp] password_env (an environment variable) or "
        "[smtp] password_command (a command that prints it).")
