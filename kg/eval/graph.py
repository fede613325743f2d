"""A built graph graded against a hand-made gold file: ``kg eval-graph``.

The gold file (the shape of ``real_dev/NN_gold.json``) lists entities
``{"id", "name", "type", "aliases"?, "alt"?, "optional"?,
"ambiguous_same_name"?}`` and relations ``{"head", "rel", "tail",
"alt_rel"?, "alt_tails"?, "tail_literal"?, "inverse"?, "optional"?}``.

The rules are those of ``../shared/tools/grade_graph.py``; the classes and
properties they recognise are in ``kg/data/eval/graph.yaml``:

* **Entities.**  A node is a predicted entity when it has a name (a label
  property) and a class recognised as a gold type, by local name or by its
  subclass closure to schema.org / ORG.  A gold entity is found when a node
  has one of its names or aliases and its type or an alt type.  Precision is
  the share of predicted nodes that match some gold entity (optional ones
  included); recall is over the required gold entities.  Two people marked
  ``ambiguous_same_name`` must be two nodes.
* **Relations.**  A property's kind comes from its local name or its
  subproperty closure; a qualified membership node (``member`` and
  ``organization``) is an affiliation.  Recall is over the required gold
  relations, with the same-name people assigned to distinct nodes the best
  way.  Precision is over predicted edges between two gold entities; an edge
  is right when a gold relation of its kind joins the same entities.

Examples
--------
>>> from rdflib import Graph
>>> ttl = '''@prefix schema: <https://schema.org/> .
... <x:w> a schema:Person ; schema:name "王五" ; schema:worksFor <x:c> .
... <x:c> a schema:Organization ; schema:name "星河集团" .'''
>>> gold = GoldGraph.from_json({
...     "entities": [{"id": "P", "name": "王五", "type": "Person"},
...                  {"id": "C", "name": "星河集团", "type": "Organization"}],
...     "relations": [{"head": "P", "rel": "affiliation", "tail": "C"}]}, "gold.json")
>>> g = grade(Graph().parse(data=ttl, format="turtle"), gold)
>>> g.counts.entity_precision, g.counts.entity_recall, g.counts.relation_recall
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, astuple, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from kg.errors import InputError, KGError
from kg.eval.metrics import f1_of, ratio
from kg.resources import parse_yaml, read_text

__all__ = [
    "ArticleGrade",
    "GoldGraph",
    "GraphCounts",
    "Matching",
    "grade",
    "grade_build",
    "load_build_graph",
    "matching",
    "read_gold_graph",
]

#: An edge of the graph: subject and object.
Edge = tuple[Node, Node]


@dataclass(frozen=True)
class Matching:
    """Which classes and properties of a graph count as which gold types and relation kinds.

    Read from ``kg/data/eval/graph.yaml`` by :func:`matching`; see that file.
    """

    standard_namespaces: tuple[str, ...]
    label_properties: tuple[URIRef, ...]
    types: dict[str, tuple[frozenset[str], frozenset[str]]]
    implied_types: dict[str, str]
    excluded_types: dict[str, str]
    relations: dict[str, tuple[frozenset[str], frozenset[URIRef]]]
    either_direction: frozenset[str]
    membership: tuple[str, str, str]
    unstated_ok: dict[str, tuple[frozenset[str], ...]]
    article_classes: frozenset[str]


@cache
def matching() -> Matching:
    """The packaged matching rules, read once."""
    where = "kg/data/eval/graph.yaml"
    data = parse_yaml(read_text("eval", "graph.yaml"), where)
    try:
        membership = data["qualified_membership"]
        return Matching(
            standard_namespaces=tuple(data["standard_namespaces"]),
            label_properties=tuple(URIRef(p) for p in data["label_properties"]),
            types={
                t: (frozenset(v["local"]), frozenset(v["standard"]))
                for t, v in data["types"].items()
            },
            implied_types=dict(data["implied_types"]),
            excluded_types=dict(data["excluded_types"]),
            relations={
                k: (frozenset(v["local"]), frozenset(URIRef(p) for p in v["standard"]))
                for k, v in data["relations"].items()
            },
            either_direction=frozenset(data["either_direction"]),
            membership=(membership["kind"], membership["member"], membership["organization"]),
            unstated_ok={
                k: tuple(frozenset(group) for group in groups)
                for k, groups in data["unstated_ok"].items()
            },
            article_classes=frozenset(data["article_classes"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise KGError(f"{where}: not a graph matching file: {exc!r}") from None


def local_name(iri: Node) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name(URIRef("https://schema.org/Person"))
    'Person'
    """
    return re.split(r"[#/]", str(iri))[-1]


