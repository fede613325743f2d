"""Sports teams by name: an organisation whose name says its sport is a ``kg:SportsTeam``.

The entity tagger types a club as an organisation (or a company); its name
tells more: 〈city〉足球俱乐部, 〈city〉男篮, 〈name〉FC.  The name patterns are data
(``kg/data/lexicons/sports_teams.yaml``).  The graph adds the class beside
the entity's own, so the IRI, keyed on the tagger's type, does not move.

Examples
--------
>>> is_sports_team("青川足球俱乐部"), is_sports_team("青川男篮"), is_sports_team("青川消防救援队")
(True, True, False)
"""

from __future__ import annotations

import re
from functools import cache

from kg import resources
from kg.errors import KGError

__all__ = ["team_name_pattern", "is_sports_team"]

_FILE = ("lexicons", "sports_teams.yaml")


@cache
def team_name_pattern() -> re.Pattern[str]:
    """The compiled ``name`` expression of the data file.

    Raises
    ------
    KGError
        The file has no ``name`` or it is not a regular expression.
    """
    data = resources.load_yaml(*_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise KGError(f"{resources.where(*_FILE)}: needs 'name', a regular expression")
    try:
        return re.compile(data["name"])
    except re.error as exc:
        raise KGError(f"{resources.where(*_FILE)}: name: bad regex: {exc}") from None


def is_sports_team(label: str) -> bool:
    """Whether an organisation's name is a sports team's."""
    return team_name_pattern().search(label) is not None
