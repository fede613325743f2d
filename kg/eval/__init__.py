"""Evaluation against gold data, all in one package.

* :mod:`.gold` reads gold JSON Lines (entities and relations), :mod:`.mapping`
  parses ``--map``, :mod:`.metrics` holds precision, recall and F1;
* :mod:`.analyses` is where the scorers obtain the analyses they score;
* :mod:`.entities` scores entity spans (``kg eval``), :mod:`.relations`
  relation triples (``kg eval-relations``) and :mod:`.graph` whole built
  graphs against hand-made gold (``kg eval-graph``).
"""

__all__: list[str] = []