_QUOTES = re.compile(r"[“”\"‘’'「」『』\s]")


def normalise(name: str) -> str:
    """A name as names are compared: no quotes or spaces, ASCII brackets.

    >>> normalise(" “东湖” （新区） ")
    '东湖(新区)'
    """
    return _QUOTES.sub("", str(name).strip().replace("（", "(").replace("）", ")"))


def award_match(want: str, got: str) -> bool:
    """The same award: one name holds the other, or they share a run of 4 characters.

    >>> award_match("全国杰出匠人称号", "杰出匠人")
    True
    >>> award_match("先进个人", "优秀党员")
    False
    """
    if want in got or (len(got) >= 2 and got in want):
        return True
    k = min(4, len(want))
    return any(want[i : i + k] in got for i in range(len(want) - k + 1))


# -- gold -------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """One gold entity: its names and the types it may have."""

    id: str
    name: str
    type: str
    names: frozenset[str]
    types: frozenset[str]
    optional: bool
    same_name: bool


@dataclass(frozen=True)
class GoldRelation:
    """One gold relation: the kinds it may have and the gold entities (or literal) it joins.

    ``inverse`` marks a relation that holds in either direction, whatever its kind.
    """

    head: str
    kind: str
    kinds: frozenset[str]
    tails: tuple[str, ...]
    literal: bool
    inverse: bool
    optional: bool


