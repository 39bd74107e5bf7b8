"""Keymaps: the shipped files, validation of ids and keys, overrides."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hdtui.config import bundled_dir
from hdtui.errors import ConfigError
from hdtui.keymap import declared_ids, load_keymap
from hdtui.ui.keys import binding_ids, default_keymap, is_valid_key, iter_bindings

KEYMAPS = bundled_dir("keymaps")


def test_default_toml_equals_the_bindings_in_code() -> None:
    shipped = tomllib.loads((KEYMAPS / "default.toml").read_text())
    assert shipped == default_keymap()


def test_the_ids_the_start_checks_keymaps_against_are_the_code_s() -> None:
    """`hdtui` checks keymaps against the bundled default's ids, not by importing every
    screen (docs/benchmarks.md, "Warm start imports")."""
    assert declared_ids(KEYMAPS) == binding_ids()


def test_docs_keys_page_equals_the_bindings_in_code() -> None:
    """docs/keys.md is written by scripts/keymap_default.py; run it after changing a key."""
    from scripts.keymap_default import KEYS_INTRO, keys_table

    page = (Path(__file__).parents[2] / "docs" / "keys.md").read_text()
    assert page == KEYS_INTRO + "\n" + keys_table()


def test_every_binding_has_a_kebab_case_id_and_description() -> None:
    ids = [b.id for _, b in iter_bindings()]
    assert len(ids) == len(set(ids)), "binding ids must be unique"
    for _, binding in iter_bindings():
        assert binding.id and binding.id == binding.id.lower() and " " not in binding.id
        assert binding.description


@pytest.mark.parametrize("name", ["default", "vim"])
def test_shipped_keymaps_are_valid(name: str) -> None:
    keymap = load_keymap(name, {}, KEYMAPS, binding_ids(), is_valid_key)
    assert keymap


def test_vim_moves_with_j_and_k() -> None:
    keymap = load_keymap("vim", {}, KEYMAPS, binding_ids(), is_valid_key)
    assert keymap["cursor-down"].split(",")[0] == "j"
    assert keymap["cursor-up"].split(",")[0] == "k"


def test_override_wins() -> None:
    keymap = load_keymap("default", {"quit": "ctrl+q"}, KEYMAPS, binding_ids(), is_valid_key)
    assert keymap["quit"] == "ctrl+q"


def test_unknown_id_names_it_and_lists_valid_ids() -> None:
    with pytest.raises(ConfigError) as info:
        load_keymap("default", {"qiut": "q"}, KEYMAPS, binding_ids(), is_valid_key)
    text = str(info.value)
    assert "'qiut'" in text and "quit" in text and "toggle-claim" in text


def test_bad_key_names_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('"quit" = "ctrl+banana"\n')
    with pytest.raises(ConfigError) as info:
        load_keymap(str(bad), {}, KEYMAPS, binding_ids(), is_valid_key)
    assert "'ctrl+banana' is not a key name" in str(info.value)
    assert str(bad) in str(info.value)


def test_wrong_shape_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('"quit" = 3\n')
    with pytest.raises(ConfigError, match="must map to a key string"):
        load_keymap(str(bad), {}, KEYMAPS, binding_ids(), is_valid_key)
    with pytest.raises(ConfigError, match=r"No keymap is named 'emacs'\. Keymaps: default, vim"):
        load_keymap("emacs", {}, KEYMAPS, binding_ids(), is_valid_key)


@pytest.mark.parametrize("key", ["q", "?", "question_mark", "f5", "ctrl+home", "shift+tab", "G",
                                 "space", "pagedown", "escape"])
def test_valid_keys(key: str) -> None:
    assert is_valid_key(key)


@pytest.mark.parametrize("key", ["", "ctrl+", "banana", "hyperx+q", "ctrl+f99x"])
def test_invalid_keys(key: str) -> None:
    assert not is_valid_key(key)


def test_a_screen_with_bindings_is_found_without_being_listed() -> None:
    """A new form's keys reach the help screen, the palette and keymaps by themselves
    (docs/actions.md): binding_classes finds every screen and widget that declares them."""
    from hdtui.ui.keys import _ui_classes, binding_classes, where_of
    from hdtui.ui.screens.issue_form import IssueFormScreen
    from hdtui.ui.widgets.queue_table import QueueTable

    found = _ui_classes()
    assert IssueFormScreen in found and QueueTable in found
    listed = [cls for _, cls in binding_classes()]
    assert set(found) <= set(listed) and len(listed) == len(set(listed))

    class OutboxScreen:
        pass

    class DraftPickScreen:
        HELP_WHERE = "drafts"

    assert where_of(OutboxScreen) == "outbox" and where_of(DraftPickScreen) == "drafts"


@pytest.mark.parametrize("name", ["default", "vim"])
def test_the_start_reads_the_default_keymap_once(name: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The start checks a keymap against the ids the bundled default lists: with the
    default keymap asked for, that file is read once, not twice (docs/benchmarks.md,
    "Session 17: warm first rows"); the keymap is the same as ``load_keymap``'s."""
    import hdtui.keymap as keymap_module
    from hdtui.cli import checked_keymap
    from hdtui.config import Config

    overrides = {"quit": "ctrl+q"}
    expected = load_keymap(name, overrides, KEYMAPS, binding_ids(), is_valid_key)
    read: list[str] = []
    real = keymap_module.read_keymap

    def reading(path: Path) -> dict[str, str]:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(keymap_module, "read_keymap", reading)
    assert checked_keymap(name, Config(keymap=name, keymap_overrides=overrides)) == expected
    assert read == (["default.toml"] if name == "default" else ["default.toml", "vim.toml"])


