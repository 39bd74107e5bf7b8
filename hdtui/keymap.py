"""Provides keymap loading: a flat TOML table of ``"binding-id" = "keys"``.

A keymap is merged over the bindings declared in code; every id must be known
and every key must be a key the terminal can send. The caller (the UI) passes
the set of binding ids and a key validator, so this module stays free of Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from hdtui.config import cache_dir
from hdtui.errors import ConfigError
from hdtui.toml_cache import parsed_toml

Keymap = dict[str, str]


def keymap_file(name_or_path: str, bundled: Path) -> Path:
    """Resolve a keymap name (``vim``) in the bundled directory, or a path; an unknown name
    is a ConfigError listing the names there are."""
    if "/" in name_or_path or name_or_path.endswith(".toml"):
        return Path(name_or_path).expanduser()
    path = bundled / f"{name_or_path}.toml"
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in bundled.glob("*.toml"))) or "none"
        raise ConfigError(f"No keymap is named {name_or_path!r}. Keymaps: {names}; or the "
                          "path of your own keymap file (e.g. ~/hdtui-keys.toml).",
                          "Unknown keymap")
    return path


def declared_ids(bundled: Path) -> frozenset[str]:
    """Every binding id, as the bundled default keymap lists them: it holds the keys
    declared in code, one line per binding (a test keeps the two equal). Reading it spares
    the start importing every screen and widget to collect their bindings (docs/benchmarks.md,
    "Warm start imports")."""
    return frozenset(read_keymap(bundled / "default.toml"))


def load_declared_keymap(
    name_or_path: str,
    overrides: Mapping[str, str],
    bundled: Path,
    is_valid_key: Callable[[str], bool],
) -> Keymap:
    """``load_keymap`` with the binding ids of ``declared_ids``: the bundled default keymap
    is read once, also when it is the keymap asked for (the start read it twice:
    docs/benchmarks.md, "Session 17: warm first rows")."""
    default = bundled / "default.toml"
    declared = read_keymap(default)
    path = keymap_file(name_or_path, bundled)
    keymap = declared if path == default else read_keymap(path)
    checked = _checked(keymap, path, overrides, frozenset(declared), is_valid_key)
    origin = f"Keymap {path}" + (" with [keymap_overrides]" if overrides else "")
    changed = frozenset(overrides) | (frozenset() if path == default else frozenset(keymap))
    check_reach({**declared, **checked}, scopes(default), origin, changed)
    return checked


QUIT_KEYS = ("ctrl+q", "ctrl+c")
"""The keys that leave hdtui from every screen (``HdtuiApp.action_leave``; ctrl+c copies
instead when text is selected): no keymap takes them for another action, so a member can
always leave (docs/keys.md, "Leaving")."""

SCROLLED = frozenset({"confirm dialog", "quit question", "preview", "error dialog",
                      "shift start", "team picker", "releases", "hot topics"})
"""The dialogs whose text scrolls (``DialogScroll``, focused when they open): a key press
there reaches the text's keys ("dialog text") and then the dialog's own."""

MAIN = ("everywhere", "main screen")
"""The scopes whose keys are heard on the main screen whatever pane has the focus: the
app's (``?``, and ``q``, listed under "main screen") and the screen's."""


def scopes(default: Path) -> dict[str, str]:
    """Each binding id with where it applies, as the bundled default keymap says it: a
    ``# where`` line over each scope's bindings (scripts/keymap_default.py writes it)."""
    where = ""
    found: dict[str, str] = {}
    for line in default.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and "=" not in line:
            where = line[2:].split(" (")[0].strip()
        elif line.startswith('"'):
            found[line[1:line.index('"', 1)]] = where
    return found


def _reached_together(where: str) -> frozenset[str]:
    """The scopes one key press reaches from a place where ``where``'s bindings are heard:
    Textual asks the focused widget, its screen, then the app. The main screen's panes (the
    queue, the report) hear the screen's and the app's keys; another screen or dialog
    hears its own (it may take ``q`` or ``?`` from the app on purpose: a dialog closes
    with ``q``)."""
    if where in MAIN:
        return frozenset(MAIN)
    if where in ("queue", "report"):
        return frozenset((where, *MAIN))
    if where in SCROLLED:
        return frozenset((where, "dialog text"))
    return frozenset((where,))


