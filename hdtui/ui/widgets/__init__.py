"""Provides the widgets package."""
