"""Same name, same person?  Person mentions clustered by posts, places and pages.

Each person mention carries what identifies its bearer: the organisations of
its posts and employers (``orgs``), the places it lives in (``places``), its
page (``doc``) and the organisations and specific places its article names
(``context``).  The rules (data in ``kg/data/resolve/persons.yaml``):

* **Conflict splits.**  Two mentions of one name whose organisations (or
  places) are incompatible are two people, on one page or across pages:
  compatible means sharing one, or one name containing the other
  (某某区委 / 某某区委宣传部); a side with none is compatible with anything.
* **Within a page**, mentions that do not conflict are one person.
* **Across pages**, mentions are one person only with evidence: a shared post
  organisation (or its unit), or an organisation, a specific place or another
  person that both articles name (``context``; people count because without
  them the same public figure, named on many pages with no post, would be as
  many nodes).  Without it they stay apart.

Mentions with posts are clustered first, in reading order; a bare mention
(张三说) then joins the nearest cluster of its name in the same article (the
last one before it, else the first after it), else the only cluster of its
page, else one that shares evidence with its article, else a cluster of its
own.  Every assignment has a score and a reason (an ``IdentityDecision``).

Keys: a name with one cluster gets ``Person:〈name〉``; when a name splits,
each cluster with posts gets ``Person:〈name〉#〈its main organisation〉``, one
cluster without posts keeps ``Person:〈name〉`` (so byline credits, which the
graph keys by name, land on a post-less node) and any other post-less cluster
gets ``Person:〈name〉@〈its first article〉``.

Examples
--------
>>> c = PersonClusterer()
>>> a = c.add_with_posts("张三", "art1", 10, {"Organization:甲区委"}, doc="d1")
>>> b = c.add_with_posts("张三", "art2", 5, {"Organization:甲区工商联"}, doc="d1")
>>> d = c.add_bare("张三", "art2", 50, doc="d1")
>>> keys = c.keys({"Organization:甲区委": "甲区委", "Organization:甲区工商联": "甲区工商联"})
>>> keys[a], keys[b], keys[d]
('Person:张三#甲区委', 'Person:张三#甲区工商联', 'Person:张三#甲区工商联')
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field
from functools import cache

from kg.errors import KGError
from kg.graph.iris import person_key_for_name
from kg.resources import load_yaml

__all__ = [
    "Assignment",
    "PersonCluster",
    "PersonClusterer",
    "PersonEvidence",
    "orgs_compatible",
    "person_evidence",
]


def orgs_compatible(a: Set[str], b: Set[str]) -> bool:
    """Do two sets of organisation (or place) keys describe one person's posts?"""
    if not a or not b:
        return True
    return bool(_shared(a, b))


def _shared(a: Set[str], b: Set[str]) -> list[str]:
    """Keys of ``a`` that ``b`` shares, or that contain / extend one of ``b``'s."""
    return sorted(x for x in a if x in b or any(x.startswith(y) or y.startswith(x) for y in b))


def _evidence(cluster: PersonCluster, context: Set[str]) -> list[str]:
    """What an article (its ``context``) shares with a person of another page:
    one of its post organisations (or their units), or an organisation, a
    specific place or another person that both pages name."""
    own = person_key_for_name(cluster.name)
    named = set().union(*(seen & context for seen in cluster.contexts.values()))
    return sorted(set(_shared(cluster.orgs, context)) | named - {own})


@dataclass(frozen=True)
class PersonEvidence:
    """The rules of ``persons.yaml``."""

    max_gap: int
    title_endings: frozenset[str]
    place_endings: tuple[str, ...]

    def specific_place(self, label: str) -> bool:
        """Is a place specific enough that two pages naming it share evidence?"""
        return label.endswith(self.place_endings)

    def appositive_gap(self, gap: str) -> bool:
        """Can ``gap`` be the title between an employer and a name (主任医师)?"""
        return (
            0 < len(gap) <= self.max_gap
            and all("\u4e00" <= ch <= "\u9fff" for ch in gap)
            and gap[-1] in self.title_endings
        )


