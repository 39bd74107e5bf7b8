"""Provides ``python -m hdtui`` and the ``hdtui`` command: the cyclic collector is paused
while hdtui starts (hdtui/collector.py), then the command line runs."""

from hdtui.collector import pause


def main() -> None:
    """Entry point."""
    pause()
    from hdtui.cli import main as run

    run()


if __name__ == "__main__":
    main()
