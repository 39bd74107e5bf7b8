"""Shared fixtures: isolated XDG directories, a real GnuPG key, the warm demo store."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hdtui.config import Config
from hdtui.wiring import Setup, build
from tests.servers import feeds, socks
from tests.servers.dovecot import DOVECOT, Dovecot
from tests.servers.gitlab_api import GitLabAPI, running
from tests.servers.prosody import PROSODY, Prosody
from tests.servers.smtp import SmtpServers
from tests.support import orphans
from tests.support.pgp import KeyPair, agent_homes, kill_agent, make_key, short_tmp

XDG_VARS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "HDTUI_CONFIG", "GNUPGHOME")
RUN_TMP = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """Every temporary file of the run (tempfile's, pytest's tmp_path, hdtui's subprocesses
    through $TMPDIR) goes under one directory of this run, removed at its end: a test or a
    fixture that forgets to clean up leaves nothing behind in $TMPDIR (docs/testing.md).
    Short, because a gpg-agent's socket path is limited to about 107 characters.
    First, the servers of earlier runs killed outright are stopped, and their directories
    removed; the run's directory names this process, so that a later run can tell
    (``tests/support/orphans.py``; ``HDT_KEEP_ORPHANS=1`` leaves them alone)."""
    place = Path(tempfile.gettempdir())
    if not os.environ.get("HDT_KEEP_ORPHANS"):
        orphans.sweep(place)
    root = Path(tempfile.mkdtemp(prefix=orphans.RUN_PREFIX, dir=place))
    orphans.claim(root)
    # Others may pass through (Dovecot's auth process reads its passwd file below) but not
    # list it; what is inside is made by mkdtemp, owner-only.
    os.chmod(root, 0o711)
    config.stash[RUN_TMP] = root
    os.environ["TMPDIR"] = str(root)
    tempfile.tempdir = str(root)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop every gpg-agent of a home under the run's directory, then remove it."""
    root = config.stash.get(RUN_TMP, None)
    if root is None:
        return
    for home in agent_homes(root):
        kill_agent(home)
    tempfile.tempdir = None
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _keep_toasts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every toast an app shows stays readable by ``said`` after it timed out."""
    from tests.support.pilot import keep_toasts

    keep_toasts(monkeypatch)


@pytest.fixture(autouse=True)
def no_orphan_gpg_agent(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, no gpg-agent is left running for a test GnuPG home that is gone:
    whatever removes a home stops its agent first (KeyPair.close, kill_agent, the demo's
    Setup.close). One found is stopped, and the test fails saying whose it was."""
    yield
    root = request.config.stash.get(RUN_TMP, None)
    if root is None:
        return
    orphans = [home for home in agent_homes(root) if not home.exists()]
    for home in orphans:
        kill_agent(home)
    assert not orphans, f"gpg-agents outlived their GnuPG home: {orphans}"


def _point_xdg(root: Path) -> dict[str, str | None]:
    saved = {name: os.environ.get(name) for name in XDG_VARS}
    for name in ("config", "data", "cache"):
        (root / name).mkdir(exist_ok=True)
    os.environ["XDG_CONFIG_HOME"] = str(root / "config")
    os.environ["XDG_DATA_HOME"] = str(root / "data")
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    os.environ.pop("HDTUI_CONFIG", None)
    os.environ.pop("GNUPGHOME", None)
    return saved


def _restore(saved: dict[str, str | None], root: Path) -> None:
    gnupg_home = root / "cache" / "hdtui" / "demo" / "gnupg"
    if gnupg_home.exists():
        kill_agent(gnupg_home)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def xdg() -> Iterator[Path]:
    """Fresh, short XDG config/data/cache directories for one test."""
    root = short_tmp("hdx-")
    saved = _point_xdg(root)
    yield root
    _restore(saved, root)


@pytest.fixture(scope="session")
def warm_demo_store() -> Iterator[Path]:
    """A directory holding the demo store after one full load (and the report facts
    counted), to copy from."""
    root = short_tmp("hdw-")
    saved = _point_xdg(root)
    setup = build(Config(), demo=True, read_only=False)
    try:
        setup.triage.inbox()
        if setup.insight is not None:
            # Saved with the cache: counting the queue a moment after a test's app starts
            # then reads them back instead of competing for the CPU with the test.
            setup.insight.facts()
    finally:
        setup.store.close()
    warm = short_tmp("hdws-")
    for name in ("store.json", "store-cache.sqlite"):
        source = root / "cache" / "hdtui" / "demo" / name
        if source.exists():
            shutil.copy(source, warm / name)
    _restore(saved, root)
    yield warm
    shutil.rmtree(warm, ignore_errors=True)


