"""Provides a program for the tmux tests: ComposeScreen on a fixed draft, outcome to a file.

``python -m tests.e2e.compose_app OUT.json`` opens the screen; once it is closed the
outcome (action, to, subject, body) is written to OUT.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.support.compose_host import ComposeHost, reply


def main(argv: list[str]) -> int:
    """Run the screen; write the outcome; 0 when it was sent or kept."""
    out = Path(argv[0])
    app = ComposeHost(reply(), exit_after=True)
    outcome = app.run()
    if outcome is None:
        out.write_text(json.dumps(None))
        return 1
    draft = outcome.draft
    out.write_text(json.dumps({"action": outcome.action, "to": list(draft.to),
                               "subject": draft.subject, "body": draft.body}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
