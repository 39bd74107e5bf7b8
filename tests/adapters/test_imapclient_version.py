"""imapclient imported without importlib.metadata (hdtui/sources/imapclient_version.py), in
fresh interpreters: the real package's version as importlib.metadata gives it, the early
login against a real Dovecot, and the fallbacks to imapclient's own way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers.dovecot import Dovecot

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, *paths: Path) -> list[str]:
    """``code`` in a fresh interpreter (``paths`` first on its path); its output's lines."""
    path = [str(p) for p in paths] + [str(ROOT)]
    result = subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = {path!r}\n"
                             + code], capture_output=True, text=True, cwd=ROOT, check=False,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_installed_imapclient_keeps_its_version_without_importlib_metadata() -> None:
    """The version and version_info imapclient's own module makes, read from the
    .dist-info's name: importlib.metadata is not imported on the way."""
    found = run("""
from hdtui.sources.imapclient_version import imported
imapclient = imported()
print("importlib.metadata" in sys.modules)
import importlib.util
real = importlib.util.spec_from_file_location(
    "real_version", imapclient.__path__[0] + "/version.py")
module = importlib.util.module_from_spec(real)
real.loader.exec_module(module)  # what importlib.metadata says, as imapclient asks it
print(imapclient.__version__ == module.version, imapclient.version_info == module.version_info)
print(imapclient.IMAPClient.__module__)
""")
    assert found == ["False", "True", "True", "imapclient.imapclient"]


def test_the_early_login_imports_no_importlib_metadata(dovecot: Dovecot,
                                                       imap_user: tuple[str, str]) -> None:
    """ImapSource.connect, the early login of a warm start (its thread runs while the
    first frame is drawn), logs in with imapclient and never imports importlib.metadata."""
    name, password = imap_user
    found = run(f"""
from hdtui.sources.imap import ImapAccount, ImapSource
source = ImapSource(ImapAccount(host={dovecot.host!r}, user={name!r},
                                password=lambda: {password!r}, port={dovecot.imaps_port!r},
                                security="tls", ca_file={dovecot.cafile!r}, timeout=10.0))
source.connect()
print("imapclient" in sys.modules, "importlib.metadata" in sys.modules)
source.close()
""")
    assert found == ["True", "False"]


FAKE_INIT = "from .version import version as __version__, version_info, released\n"
FAKE_VERSION = 'version = "1.2.3"\nversion_info = (1, 2, 3, "final")\nreleased = "then"\n'


def fake_imapclient(where: Path, *dist_infos: str) -> Path:
    """An imapclient whose version module has a name the stand-in lacks."""
    package = where / "imapclient"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(FAKE_INIT, encoding="utf-8")
    (package / "version.py").write_text(FAKE_VERSION, encoding="utf-8")
    for name in dist_infos:
        (where / name).mkdir()
    return where


@pytest.mark.parametrize("dist_infos", [
    ("imapclient-1.2.3.dist-info",),  # read, but imapclient asks for another name
    (),  # no .dist-info: nothing to read
    ("imapclient-1.2.3.dist-info", "IMAPClient-1.2.2.dist-info"),  # two: which one?
    ("imapclient-1.2.3rc1.dist-info",),  # not the form imapclient's own code splits
])
def test_imapclient_is_imported_its_own_way_when_the_stand_in_does_not_fit(
        tmp_path: Path, dist_infos: tuple[str, ...]) -> None:
    found = run("""
from hdtui.sources.imapclient_version import imported
imapclient = imported()
print(imapclient.released, imapclient.__version__, sys.modules["imapclient.version"].__file__)
""", fake_imapclient(tmp_path, *dist_infos))
    assert found == ["then", "1.2.3", str(tmp_path / "imapclient" / "version.py")]


def test_a_stand_in_that_fails_otherwise_than_by_an_import_error_is_taken_back(
        tmp_path: Path) -> None:
    """A later imapclient reading another name of its version module as an attribute fails
    with an AttributeError, not an ImportError: the stand-in must not stay in sys.modules
    (the review of session 19: every later import then failed the same way)."""
    where = fake_imapclient(tmp_path, "imapclient-1.2.3.dist-info")
    (where / "imapclient" / "__init__.py").write_text(
        "from . import version as _v\nreleased = _v.released\n__version__ = _v.version\n",
        encoding="utf-8")
    found = run("""
from hdtui.sources.imapclient_version import imported
imapclient = imported()
print(imapclient.released, imapclient.__version__, sys.modules["imapclient.version"].__file__)
""", where)
    assert found == ["then", "1.2.3", str(tmp_path / "imapclient" / "version.py")]


def test_the_version_is_read_from_the_one_dist_info(tmp_path: Path) -> None:
    found = run("""
from hdtui.sources.imapclient_version import installed_version
print(installed_version())
""", fake_imapclient(tmp_path, "IMAPClient-7.0.12.dist-info", "imapclientx-1.0.0.dist-info"))
    assert found == ["7.0.12"]
