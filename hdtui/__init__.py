"""Provides hdtui, the terminal client in which the Tails Help Desk triages user reports."""

__version__ = "0.1.0"
