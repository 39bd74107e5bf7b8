"""What the tests skip without is what `scripts/setup.sh dev` installs: on a fresh Debian
machine (a new CI machine, a newcomer's `./test.sh`) a test that skips for a missing
program is a test that never runs. Session 25 found the two NeoMutt end-to-end files
skipped there: NeoMutt came only with `setup.sh bench`, installed by hand on this VM."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_OF = {"tmux": "tmux", "neomutt": "neomutt", "gpg": "gnupg", "faketime": "faketime"}
"""The Debian package that brings each program a test looks for."""


def dev_packages() -> set[str]:
    """The Debian packages `scripts/setup.sh dev` installs (its packages+=(...) lines, the
    bench-only line left out)."""
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    names = set(re.findall(r"^packages=\(([^)]*)\)", script, re.M)[0].split())
    for line in script.splitlines():
        if "packages+=(" in line and "bench" not in line:
            names.update(line.split("packages+=(", 1)[1].split(")", 1)[0].split())
    return names


def test_every_program_a_test_skips_without_is_installed_by_setup_dev() -> None:
    looked_for = {name for path in (ROOT / "tests").rglob("*.py")
                  for name in re.findall(r'shutil\.which\("([\w.-]+)"\)',
                                         path.read_text(encoding="utf-8"))}
    assert looked_for <= PACKAGE_OF.keys(), f"add its package: {looked_for - PACKAGE_OF.keys()}"
    missing = {PACKAGE_OF[name] for name in looked_for} - dev_packages()
    assert not missing, f"scripts/setup.sh dev does not install {missing}"


def dry_run(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`scripts/setup.sh ARGS` with --dry-run: it prints what it would run, runs nothing."""
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
                   "SETUP_POLICY_RC_D": str(tmp_path / "policy-rc.d"), **env}
    return subprocess.run(["bash", str(ROOT / "scripts" / "setup.sh"), *args, "--dry-run"],
                          capture_output=True, text=True, env=environment, timeout=60,
                          check=False)


@pytest.mark.parametrize(("init", "commands"), [
    ("systemd", ["systemctl disable --now dovecot.service",
                 "systemctl disable --now dovecot.socket",
                 "systemctl disable --now prosody.service"]),
    ("sysv", ["service dovecot stop", "update-rc.d dovecot disable",
              "service prosody stop", "update-rc.d prosody disable"])])
def test_the_servers_setup_dev_installs_are_kept_from_starting_then_disabled(
        tmp_path: Path, init: str, commands: list[str]) -> None:
    """Installing dovecot-imapd and prosody enables their system services (Dovecot on every
    address); the tests start their own on 127.0.0.1 (newcomer29's first defect)."""
    result = dry_run("dev", "--as-fresh", tmp_path=tmp_path, SETUP_INIT=init)
    assert result.returncode == 0, result.stderr
    lines = [line.removeprefix("would run: ").removeprefix("sudo ")
             for line in result.stdout.splitlines() if line.startswith("would run: ")]
    install = next(i for i, line in enumerate(lines) if line.startswith("apt-get install"))
    assert "dovecot-imapd" in lines[install] and "prosody" in lines[install]
    assert lines[install + 1] == f"rm -f {tmp_path / 'policy-rc.d'}"
    assert lines[install + 2:] == commands
    assert not (tmp_path / "policy-rc.d").exists()  # a dry run writes nothing
    # The policy it writes before the install forbids those two services' start, only them.
    text = result.stdout.split(f"would write {tmp_path / 'policy-rc.d'}:\n", 1)[1]
    policy = tmp_path / "policy"
    policy.write_text("".join(line.removeprefix("    ") + "\n"
                              for line in text.splitlines() if line.startswith("    ")))
    # invoke-rc.d (sysv) asks by name; deb-systemd-invoke (the packages' postinst on
    # systemd) by unit name (review29's first defect).
    for service, status in (("dovecot", 101), ("prosody", 101), ("dovecot.service", 101),
                            ("dovecot.socket", 101), ("prosody.service", 101),
                            ("ssh", 0), ("cron", 0), ("ssh.service", 0),
                            ("dovecotx.service", 0)):
        ran = subprocess.run(["sh", str(policy), service, "start"], check=False)
        assert ran.returncode == status, service


def test_servers_installed_before_are_never_touched(tmp_path: Path) -> None:
    """On this machine every package is installed already: the dry run plans nothing, so
    a Dovecot or Prosody the machine ran before stays as it was."""
    result = dry_run("dev", tmp_path=tmp_path, SETUP_INIT="systemd")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "setup: every Debian package is installed; nothing to run\n"