@cache
def person_evidence() -> PersonEvidence:
    """The process-wide rules from ``kg/data/resolve/persons.yaml``."""
    data = load_yaml("resolve", "persons.yaml")
    try:
        appositive = data["appositive"]
        return PersonEvidence(
            max_gap=int(appositive["max_gap"]),
            title_endings=frozenset(str(appositive["title_endings"])),
            place_endings=tuple(str(p) for p in data["evidence_place_endings"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KGError(f"kg/data/resolve/persons.yaml: missing or bad entry: {exc}") from None


@dataclass
class PersonCluster:
    """One person: a name, the organisations of its posts, its mentions."""

    name: str
    index: int
    orgs: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    #: How many of the cluster's mentions hold a post in each organisation.
    org_counts: Counter[str] = field(default_factory=Counter)
    #: ``(article_id, position)`` of member mentions.
    members: list[tuple[str, int]] = field(default_factory=list)
    #: The same positions per article, sorted: the nearest member is a
    #: bisection, not a scan (a huge article names one person hundreds of times).
    positions: dict[str, list[int]] = field(default_factory=dict)
    #: Pages (documents) the cluster's mentions are on.
    docs: set[str] = field(default_factory=set)
    #: Per article of the cluster's mentions, the organisations, specific
    #: places and people it names: the article's own set, shared with every
    #: cluster of that article rather than copied into each, so memory grows
    #: with the mentions, not with clusters times article size (one huge
    #: article names thousands of people and thousands of bodies).
    contexts: dict[str, Set[str]] = field(default_factory=dict)

    def conflicts(self, orgs: Set[str], places: Set[str]) -> bool:
        """Would posts in ``orgs`` or homes in ``places`` contradict this person?"""
        return not (orgs_compatible(self.orgs, orgs) and orgs_compatible(self.places, places))

    def shared(self, orgs: Set[str], places: Set[str]) -> list[str]:
        """Posts or homes this person shares with ``orgs`` / ``places``."""
        return _shared(self.orgs, orgs) + _shared(self.places, places)


@dataclass
class Assignment:
    """Where one mention went, with the decision's score and reason."""

    cluster: PersonCluster
    score: float
    reason: str


class PersonClusterer:
    """Incremental clustering; call ``add_with_posts`` for all first, then ``add_bare``."""

    def __init__(self) -> None:
        self.clusters: dict[str, list[PersonCluster]] = {}
        self.assignments: list[Assignment] = []

    def _new(self, name: str) -> PersonCluster:
        group = self.clusters.setdefault(name, [])
        cluster = PersonCluster(name, len(group))
        group.append(cluster)
        return cluster

    def _join(
        self, cluster: PersonCluster, article: str, position: int, doc: str,
        context: Set[str], assignment: Assignment,
    ) -> int:
        cluster.members.append((article, position))
        bisect.insort(cluster.positions.setdefault(article, []), position)
        cluster.docs.add(doc)
        cluster.contexts.setdefault(article, context)
        self.assignments.append(assignment)
        return len(self.assignments) - 1

    def add_with_posts(
        self,
        name: str,
        article: str,
        position: int,
        orgs: Set[str],
        *,
        places: Set[str] = frozenset(),
        doc: str | None = None,
        context: Set[str] = frozenset(),
    ) -> int:
        """Place a mention that carries posts (organisation keys) or homes (place keys).

        ``doc`` is the mention's page (default: its article); ``context`` the
        organisations and specific places its article names.  Returns a handle.
        """
        page = doc if doc is not None else article
        group = self.clusters.get(name, [])
        fitting = [c for c in group if not c.conflicts(orgs, places)]
        sharing = [c for c in fitting if c.shared(orgs, places)]
        on_page = [c for c in fitting if page in c.docs]
        in_context = [c for c in fitting if _evidence(c, context)]
        if sharing:
            cluster = sharing[0]
            shared = cluster.shared(orgs, places)
            assignment = Assignment(cluster, 0.9, f"same name and compatible posts ({shared[0]})")
        elif on_page:
            cluster = on_page[0]
            assignment = Assignment(
                cluster, 0.85, "same name on the same page, posts that do not conflict"
            )
        elif in_context:
            cluster = in_context[0]
            assignment = Assignment(
                cluster, 0.7, "same name on another page, posts that do not conflict, shared "
                + ", ".join(_evidence(cluster, context)[:3]),
            )
        else:
            cluster = self._new(name)
            conflicting = [c for c in group if c.conflicts(orgs, places)]
            if conflicting:
                reason = "same name as another person but incompatible posts: " + "; ".join(
                    "/".join(sorted(c.orgs | c.places)) for c in conflicting
                ) + " vs " + "/".join(sorted(set(orgs) | set(places)))
                assignment = Assignment(cluster, 0.8, reason)
            elif group:
                assignment = Assignment(
                    cluster, 0.6,
                    f"same name as {len(group)} person(s) on other pages, but no shared post, "
                    "organisation or place",
                )
            else:
                assignment = Assignment(cluster, 1.0, "first mention with posts")
        cluster.orgs |= orgs
        cluster.places |= places
        cluster.org_counts.update(orgs)
        return self._join(cluster, article, position, page, context, assignment)

    def add_bare(
        self,
        name: str,
        article: str,
        position: int,
        *,
        doc: str | None = None,
        context: Set[str] = frozenset(),
    ) -> int:
        """Place a mention without posts: the nearest cluster in the article, else
        the page's only one, else one sharing evidence with the article."""
        page = doc if doc is not None else article
        group = self.clusters.get(name, [])
        before: list[tuple[int, PersonCluster]] = []
        after: list[tuple[int, PersonCluster]] = []
        for c in group:
            # Each cluster's nearest member on either side; the first cluster wins ties.
            seen = c.positions.get(article, [])
            i, j = bisect.bisect_left(seen, position), bisect.bisect_right(seen, position)
            if i > 0:
                before.append((seen[i - 1], c))
            if j < len(seen):
                after.append((seen[j], c))
        on_page = [c for c in group if page in c.docs]
        evidence = [(c, _evidence(c, context)) for c in group if c not in on_page]
        evidence = [(c, shared) for c, shared in evidence if shared]
        if before:
            cluster = max(before, key=lambda pc: pc[0])[1]
            assignment = Assignment(cluster, 0.85, "nearest earlier mention in the article")
        elif after:
            cluster = min(after, key=lambda pc: pc[0])[1]
            assignment = Assignment(cluster, 0.75, "nearest later mention in the article")
        elif len(on_page) == 1:
            cluster = on_page[0]
            assignment = Assignment(cluster, 0.8, "the only person of this name on the page")
        elif on_page:
            # several namesakes on the page: the one the article names the posts of
            fits = [c for c in on_page if _shared(c.orgs, context)]
            plain = [c for c in on_page if not c.orgs]
            if fits:
                cluster = fits[0]
                assignment = Assignment(
                    cluster, 0.6, f"{len(on_page)} people of this name on the page; the "
                    f"article names {_shared(cluster.orgs, context)[0]}",
                )
            else:  # ambiguous: kept apart from the namesakes with posts
                cluster = plain[0] if plain else self._new(name)
                assignment = Assignment(
                    cluster, 0.5, f"{len(on_page)} people of this name on the page, none of "
                    "their posts named in this article",
                )
        elif evidence:
            # the most shared evidence wins; ties go to the earlier cluster
            cluster, shared = max(evidence, key=lambda ce: (len(ce[1]), -ce[0].index))
            assignment = Assignment(
                cluster, 0.7, f"same name on another page, shared {', '.join(shared[:3])}"
            )
        else:
            cluster = self._new(name)
            why = (
                f"same name as {len(group)} person(s) on other pages, but no shared post, "
                "organisation or place"
                if group else "first mention of the name"
            )
            assignment = Assignment(cluster, 0.6 if group else 1.0, why)
        return self._join(cluster, article, position, page, context, assignment)

    def keys(self, org_labels: dict[str, str]) -> dict[int, str]:
        """Entity key per handle; ``org_labels`` names organisations in keys.

        Keys depend on the clusters, not on the order the build read them in.
        """
        cluster_key: dict[int, str] = {}
        for name, group in self.clusters.items():
            base = person_key_for_name(name)
            if len(group) == 1:
                cluster_key[id(group[0])] = base
                continue
            plain = sorted((c for c in group if not c.orgs),
                           key=lambda c: min(art for art, _ in c.members))
            for c in group:
                if c.orgs:
                    # the organisation most of the person's posts are in (ties by
                    # label), so the key does not depend on reading order
                    labels = {o: org_labels.get(o, o) for o in c.org_counts}
                    main = min(c.org_counts, key=lambda o: (-c.org_counts[o], labels[o]))
                    cluster_key[id(c)] = f"{base}#{labels[main]}"
                elif c is plain[0]:
                    cluster_key[id(c)] = base
                else:
                    cluster_key[id(c)] = f"{base}@{min(art for art, _ in c.members)}"
            # two clusters with one main organisation (posts in its units that
            # conflict elsewhere), or two post-less ones in one article: told
            # apart by their first article, then by their rank
            taken: set[str] = set()
            for c in sorted(group, key=lambda c: (min(art for art, _ in c.members), c.index)):
                key = cluster_key[id(c)]
                if key in taken:
                    key = f"{key}@{min(art for art, _ in c.members)}"
                if key in taken:
                    key = f"{key}-{c.index}"
                taken.add(key)
                cluster_key[id(c)] = key
        return {
            handle: cluster_key[id(assignment.cluster)]
            for handle, assignment in enumerate(self.assignments)
        }
