"""Training scripts: ``python -m kg.train.ner`` and ``python -m kg.train.gazetteer``."""

__all__: list[str] = []
