"""Provides the ui package."""