def check_reach(keymap: Mapping[str, str], where: Mapping[str, str], origin: str,
                changed: Collection[str]) -> None:
    """Refuse a key given to two actions that one press reaches (one of them would never
    run, silently: ``"toggle-claim" = "q"`` took q from quit) and Textual's quit keys given
    to anything but quit; raises ConfigError naming both actions. ``changed``: the ids the
    member's keymap or overrides set, the one the message asks to change."""
    for binding_id, keys in keymap.items():
        taken = set(keys.split(",")) & set(QUIT_KEYS)
        if taken and binding_id != "quit":
            raise ConfigError(
                f"{origin}: '{binding_id}' = {keys!r} takes {sorted(taken)[0]}, which is "
                f"kept for quitting hdtui; give '{binding_id}' another key.", "Keymap clash")
    groups = {_reached_together(w) for w in set(where.values())}
    for group in sorted(groups, key=sorted):
        holder: dict[str, str] = {}
        for binding_id, keys in keymap.items():
            if where.get(binding_id) not in group:
                continue
            for key in keys.split(","):
                other = holder.setdefault(key, binding_id)
                if other != binding_id:
                    move = binding_id if binding_id in changed else other
                    raise ConfigError(
                        f"{origin}: the key '{key}' is given to '{other}' ({where[other]}) "
                        f"and to '{binding_id}' ({where[binding_id]}); one press reaches "
                        f"both and only one would run. Give one of them another key, e.g. "
                        f"\"{move}\" = \"...\" in [keymap_overrides] (`?` and docs/keys.md "
                        "list the keys).", "Keymap clash")


def read_keymap(path: Path) -> Keymap:
    """Read a keymap file into a dict; a wrong shape is a ConfigError naming the file."""
    try:
        data = parsed_toml(path, cache_dir())
    except FileNotFoundError as e:
        raise ConfigError(f"Keymap file {path} does not exist.") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"Cannot read keymap {path}: {e}") from e
    except ValueError as e:  # tomllib.TOMLDecodeError (UnicodeDecodeError is above)
        raise ConfigError(f"Keymap {path} is not valid TOML: {e}") from e
    keymap: Keymap = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise ConfigError(
                f"Keymap {path}: '{key}' must map to a key string such as \"ctrl+r\", "
                f"not {type(value).__name__}."
            )
        keymap[key] = value
    return keymap


def validate_keymap(
    keymap: Mapping[str, str],
    binding_ids: Collection[str],
    is_valid_key: Callable[[str], bool],
    origin: str,
) -> Keymap:
    """Check every id and key; return a normalised copy or raise ConfigError."""
    valid_list = ", ".join(sorted(binding_ids))
    result: Keymap = {}
    for binding_id, keys in keymap.items():
        if binding_id not in binding_ids:
            raise ConfigError(
                f"{origin}: unknown binding id '{binding_id}'. Valid ids: {valid_list}."
            )
        parts = [part.strip() for part in keys.split(",")]
        if not parts or any(not part for part in parts):
            raise ConfigError(f"{origin}: '{binding_id}' has an empty key in {keys!r}.")
        for part in parts:
            if not is_valid_key(part):
                raise ConfigError(
                    f"{origin}: '{binding_id}' = {keys!r}: '{part}' is not a key name. "
                    "Use a character (\"x\", \"?\"), a named key (\"enter\", \"pageup\", "
                    "\"f5\") or modifiers (\"ctrl+x\", \"shift+tab\")."
                )
        result[binding_id] = ",".join(parts)
    return result


def load_keymap(
    name_or_path: str,
    overrides: Mapping[str, str],
    bundled: Path,
    binding_ids: Collection[str],
    is_valid_key: Callable[[str], bool],
) -> Keymap:
    """Load a named or path keymap, apply single-key overrides, validate it all."""
    path = keymap_file(name_or_path, bundled)
    return _checked(read_keymap(path), path, overrides, binding_ids, is_valid_key)


def _checked(keymap: Mapping[str, str], path: Path, overrides: Mapping[str, str],
             binding_ids: Collection[str], is_valid_key: Callable[[str], bool]) -> Keymap:
    """The keymap read from ``path`` with ``overrides`` over it, every id and key checked."""
    merged = validate_keymap(keymap, binding_ids, is_valid_key, str(path))
    merged.update(validate_keymap(overrides, binding_ids, is_valid_key, "[keymap_overrides]"))
    return merged