@dataclass(frozen=True)
class GoldGraph:
    """A gold file's entities and relations."""

    entities: dict[str, GoldEntity]
    relations: tuple[GoldRelation, ...]

    @classmethod
    def from_json(cls, data: Any, where: str) -> GoldGraph:
        """Gold from parsed JSON; ``where`` names the file in errors.

        Raises
        ------
        kg.errors.InputError
            When the data is not a gold graph.
        """
        rules = matching()
        try:
            entities: dict[str, GoldEntity] = {}
            for e in data["entities"]:
                types = {str(e["type"]), *map(str, e.get("alt", []))}
                if str(e["type"]) in rules.implied_types:
                    types.add(rules.implied_types[str(e["type"])])
                entities[str(e["id"])] = GoldEntity(
                    str(e["id"]), str(e["name"]), str(e["type"]),
                    frozenset(normalise(n) for n in [e["name"], *e.get("aliases", [])]),
                    frozenset(types), bool(e.get("optional")), bool(e.get("ambiguous_same_name")),
                )
            relations = tuple(
                GoldRelation(
                    str(r["head"]), str(r["rel"]),
                    frozenset({str(r["rel"]), *map(str, r.get("alt_rel", []))}),
                    (str(r["tail"]), *map(str, r.get("alt_tails", []))),
                    bool(r.get("tail_literal")),
                    "inverse" in r,
                    bool(r.get("optional")),
                )
                for r in data["relations"]
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(where, f"not a gold graph file: missing or bad {exc}") from None
        return cls(entities, relations)


def read_gold_graph(path: Path) -> GoldGraph:
    """Read a gold JSON file.

    Raises
    ------
    kg.errors.InputError
        When it cannot be read, is not JSON, or is not a gold graph.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not JSON: {exc}") from None
    return GoldGraph.from_json(data, str(path))


# -- the graph ----------------------------------------------------------------


def load_build_graph(build: Path, ontology: Path | None = None) -> Graph:
    """The graph of a build folder (its ``graph.ttl``) or of one RDF file, with the ontology.

    ``ontology`` is a folder of Turtle files (shape files left out); by default
    the packaged ``kg.ttl``.

    Raises
    ------
    kg.errors.InputError
        When a file is missing or not RDF.
    """
    from kg.graph.ontology import load_ontology

    path = build / "graph.ttl" if build.is_dir() else build
    graph = load_ontology() if ontology is None else Graph()
    sources = [path]
    if ontology is not None:
        if not ontology.is_dir():
            raise InputError(str(ontology), "not a folder of ontology files")
        sources += [f for f in sorted(ontology.glob("*.ttl")) if "shape" not in f.name]
    for source in sources:
        try:
            graph.parse(source)
        except OSError as exc:
            raise InputError(str(source), f"cannot read: {exc.strerror or exc}") from None
        except Exception as exc:  # rdflib raises many parser errors of its own
            raise InputError(str(source), f"not RDF: {str(exc).splitlines()[0]}") from None
    return graph


def _closure(graph: Graph, node: Node, prop: URIRef) -> set[Node]:
    """``node`` and everything above it by ``prop``, across equivalences both ways."""
    same = OWL.equivalentClass if prop == RDFS.subClassOf else OWL.equivalentProperty
    seen: set[Node] = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo.extend(graph.objects(n, prop))
        todo.extend(graph.objects(n, same))
        todo.extend(graph.subjects(same, n))
    return seen


@dataclass
class _View:
    """What grading reads from a graph: names, entity nodes and their types, edges by kind."""

    labels: dict[Node, set[str]]
    predicted: dict[Node, set[str]]
    edges: dict[str, set[Edge]]
    articles: int


def _types(graph: Graph, node: Node, rules: Matching, above: dict[Node, set[Node]]) -> set[str]:
    out: set[str] = set()
    own = {local_name(c) for c in graph.objects(node, RDF.type)}
    for c in graph.objects(node, RDF.type):
        if c not in above:
            above[c] = _closure(graph, c, RDFS.subClassOf)
        names = {local_name(x) for x in above[c]}
        standard = {
            local_name(x) for x in above[c] if str(x).startswith(rules.standard_namespaces)
        }
        for kind, (local, std) in rules.types.items():
            if names & local or standard & std:
                out.add(kind)
    out |= {rules.implied_types[t] for t in out & rules.implied_types.keys()}
    for own_class, lost in rules.excluded_types.items():
        if own_class in out and own_class in own:
            out.discard(lost)
    return out


def _view(graph: Graph, rules: Matching) -> _View:
    labels: dict[Node, set[str]] = defaultdict(set)
    for prop in rules.label_properties:
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal):
                labels[s].add(normalise(o))
    above: dict[Node, set[Node]] = {}
    predicted: dict[Node, set[str]] = {}
    typed = sorted(set(graph.subjects(RDF.type, None)), key=str)
    for node in typed:
        if not labels.get(node):
            continue
        kinds = _types(graph, node, rules, above)
        if kinds:
            predicted[node] = kinds

    edges: dict[str, set[Edge]] = defaultdict(set)
    kinds_of: dict[Node, set[str]] = {}
    for predicate in set(graph.predicates()):
        sup = _closure(graph, predicate, RDFS.subPropertyOf)
        sup_names = {local_name(x) for x in sup}
        kinds_of[predicate] = {
            kind for kind, (local, std) in rules.relations.items() if sup_names & local or sup & std
        }
    for s, p, o in graph:
        for kind in kinds_of[p]:
            edges[kind].add((s, o))
    kind, member, organisation = rules.membership
    for node in set(graph.subjects()):
        by_name: dict[str, list[Node]] = defaultdict(list)
        for p, o in graph.predicate_objects(node):
            by_name[local_name(p)].append(o)
        for m, org in itertools.product(by_name.get(member, []), by_name.get(organisation, [])):
            edges[kind].add((m, org))
    articles = sum(
        1 for node in set(graph.subjects(RDF.type, None))
        if {local_name(c) for c in graph.objects(node, RDF.type)} & rules.article_classes
    )
    return _View(labels, predicted, edges, articles)


# -- grading ------------------------------------------------------------------


@dataclass(frozen=True)
class GraphCounts:
    """The counts behind entity and relation precision and recall; they add up over articles."""

    entities_predicted: int = 0
    entities_correct: int = 0
    entities_required: int = 0
    entities_found: int = 0
    relations_predicted: int = 0
    relations_correct: int = 0
    relations_required: int = 0
    relations_found: int = 0

    def __add__(self, other: GraphCounts) -> GraphCounts:
        return GraphCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @property
    def entity_precision(self) -> float:
        return ratio(self.entities_correct, self.entities_predicted)

    @property
    def entity_recall(self) -> float:
        return ratio(self.entities_found, self.entities_required)

    @property
    def entity_f1(self) -> float:
        return f1_of(self.entity_precision, self.entity_recall)

    @property
    def relation_precision(self) -> float:
        return ratio(self.relations_correct, self.relations_predicted)

    @property
    def relation_recall(self) -> float:
        return ratio(self.relations_found, self.relations_required)

    def to_json(self) -> dict[str, float | int]:
        """The four measures (3 decimals) and the counts."""
        measures = {
            "entity_precision": self.entity_precision, "entity_recall": self.entity_recall,
            "entity_f1": self.entity_f1, "relation_precision": self.relation_precision,
            "relation_recall": self.relation_recall,
        }
        return {**{k: round(v, 3) for k, v in measures.items()}, **asdict(self)}


@dataclass(frozen=True)
class ArticleGrade:
    """One graph's grade: the counts, and what was missed or wrong, as readable strings."""

    counts: GraphCounts
    same_name_pairs: int
    same_name_apart: bool
    articles: int
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.counts.to_json(),
            "same_name_pairs": self.same_name_pairs,
            "same_name_apart": self.same_name_apart,
            "articles": self.articles,
            "missed_entities": self.missed_entities,
            "false_entities": self.false_entities,
            "missed_relations": self.missed_relations,
            "false_relations": self.false_relations,
        }


