"""Training scripts: ``python -m kg.train.ner`` and ``python -m kg.train.gazetteer``."""
