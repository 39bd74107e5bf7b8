"""The config's and the keymaps' tables kept between starts with the text they were parsed
from (hdtui.toml_cache): docs/benchmarks.md, "Session 26: the config and the keymap
without tomllib"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hdtui.config import load_config
from hdtui.errors import ConfigError
from hdtui.keymap import read_keymap
from hdtui.toml_cache import FILE_NAME, FORMAT, parsed_toml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = '[queue]\nshift_start = true\n[gpg]\nworkers = 3\n'


def kept(cache: Path) -> dict[str, object]:
    files: dict[str, object] = json.loads((cache / FILE_NAME).read_text("utf-8"))["files"]
    return files


def planted(cache: Path, path: Path, table: dict[str, object], text: str,
            layout: int = FORMAT) -> None:
    """A cache file saying ``path``'s ``text`` holds ``table`` (what a start would read)."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / FILE_NAME
    target.write_text(json.dumps({"format": layout, "files": {str(path): {
        "text": text, "table": table}}}), encoding="utf-8")
    os.chmod(target, 0o600)


def test_a_file_is_parsed_once_then_answered_from_the_cache(tmp_path: Path) -> None:
    config, cache = tmp_path / "config.toml", tmp_path / "cache"
    config.write_text(CONFIG, encoding="utf-8")
    table = {"queue": {"shift_start": True}, "gpg": {"workers": 3}}
    assert parsed_toml(config, cache) == table
    assert kept(cache) == {str(config): {"text": CONFIG, "table": table}}
    assert (cache / FILE_NAME).stat().st_mode & 0o777 == 0o600
    # What the cache says for this very text is what the next read gives (no parse).
    planted(cache, config, {"from": "the cache"}, CONFIG)
    assert parsed_toml(config, cache) == {"from": "the cache"}


def test_a_changed_text_is_parsed_again(tmp_path: Path) -> None:
    config, cache = tmp_path / "config.toml", tmp_path / "cache"
    config.write_text(CONFIG, encoding="utf-8")
    planted(cache, config, {"from": "the cache"}, CONFIG)
    stat = config.stat()
    changed = CONFIG.replace("3", "4")  # the same size
    config.write_text(changed, encoding="utf-8")
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time stamp
    assert parsed_toml(config, cache)["gpg"] == {"workers": 4}
    assert kept(cache)[str(config)] == {"text": changed, "table": {
        "queue": {"shift_start": True}, "gpg": {"workers": 4}}}


@pytest.mark.parametrize("why", ["format", "mode", "damaged", "shape"])
def test_a_cache_file_not_to_trust_is_ignored_and_written_again(tmp_path: Path,
                                                                why: str) -> None:
    config, cache = tmp_path / "config.toml", tmp_path / "cache"
    config.write_text(CONFIG, encoding="utf-8")
    planted(cache, config, {"from": "the cache"}, CONFIG,
            layout=FORMAT + 1 if why == "format" else FORMAT)
    if why == "mode":  # another user could have written it
        os.chmod(cache / FILE_NAME, 0o620)
    elif why == "damaged":
        (cache / FILE_NAME).write_text('{"format": 1, "files": {', encoding="utf-8")
    elif why == "shape":
        (cache / FILE_NAME).write_text(json.dumps({"format": FORMAT, "files": {
            str(config): {"text": CONFIG, "table": ["not", "a", "table"]}}}),
            encoding="utf-8")
    assert parsed_toml(config, cache)["gpg"] == {"workers": 3}
    assert (cache / FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert kept(cache)[str(config)] == {"text": CONFIG, "table": parsed_toml(config, None)}


def test_a_table_json_cannot_hold_is_parsed_every_time(tmp_path: Path) -> None:
    """A date would come back from JSON as a string, an infinity not at all."""
    dated, infinite = tmp_path / "dated.toml", tmp_path / "infinite.toml"
    dated.write_text("since = 2026-12-07\n", encoding="utf-8")
    infinite.write_text("limit = inf\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert str(parsed_toml(dated, cache)["since"]) == "2026-12-07"
    assert parsed_toml(infinite, cache)["limit"] == float("inf")
    assert not (cache / FILE_NAME).exists()


def test_files_that_are_gone_are_dropped_when_it_is_written(tmp_path: Path) -> None:
    first, second, cache = tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "cache"
    first.write_text("a = 1\n", encoding="utf-8")
    second.write_text("b = 2\n", encoding="utf-8")
    parsed_toml(first, cache)
    first.unlink()
    parsed_toml(second, cache)
    assert list(kept(cache)) == [str(second)]


def test_not_toml_says_so_as_before_and_is_not_kept(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    config, cache = tmp_path / "config.toml", tmp_path / "cache"
    config.write_text("[queue\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    with pytest.raises(ConfigError, match=r"is not valid TOML: .*line 1"):
        load_config(config)
    keymap = tmp_path / "mine.toml"
    keymap.write_text('quit = "q"\nhelp = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"Keymap .*mine.toml is not valid TOML"):
        read_keymap(keymap)
    not_utf8 = tmp_path / "latin1.toml"
    not_utf8.write_bytes(b'quit = "\xe9"\n')
    with pytest.raises(ConfigError, match="Cannot read keymap"):
        read_keymap(not_utf8)
    assert not (cache / "hdtui" / FILE_NAME).exists()


def test_a_config_hdtui_refuses_is_never_copied_to_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A secret written into the config (refused: secrets come from *_env or *_command)
    must not land in the cache the refusal leaves behind, and the table kept for the
    file's earlier text is dropped with it (review26: the copy outlived the config)."""
    config, cache = tmp_path / "config.toml", tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    config.write_text(CONFIG, encoding="utf-8")
    load_config(config)
    assert str(config) in kept(cache / "hdtui")
    config.write_text(CONFIG + '[account]\nhost = "imap.example.org"\n'
                      'password = "hunter2-SECRET"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="holds a secret"):
        load_config(config)
    assert "hunter2" not in (cache / "hdtui" / FILE_NAME).read_text("utf-8")
    assert str(config) not in kept(cache / "hdtui")
    with pytest.raises(ConfigError, match="holds a secret"):  # refused again, not cached
        load_config(config)


def test_a_second_start_reads_config_and_keymap_without_importing_tomllib(
        tmp_path: Path) -> None:
    """The start's reading of the config and the keymap (``cli``'s), in two processes
    sharing a cache directory: the first imports tomllib to parse them, the second not."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    code = ("import sys\nimport hdtui.cli as cli\n"
            "args = cli.parse_arguments(['--config', sys.argv[1]])\n"
            "config, name, keymap = cli._config_and_keymap(args)\n"
            "print(config.gpg.workers, keymap['quit'], 'tomllib' in sys.modules)\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    said = [subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True,
                           text=True, cwd=ROOT, env=env, check=True, timeout=60).stdout
            for _ in range(2)]
    assert said == ["3 q True\n", "3 q False\n"]