def grade(graph: Graph, gold: GoldGraph) -> ArticleGrade:
    """Grade ``graph`` (with its ontology) against ``gold``; see the module docstring."""
    rules = matching()
    view = _view(graph, rules)
    cand = {
        eid: [
            n for n, kinds in view.predicted.items()
            if view.labels[n] & e.names and kinds & e.types
        ]
        for eid, e in gold.entities.items()
    }

    # Entities: the same-name people first, so each takes its own node.
    required = [e for e in gold.entities.values() if not e.optional]
    used: set[Node] = set()
    found = 0
    missed: list[str] = []
    for e in sorted(required, key=lambda e: not e.same_name):
        free = [n for n in cand[e.id] if n not in used] if e.same_name else cand[e.id]
        if free:
            found += 1
            if e.same_name:
                used.add(free[0])
        else:
            missed.append(f"{e.name}/{e.type}")
    matched = {n for nodes in cand.values() for n in nodes}
    false = sorted(
        f"{sorted(view.labels[n])[0]}/{'+'.join(sorted(kinds))}"
        for n, kinds in view.predicted.items() if n not in matched
    )

    rels = [r for r in gold.relations if not r.optional]
    same_name = [e.id for e in gold.entities.values() if e.same_name]
    assign = _best_assignment(same_name, cand, rels, view)
    missed_rels = [
        f"{_name(gold, r.head)} -{r.kind}-> {_name(gold, r.tails[0])}"
        for r in rels if not _holds(r, assign, cand, view)
    ]
    predicted, correct, wrong = _relation_precision(gold, cand, view, rules)
    counts = GraphCounts(
        entities_predicted=len(view.predicted),
        entities_correct=len(matched),
        entities_required=len(required),
        entities_found=found,
        relations_predicted=predicted,
        relations_correct=correct,
        relations_required=len(rels),
        relations_found=len(rels) - len(missed_rels),
    )
    return ArticleGrade(
        counts,
        same_name_pairs=len(same_name) // 2,
        same_name_apart=len({n for eid in same_name for n in cand[eid]}) >= 2,
        articles=view.articles,
        missed_entities=missed,
        false_entities=false,
        missed_relations=missed_rels,
        false_relations=sorted(wrong),
    )


def _name(gold: GoldGraph, eid: str) -> str:
    return gold.entities[eid].name if eid in gold.entities else eid


def _nodes(
    eid: str, assign: Mapping[str, list[Node]], cand: Mapping[str, list[Node]]
) -> list[Node]:
    return assign.get(eid, cand.get(eid, []))


def _holds(
    r: GoldRelation,
    assign: Mapping[str, list[Node]],
    cand: Mapping[str, list[Node]],
    view: _View,
) -> bool:
    """Does the graph state gold relation ``r`` (same-name people as in ``assign``)?"""
    heads = _nodes(r.head, assign, cand)
    if r.literal:
        want = normalise(r.tails[0])
        for kind in r.kinds:
            for s, o in view.edges.get(kind, ()):
                if s in heads:
                    values = {normalise(o)} if isinstance(o, Literal) else view.labels.get(o, set())
                    if any(award_match(want, v) for v in values):
                        return True
        return False
    tails = [n for t in r.tails for n in _nodes(t, assign, cand)]
    for kind in r.kinds:
        edges = view.edges.get(kind, set())
        either = kind in matching().either_direction or r.inverse
        for h, t in itertools.product(heads, tails):
            if (h, t) in edges or (either and (t, h) in edges):
                return True
    return False


