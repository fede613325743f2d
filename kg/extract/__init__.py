"""Extraction: entity mentions and relation candidates from sentences."""
