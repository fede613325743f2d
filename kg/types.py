"""The records that flow between kg's stages.

Data moves one way::

    paths --ingest--> Document/Article --nlp--> Sentence --extract--> Mention, RelationCandidate
          --resolve--> Entity, Fact --graph--> RDF quads --store--> query/serve/export/viz

Every stage takes and returns these plain dataclasses, so a stage can be
replaced (a new extractor, a new store) without touching the others.
Offsets are character offsets, end exclusive.  A :class:`Mention` is relative
to its :class:`Sentence`; a :class:`Sentence` is relative to its
:class:`Article`'s ``text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "ENTITY_TYPES",
    "ORGANIZATION_TYPES",
    "Credit",
    "Article",
    "Document",
    "Sentence",
    "Mention",
    "RelationCandidate",
    "SentenceAnalysis",
    "ArticleAnalysis",
    "DocumentAnalysis",
    "Evidence",
    "Entity",
    "Fact",
    "IdentityDecision",
    "MentionLink",
    "Resolution",
]

#: Entity classes kg extracts; each is a local name in ``ontology/kg.ttl``.
ENTITY_TYPES: tuple[str, ...] = (
    "Person",
    "Organization",
    "GovernmentOrganization",
    "Company",
    "University",
    "Project",
    "Place",
    "Event",
    "CreativeWork",
)

#: Subclasses that count as ``Organization`` when evaluating or querying.
ORGANIZATION_TYPES: frozenset[str] = frozenset(
    {"Organization", "GovernmentOrganization", "Company", "University"}
)


@dataclass(frozen=True)
class Credit:
    """A person named in a byline or photo caption.

    ``role`` is one of ``author``, ``correspondent`` or ``photographer``.
    """

    name: str
    role: str


@dataclass
class Article:
    """One news article after layout repair.

    ``text`` is the body only: headings that are banners, photo captions and
    bylines have been removed, and paragraphs broken by them are re-joined.
    Paragraphs are separated by ``"\\n"``.
    """

    id: str
    doc_id: str
    source: str
    index: int
    headline: str | None
    text: str
    credits: list[Credit] = field(default_factory=list)
    date: str | None = None
    banners: list[str] = field(default_factory=list)


@dataclass
class Document:
    """One input unit: a file, or one line of a ``.jsonl`` file."""

    doc_id: str
    source: str
    content_hash: str
    articles: list[Article]


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names (or refers to) an entity.

    ``kind`` is ``"name"`` for a proper name, ``"anaphor"`` for 该区-style
    references and ``"short"`` for context-dependent short forms such as
    区住建局; the resolver maps the latter two to named entities.
    """

    start: int
    end: int
    type: str
    text: str
    score: float = 1.0
    method: str = ""
    kind: str = "name"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mention:
        return cls(**data)


@dataclass(frozen=True)
class RelationCandidate:
    """A relation found in one sentence, before identity resolution.

    ``tail`` is a mention, or ``None`` when the object is the literal
    ``literal`` (an award name, a quotation).  ``role`` carries the post title
    of a ``worksFor`` relation.
    """

    head: Mention
    relation: str
    tail: Mention | None
    rule: str
    score: float = 1.0
    role: str | None = None
    literal: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "head": self.head.to_json(),
            "relation": self.relation,
            "tail": self.tail.to_json() if self.tail else None,
            "rule": self.rule,
            "score": self.score,
            "role": self.role,
            "literal": self.literal,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RelationCandidate:
        tail = data.get("tail")
        return cls(
            head=Mention.from_json(data["head"]),
            relation=data["relation"],
            tail=Mention.from_json(tail) if tail else None,
            rule=data["rule"],
            score=data.get("score", 1.0),
            role=data.get("role"),
            literal=data.get("literal"),
        )


@dataclass
class SentenceAnalysis:
    sentence: Sentence
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationCandidate] = field(default_factory=list)


@dataclass
class ArticleAnalysis:
    article: Article
    sentences: list[SentenceAnalysis] = field(default_factory=list)


@dataclass
class DocumentAnalysis:
    document: Document
    articles: list[ArticleAnalysis] = field(default_factory=list)


@dataclass(frozen=True)
class Evidence:
    """Where a fact or a mention comes from: article, sentence, offsets, rule."""

    article_id: str
    sentence_index: int
    start: int  # offsets into the article text
    end: int
    method: str
    score: float = 1.0


@dataclass
class Entity:
    """A resolved node.  ``key`` is deterministic and becomes the IRI."""

    key: str
    type: str
    label: str
    alt_labels: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class MentionLink:
    """Links one mention in one article to the entity it was resolved to."""

    entity_key: str
    evidence: Evidence
    text: str


@dataclass
class Fact:
    """A resolved relation between entities (or an entity and a literal)."""

    subject: str
    predicate: str
    object: str
    object_is_literal: bool = False
    role: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class IdentityDecision:
    """Why a mention was merged into (or kept apart from) an entity."""

    entity_key: str
    mention_text: str
    article_id: str
    score: float
    reason: str


@dataclass
class Resolution:
    entities: dict[str, Entity] = field(default_factory=dict)
    links: list[MentionLink] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    decisions: list[IdentityDecision] = field(default_factory=list)
