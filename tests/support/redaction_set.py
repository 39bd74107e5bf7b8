"""Provides the labelled redaction set (tests/data/redaction/cases.toml) and its scoring."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from hdtui.domain.redact import Redaction, fold, known_from, redact_text

CASES = Path(__file__).resolve().parents[1] / "data" / "redaction" / "cases.toml"


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled text: who sent it, what is personal in it, what is ordinary."""

    id: str
    lang: str
    text: str
    sender: str | None
    user_id: str | None
    personal: tuple[str, ...]
    ordinary: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case stripped: the personal strings left and the ordinary words lost."""

    case: Case
    redaction: Redaction
    left: tuple[str, ...]
    lost: tuple[str, ...]


def load_cases(path: Path = CASES) -> list[Case]:
    """The cases of the labelled set, in file order."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)["case"]
    return [Case(c["id"], c["lang"], c["text"], c.get("from"), c.get("user_id"),
                 tuple(c["personal"]), tuple(c["ordinary"])) for c in raw]


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


def personal_left(item: str, text: str) -> bool:
    """Whether ``item`` is still in ``text``: any case, any accents; hex without spacing."""
    if fold(item) in fold(text):
        return True
    hex_digits = _compact(item)
    return (len(hex_digits) >= 8 and re.fullmatch("[0-9a-f]+", hex_digits) is not None
            and hex_digits[-8:] in _compact(text))


def word_kept(word: str, text: str) -> bool:
    """Whether ``word`` is still in ``text`` as a whole word (any case)."""
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE) is not None


def run_case(case: Case) -> Outcome:
    """Strip one case as an issue draft would, knowing its sender and key user ID."""
    known = known_from(contacts=[case.sender], texts=[case.text],
                       user_ids=[case.user_id] if case.user_id else [])
    redaction = redact_text(case.text, known)
    left = tuple(p for p in case.personal if personal_left(p, redaction.text))
    lost = tuple(w for w in case.ordinary if not word_kept(w, redaction.text))
    return Outcome(case, redaction, left, lost)


@dataclass(frozen=True, slots=True)
class Scores:
    """Recall of personal strings, ordinary words kept, and the removal's precision."""

    personal: int
    personal_removed: int
    ordinary: int
    ordinary_removed: int

    @property
    def recall(self) -> float:
        """Personal strings removed / all personal strings."""
        return self.personal_removed / self.personal if self.personal else 1.0

    @property
    def kept(self) -> float:
        """Ordinary words kept / all ordinary words."""
        return 1 - self.ordinary_removed / self.ordinary if self.ordinary else 1.0

    @property
    def precision(self) -> float:
        """Of the labelled strings removed, the share that was personal."""
        removed = self.personal_removed + self.ordinary_removed
        return self.personal_removed / removed if removed else 1.0


def score(outcomes: list[Outcome]) -> Scores:
    """The set's scores over all cases."""
    personal = sum(len(o.case.personal) for o in outcomes)
    ordinary = sum(len(o.case.ordinary) for o in outcomes)
    return Scores(personal, personal - sum(len(o.left) for o in outcomes),
                  ordinary, sum(len(o.lost) for o in outcomes))