def test_the_demo_setup_installs_no_server(tmp_path: Path) -> None:
    result = dry_run("run", "--as-fresh", tmp_path=tmp_path, SETUP_INIT="systemd")
    assert result.returncode == 0, result.stderr
    assert "would run: apt-get install -y -qq gnupg python3-venv" in result.stdout.replace(
        "sudo ", "")
    assert "systemctl" not in result.stdout and "policy" not in result.stdout


def refused(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A copy of `scripts/setup.sh` run as ARGS, from a scratch tree: should it not refuse,
    it finds no venv there and its PYTHON (`false`) cannot make one, so it stops there
    instead of installing into the project's venv (review29's second defect)."""
    (tmp_path / "scripts").mkdir(exist_ok=True)
    script = tmp_path / "scripts" / "setup.sh"
    script.write_text((ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8"))
    (tmp_path / "pyproject.toml").write_text("")
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHON": "false",
                   **env}
    return subprocess.run(["bash", str(script), *args], capture_output=True, text=True,
                          env=environment, timeout=60, check=False)


@pytest.mark.parametrize("args", [("--dry-run-",), ("devv",), ("devv", "--dry-run"),
                                  ("--dry-run", "devv"), ("dev", "run"), ("-n",)])
def test_an_unknown_or_second_mode_is_refused_before_anything_runs(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    result = refused(*args, tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "usage: scripts/setup.sh [run|dev|bench] [--dry-run [--as-fresh]]")
    assert not (tmp_path / ".venv").exists()


@pytest.mark.parametrize("args", [("--dry-run",), ("--dry-run", "dev"), ("dev", "--dry-run"),
                                  ("--dry-run", "--as-fresh", "run")])
def test_dry_run_before_or_after_the_mode_is_a_dry_run(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    """`setup.sh --dry-run` (no mode: run) used to take `--dry-run` for the mode and install."""
    result = refused(*args, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "creating .venv" not in result.stderr and "installing hdtui" not in result.stderr
    assert not (tmp_path / ".venv").exists()
    if "--as-fresh" in args:
        assert "would run: apt-get install -y -qq gnupg python3-venv" in result.stdout.replace(
            "sudo ", "")


def checks_only(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The argument checks of `scripts/setup.sh` alone (the script up to its first
    `packages=(` line, where they end), run as ARGS from a scratch tree, then a line
    saying they passed: a real run's refusals are tested without the rest of the script,
    which installs, being there to run at all (fix29c)."""
    text = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    head, found, _ = text.partition("\npackages=(")
    assert found, "setup.sh's checks no longer end at its first packages=( line"
    (tmp_path / "scripts").mkdir(exist_ok=True)
    script = tmp_path / "scripts" / "setup_checks.sh"
    script.write_text(head + '\necho "checks passed: mode=$mode dry_run=$dry_run"\n')
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **env}
    return subprocess.run(["bash", str(script), *args], capture_output=True, text=True,
                          env=environment, timeout=60, check=False)


@pytest.mark.parametrize(("variable", "value"), [("SETUP_POLICY_RC_D", "policy-rc.d"),
                                                 ("SETUP_INIT", "sysv"),
                                                 ("SETUP_INIT", "systemd")])
def test_a_dry_run_setting_is_refused_in_a_real_run(
        tmp_path: Path, variable: str, value: str) -> None:
    """Only /usr/sbin/policy-rc.d is asked by invoke-rc.d and deb-systemd-invoke, and the
    servers are stopped as the machine's own init system asks: a real install honouring
    SETUP_POLICY_RC_D or SETUP_INIT (review29 #2) would let the servers start or run."""
    for mode in ("run", "dev"):
        result = checks_only(mode, tmp_path=tmp_path, **{variable: value})
        assert result.returncode == 2, (result.stdout, result.stderr)
        assert result.stderr == f"setup: {variable} goes with --dry-run only\n"
        assert result.stdout == ""
        dry = checks_only(mode, "--dry-run", tmp_path=tmp_path, **{variable: value})
        assert (dry.returncode, dry.stderr) == (0, ""), dry.stderr
        assert dry.stdout == f"checks passed: mode={mode} dry_run=true\n"
    plain = checks_only("run", tmp_path=tmp_path)
    assert (plain.returncode, plain.stdout) == (0, "checks passed: mode=run dry_run=false\n")
