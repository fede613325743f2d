"""Surname + post: 李书记, 戚局长, 王院长, 张总 as references to a person named before.

A news article names an official in full once (县委书记李国华) and then by
surname and title (李书记).  :func:`titled_form` recognises such a form in a
sentence (data: ``kg/data/resolve/titled_persons.yaml``, surnames from the
gazetteer's ``surnames.yaml``); :class:`PostHolders` keeps, per page, the
people holding posts in reading order, and :meth:`PostHolders.resolve` finds
the one the form refers to: the latest before it whose name starts with the
surname and who holds a post whose title ends in the form's title (副县长 for
县长) or one it stands for (张总: 总经理, 总裁 …).  With no such person the form
is left unresolved: a form of address never becomes a person of its own.

Examples
--------
>>> holders = PostHolders()
>>> holders.add(0, 5, "李国华", "书记")
>>> holders.add(0, 9, "王志刚", "院长")
>>> form = titled_form("李书记指出", 0)
>>> form.surname, form.title, form.end
('李', '书记', 3)
>>> holders.resolve(form, 0, 40)
('李国华', '书记')
>>> holders.resolve(titled_form("王局长说", 0), 0, 40) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from kg.errors import KGError
from kg.resources import load_yaml

__all__ = ["TitledForm", "TitledTable", "titled_table", "titled_form", "PostHolders"]


@dataclass(frozen=True)
class TitledForm:
    """A surname and a title written together, ``start``-``end`` in the sentence."""

    start: int
    end: int
    surname: str
    title: str

    @property
    def text(self) -> str:
        return self.surname + self.title


@dataclass(frozen=True)
class TitledTable:
    """The rules of ``titled_persons.yaml`` with the gazetteer's surnames."""

    titles: tuple[str, ...]  # longest first
    stands_for: dict[str, tuple[str, ...]]
    not_before: frozenset[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]

    def roles_for(self, title: str) -> tuple[str, ...]:
        """The role titles a form's title accepts: itself and what it stands for."""
        return (title, *self.stands_for.get(title, ()))


@cache
def titled_table() -> TitledTable:
    """The process-wide table."""
    from kg.extract.entities.gazetteer import lexicon

    data = load_yaml("resolve", "titled_persons.yaml")
    try:
        stands_for = {
            str(k): tuple(str(v) for v in values)
            for k, values in (data.get("stands_for") or {}).items()
        }
        titles = {str(t) for t in data["titles"]} | set(stands_for)
    except (KeyError, TypeError, AttributeError) as exc:
        raise KGError(f"kg/data/resolve/titled_persons.yaml: missing or bad entry: {exc}") from None
    lex = lexicon()
    return TitledTable(
        titles=tuple(sorted(titles, key=lambda t: (-len(t), t))),
        stands_for=stands_for,
        not_before=frozenset(str(data.get("not_before", ""))),
        surnames=lex.surnames,
        compound_surnames=lex.compound_surnames,
    )


def titled_form(text: str, start: int) -> TitledForm | None:
    """The surname + title form that starts at ``start`` of ``text``, if any."""
    table = titled_table()
    if text[start : start + 2] in table.compound_surnames:
        surnames = [text[start : start + 2], text[start]]
    else:
        surnames = [text[start]]
    for surname in surnames:
        if surname not in table.surnames and surname not in table.compound_surnames:
            continue
        at = start + len(surname)
        for title in table.titles:
            end = at + len(title)
            if text.startswith(title, at) and (end >= len(text) or
                                               text[end] not in table.not_before):
                return TitledForm(start, end, surname, title)
    return None


@dataclass
class PostHolders:
    """People of one page who hold posts: ``(article index, offset, name, role)``."""

    holders: list[tuple[int, int, str, str]] = field(default_factory=list)

    def add(self, article: int, position: int, name: str, role: str) -> None:
        """Record that ``name`` holds ``role`` at ``position`` of article ``article``."""
        self.holders.append((article, position, name, role))

    def resolve(self, form: TitledForm, article: int, position: int) -> tuple[str, str] | None:
        """``(name, role)`` of the person ``form`` at ``position`` refers to, or ``None``."""
        roles = titled_table().roles_for(form.title)
        found = [
            (a, p, name, role)
            for a, p, name, role in self.holders
            if (a, p) < (article, position)
            and name.startswith(form.surname) and len(name) > len(form.surname)
            and role.endswith(roles)
        ]
        if not found:
            return None
        _, _, name, role = max(found, key=lambda h: (h[0], h[1]))
        return name, role
