"""Provides the adapters of release awareness: the Tails feeds and their local copy."""