def _best_assignment(
    same_name: Sequence[str],
    cand: Mapping[str, list[Node]],
    rels: Sequence[GoldRelation],
    view: _View,
) -> dict[str, list[Node]]:
    """Same-name people on distinct nodes, the way that makes most gold relations hold."""
    best, best_assign = -1, {}
    pools: list[list[Node | None]] = [[*cand[eid]] or [None] for eid in same_name]
    for combo in itertools.product(*pools):
        chosen = [n for n in combo if n is not None]
        if len(set(chosen)) < len(chosen):
            continue
        assign = {
            eid: [n] if n is not None else [] for eid, n in zip(same_name, combo, strict=True)
        }
        score = sum(_holds(r, assign, cand, view) for r in rels)
        if score > best:
            best, best_assign = score, assign
    return best_assign


def _relation_precision(
    gold: GoldGraph, cand: Mapping[str, list[Node]], view: _View, rules: Matching
) -> tuple[int, int, list[str]]:
    """Predicted edges between gold entities, those right, and the wrong ones as text."""
    gold_of: dict[Node, set[str]] = defaultdict(set)
    for eid, nodes in cand.items():
        for n in nodes:
            gold_of[n].add(eid)
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in gold.relations:
        if r.literal:
            continue
        for kind, tail in itertools.product(r.kinds, r.tails):
            pairs[kind].add((r.head, tail))
            if kind in rules.either_direction or r.inverse:
                pairs[kind].add((tail, r.head))
    predicted = correct = 0
    wrong: list[str] = []
    for kind, edges in view.edges.items():
        for s, o in edges:
            if isinstance(o, Literal) or s not in gold_of or o not in gold_of:
                continue
            right = any(
                (h, t) in pairs[kind] for h, t in itertools.product(gold_of[s], gold_of[o])
            )
            types = {gold.entities[i].type for i in gold_of[s] | gold_of[o]}
            if not right and any(types <= group for group in rules.unstated_ok.get(kind, ())):
                continue
            predicted += 1
            correct += right
            if not right:
                wrong.append(f"{sorted(view.labels[s])[0]} -{kind}-> {sorted(view.labels[o])[0]}")
    return predicted, correct, wrong


# -- folders --------------------------------------------------------------------


def gold_articles(data: Path, only: Iterable[str] = ()) -> Iterator[tuple[str, Path, Path]]:
    """``(NN, NN.txt, NN_gold.json)`` of a folder like ``real_dev``, in order.

    Raises
    ------
    kg.errors.InputError
        When the folder has no ``NN.txt`` with its ``NN_gold.json``.
    """
    wanted = set(only)
    pages = sorted(data.glob("[0-9][0-9].txt")) if data.is_dir() else []
    if not any((data / f"{p.stem}_gold.json").is_file() for p in pages):
        raise InputError(str(data), "no NN.txt pages with NN_gold.json gold files")
    for page in pages:
        gold = data / f"{page.stem}_gold.json"
        if gold.is_file() and (not wanted or page.stem in wanted):
            yield page.stem, page, gold


def build_page(page: Path, out: Path) -> Path:
    """Build one page on its own with the build pipeline, as ``kg build PAGE_DIR --no-html``.

    The page is copied into ``out/NN-in/`` first and built into ``out/NN/``,
    which is returned.
    """
    from kg.config import load_config
    from kg.pipeline import build

    src, dst = out / f"{page.stem}-in", out / page.stem
    src.mkdir(parents=True, exist_ok=True)
    (src / page.name).write_bytes(page.read_bytes())
    build([src], dst, load_config(None), progress=False, html=False)
    return dst


def grade_build(build: Path, gold: Path, ontology: Path | None = None) -> ArticleGrade:
    """Grade a build folder (or graph file) against a gold JSON file."""
    gold_graph = read_gold_graph(gold)
    return grade(load_build_graph(build, ontology), gold_graph)