def test_the_start_reports_a_bad_keymap_as_before(tmp_path: Path) -> None:
    from hdtui.cli import checked_keymap
    from hdtui.config import Config

    bad = tmp_path / "bad.toml"
    bad.write_text('"quit" = "ctrl+banana"\n')
    for name, overrides in [(str(bad), {}), ("default", {"qiut": "q"}),
                            ("default", {"quit": "ctrl+banana"}), ("emacs", {})]:
        with pytest.raises(ConfigError) as before:
            load_keymap(name, overrides, KEYMAPS, binding_ids(), is_valid_key)
        with pytest.raises(ConfigError) as now:
            checked_keymap(name, Config(keymap=name, keymap_overrides=overrides))
        assert str(now.value) == str(before.value)
        assert now.value.title == before.value.title


def test_a_dialog_s_scrolling_key_given_to_its_answer_is_a_clash() -> None:
    """A dialog's text scrolls by the keys of ``DialogScroll`` (focused) before its own
    keys are heard: y given to scrolling would never answer yes (docs/layouts.md,
    "Dialogs at 80x24"). The vim keymap's g/G and j/k scroll: no dialog with a text
    answers with them."""
    from hdtui.keymap import load_declared_keymap

    with pytest.raises(ConfigError) as clash:
        load_declared_keymap("default", {"dialog-line-down": "y,down"}, KEYMAPS, is_valid_key)
    assert "'confirm-yes' (confirm dialog)" in str(clash.value)
    assert "'dialog-line-down' (dialog text)" in str(clash.value)
    from hdtui.keymap import SCROLLED, scopes

    assert set(scopes(KEYMAPS / "default.toml").values()) >= SCROLLED  # no name misspelt
    vim = load_declared_keymap("vim", {}, KEYMAPS, is_valid_key)
    assert vim["dialog-end"] == "G,end" and vim["dialog-line-down"] == "j,down"


def test_every_screen_with_a_scrolled_text_is_checked_for_clashes_with_it() -> None:
    """A screen that composes a ``DialogScroll`` hears its keys first: its scope is in
    ``SCROLLED``, else a keymap could give a scrolling key to one of its actions
    unchecked."""
    import inspect

    from hdtui.keymap import SCROLLED
    from hdtui.ui.keys import binding_classes

    scrolled = {where for where, cls in binding_classes()
                if "DialogScroll(" in inspect.getsource(cls) and where != "dialog text"}
    assert {"confirm dialog", "preview", "shift start"} <= scrolled
    assert scrolled == SCROLLED
