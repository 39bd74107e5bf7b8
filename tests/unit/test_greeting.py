"""The short wait for a plain greeting is for servers on this machine only (hdtui/greeting.py)."""

from hdtui.greeting import GREETING_WAIT, greeting_wait


def test_a_plain_greeting_gets_the_short_wait_only_on_this_machine() -> None:
    assert greeting_wait("starttls", 30, "127.0.0.1") == GREETING_WAIT
    assert greeting_wait("plain", 30, "localhost") == GREETING_WAIT
    assert greeting_wait("starttls", 3, "::1") == 3  # a shorter timeout wins
    # A remote server over a slow link (Tor): the connection alone may take longer.
    assert greeting_wait("starttls", 30, "mail.example.org") == 30
    assert greeting_wait("tls", 30, "127.0.0.1") == 30
