"""Evaluation of entity extraction against gold JSONL: ``kg eval``."""
