"""Provides the services package."""
