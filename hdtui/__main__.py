"""Provides ``python -m hdtui``."""

from hdtui.cli import main

main()
