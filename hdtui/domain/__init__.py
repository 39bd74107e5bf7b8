"""Provides the domain package."""
