"""Provides the sources package."""
