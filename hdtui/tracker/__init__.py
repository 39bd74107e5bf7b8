"""Provides the tracker package."""