@pytest.fixture
def demo_setup(xdg: Path, warm_demo_store: Path) -> Iterator[Callable[..., Setup]]:
    """Build the demo's services over a copy of the warm store; closes what it built."""
    made: list[Setup] = []

    def make(read_only: bool = False, warm: bool = True) -> Setup:
        store_dir = xdg / "cache" / "hdtui" / "demo"
        for private in (store_dir.parent, store_dir):  # owner-only, as hdtui makes them
            private.mkdir(mode=0o700, exist_ok=True)
        if warm and not (store_dir / "store-cache.sqlite").exists():
            for copy in warm_demo_store.iterdir():
                shutil.copy(copy, store_dir / copy.name)
        setup = build(Config(), demo=True, read_only=read_only)
        made.append(setup)
        return setup

    yield make
    for setup in made:
        setup.close()


@pytest.fixture(scope="session")
def test_key() -> Iterator[KeyPair]:
    """A real GnuPG keypair in a throwaway home."""
    key = make_key()
    yield key
    key.close()


@pytest.fixture(scope="session")
def other_key() -> Iterator[KeyPair]:
    """A second keypair whose secret the Help Desk does not have."""
    key = make_key("someone-else@hdtui.invalid")
    yield key
    key.close()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A Dovecot on 127.0.0.1 for the whole run (IMAPS with its own CA, and STARTTLS)."""
    if not Path(DOVECOT).exists():
        pytest.fail("dovecot is not installed: run ./test.sh, which installs dovecot-imapd")
    server = Dovecot.create()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def imap_user(dovecot: Dovecot) -> tuple[str, str]:
    """A fresh IMAP user (empty mailbox) for one test: (name, password)."""
    return dovecot.new_user()


@pytest.fixture
def gitlab_api() -> Iterator[GitLabAPI]:
    """A fresh GitLab REST API server on 127.0.0.1 for one test (started in ~1 ms)."""
    yield from running()


@pytest.fixture
def socks_proxy() -> Iterator[socks.SocksProxy]:
    """A SOCKS5 proxy on 127.0.0.1 that connects only to this machine, for one test."""
    yield from socks.running()


@pytest.fixture
def feed_server() -> Iterator[feeds.FeedServer]:
    """Tails-like feeds (and broken ones) on 127.0.0.1 for one test."""
    yield from feeds.running()


@pytest.fixture(scope="session")
def gitlab_cert() -> Iterator[tuple[str, str]]:
    """A self-signed certificate for 127.0.0.1: (cert.pem, key.pem)."""
    import subprocess
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="hdtui-gitlab-tls-"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(d / "key.pem"), "-out", str(d / "cert.pem"), "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    yield str(d / "cert.pem"), str(d / "key.pem")
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def gitlab_tls(gitlab_cert: tuple[str, str]) -> Iterator[GitLabAPI]:
    """The GitLab REST API server over HTTPS with its own certificate (gitlab_cert[0])."""
    yield from running(gitlab_cert)


@pytest.fixture(scope="session")
def smtp_servers() -> Iterator[SmtpServers]:
    """aiosmtpd on 127.0.0.1 for the whole run: STARTTLS + AUTH, implicit TLS + AUTH, plain."""
    servers = SmtpServers.start()
    yield servers
    servers.stop()


@pytest.fixture
def smtpd(smtp_servers: SmtpServers) -> Iterator[SmtpServers]:
    """The SMTP servers with nothing received yet and no failure pending."""
    smtp_servers.handler.clear()
    yield smtp_servers
    smtp_servers.handler.clear()


@pytest.fixture(scope="session")
def prosody() -> Iterator[Prosody]:
    """A Prosody on 127.0.0.1 for the whole run (users helpdesk, ft, ux; MUC service)."""
    if not Path(PROSODY).exists():
        pytest.fail("prosody is not installed: run ./test.sh, which installs it")
    server = Prosody.create()
    try:
        server.start()
        yield server
    finally:
        server.remove()
