"""The one parser of ``--map`` options: dataset names to kg names.

``kg eval`` maps entity tags to classes (``PER:Person``), ``kg eval-relations``
relation names to properties (``董事长:worksFor``).  Both write
``NAME:OURS,NAME2:OURS2``; ``-`` as the kg side drops a name.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.errors import KGError

__all__ = ["parse_map"]


def parse_map(
    spec: str | None,
    default: Mapping[str, str | None] | None = None,
    pair: str = "TAG:TYPE",
) -> dict[str, str | None]:
    """Parse ``NAME:OURS,...``; ``-`` maps a name to ``None`` (dropped).

    Parameters
    ----------
    spec
        The option's text.  Empty items are skipped.
    default
        The mapping when ``spec`` is empty or ``None`` (default: no names).
    pair
        How the command's help spells one pair, for the error message.

    Raises
    ------
    kg.errors.KGError
        On an item without a colon or with an empty side.

    Examples
    --------
    >>> parse_map("PER:Person, ORG:-")
    {'PER': 'Person', 'ORG': None}
    >>> parse_map("", {"LOC": "Place"})
    {'LOC': 'Place'}
    >>> parse_map("董事长")
    Traceback (most recent call last):
    kg.errors.KGError: --map: expected TAG:TYPE pairs, got '董事长'
    """
    if not spec:
        return dict(default or {})
    out: dict[str, str | None] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, sep, ours = (side.strip() for side in item.partition(":"))
        if not sep or not name or not ours:
            raise KGError(f"--map: expected {pair} pairs, got {item!r}")
        out[name] = None if ours == "-" else ours
    return out
