"""Evaluation of entity extraction against gold JSONL: ``kg eval``."""

__all__: list[str] = []
