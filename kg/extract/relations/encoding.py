"""A sentence as a string in which every mention is one typed character.

Relation patterns are regular expressions over this string: a mention of
type ``Person`` becomes ``U+E001``, an ``Organization`` ``U+E002`` and so on,
so a slot such as ``{ORG}`` compiles to a character class and ordinary text
between mentions is matched as written.  :class:`EncodedSentence` maps every
encoded position back to the sentence, so a match yields mentions and
literal spans with their real offsets.

Examples
--------
>>> from kg.types import Mention
>>> ms = [Mention(0, 2, "Person", "王五"), Mention(3, 7, "Company", "某某公司")]
>>> enc = EncodedSentence.build("王五在某某公司上班", ms)
>>> len(enc.text), enc.mention_at(2).text, enc.decode(1, 3)
(5, '某某公司', (2, 7))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.types import ENTITY_TYPES, Mention

__all__ = [
    "TYPE_CHARS",
    "SLOT_TYPES",
    "MENTION_CHARS",
    "EncodedSentence",
    "slot_class",
    "non_overlapping",
]

#: Private-use characters standing for one mention of each entity type.
TYPE_CHARS: dict[str, str] = {t: chr(0xE001 + i) for i, t in enumerate(ENTITY_TYPES)}
_OTHER_CHAR = "\ue000"

#: Slot names usable in patterns and the entity types each accepts.
SLOT_TYPES: dict[str, tuple[str, ...]] = {
    "PER": ("Person",),
    "ORG": ("Organization", "GovernmentOrganization", "Company", "University"),
    "GOV": ("GovernmentOrganization",),
    "COMPANY": ("Company",),
    "UNIV": ("University",),
    "PROJ": ("Project",),
    "PLACE": ("Place",),
    "EVENT": ("Event",),
    "ANY": ENTITY_TYPES,
}

#: A character class matching any mention character.
MENTION_CHARS = f"{_OTHER_CHAR}-{chr(0xE001 + len(ENTITY_TYPES) - 1)}"


def slot_class(kinds: Iterable[str]) -> str:
    """A regex character class for a union of slot kinds, e.g. ``["ORG", "PLACE"]``.

    Raises
    ------
    KeyError
        When a kind is not in :data:`SLOT_TYPES`.
    """
    chars = sorted({TYPE_CHARS[t] for k in kinds for t in SLOT_TYPES[k]})
    return "[" + "".join(chars) + "]"


def non_overlapping(mentions: Sequence[Mention]) -> list[Mention]:
    """Drop mentions overlapping an earlier-kept longer one (as ``merge_mentions``).

    Zero-width mentions are dropped: they cannot be encoded.
    """
    ranked = sorted(
        (m for m in mentions if m.end > m.start),
        key=lambda m: (-(m.end - m.start), -m.score, m.start),
    )
    taken: list[Mention] = []
    for m in ranked:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


@dataclass(frozen=True)
class EncodedSentence:
    """The encoded string and, per encoded position, its sentence span and mention."""

    sentence: str
    text: str
    spans: tuple[tuple[int, int], ...]
    mentions: tuple[Mention | None, ...]

    @classmethod
    def build(cls, sentence: str, mentions: Sequence[Mention]) -> EncodedSentence:
        """Encode ``sentence``; overlapping mentions are reduced first."""
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        owners: list[Mention | None] = []
        pos = 0
        for m in non_overlapping(mentions):
            if m.start < pos or m.end > len(sentence):
                continue
            for i in range(pos, m.start):
                chars.append(sentence[i])
                spans.append((i, i + 1))
                owners.append(None)
            chars.append(TYPE_CHARS.get(m.type, _OTHER_CHAR))
            spans.append((m.start, m.end))
            owners.append(m)
            pos = m.end
        for i in range(pos, len(sentence)):
            chars.append(sentence[i])
            spans.append((i, i + 1))
            owners.append(None)
        return cls(sentence, "".join(chars), tuple(spans), tuple(owners))

    def mention_at(self, index: int) -> Mention | None:
        """The mention encoded at ``index``, or ``None`` for plain text."""
        return self.mentions[index]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions encoded in ``[start, end)``, in order."""
        return [m for m in self.mentions[start:end] if m is not None]

    def decode(self, start: int, end: int) -> tuple[int, int]:
        """Sentence offsets of the encoded span ``[start, end)``."""
        if start >= end:
            at = self.spans[start][0] if start < len(self.spans) else len(self.sentence)
            return at, at
        return self.spans[start][0], self.spans[end - 1][1]

    def literal(self, start: int, end: int) -> str:
        """The sentence text under the encoded span ``[start, end)``."""
        a, b = self.decode(start, end)
        return self.sentence[a:b]
