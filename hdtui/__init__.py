"""Provides the hdtui package."""
