"""Same name, same person?  Person mentions clustered by their posts.

Two mentions of one name are one person only when their posts are
compatible: they share an organisation, or one organisation's name contains
the other's (某某区委 / 某某区委宣传部).  Mentions with posts are clustered
first, in reading order; a bare mention (张三说) then joins the nearest
cluster of that name in the same article (the last one before it, else the
first after it); with none in the article it joins the only cluster of the
build, or else a cluster of its own.

Keys: a name with one cluster gets ``Person:〈name〉``; when a name splits,
each cluster with posts gets ``Person:〈name〉#〈its main organisation〉`` and a
cluster without posts keeps ``Person:〈name〉`` (so byline credits, which the
graph keys by name, still land on a post-less node).

Examples
--------
>>> c = PersonClusterer()
>>> a = c.add_with_posts("张三", "art1", 10, {"Organization:甲区委"})
>>> b = c.add_with_posts("张三", "art2", 5, {"Organization:甲区工商联"})
>>> d = c.add_bare("张三", "art2", 50)
>>> keys = c.keys({"Organization:甲区委": "甲区委", "Organization:甲区工商联": "甲区工商联"})
>>> keys[a], keys[b], keys[d]
('Person:张三#甲区委', 'Person:张三#甲区工商联', 'Person:张三#甲区工商联')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.graph.iris import person_key_for_name

__all__ = ["PersonCluster", "PersonClusterer", "orgs_compatible"]


def orgs_compatible(a: set[str], b: set[str]) -> bool:
    """Do two sets of organisation keys describe posts one person could hold?"""
    if not a or not b:
        return True
    if a & b:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


@dataclass
class PersonCluster:
    """One person: a name, the organisations of its posts, its mentions."""

    name: str
    index: int
    orgs: set[str] = field(default_factory=set)
    #: How many of the cluster's mentions hold a post in each organisation.
    org_counts: Counter[str] = field(default_factory=Counter)
    #: ``(article_id, position)`` of member mentions.
    members: list[tuple[str, int]] = field(default_factory=list)


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

    def add_with_posts(self, name: str, article: str, position: int, orgs: set[str]) -> int:
        """Place a mention that carries posts (organisation keys); returns its handle."""
        for cluster in self.clusters.get(name, []):
            if cluster.orgs and orgs_compatible(cluster.orgs, orgs):
                shared = sorted(cluster.orgs & orgs) or sorted(cluster.orgs)
                assignment = Assignment(
                    cluster, 0.9, f"same name and compatible posts ({shared[0]})"
                )
                break
        else:
            cluster = self._new(name)
            others = [c for c in self.clusters[name] if c is not cluster]
            if others:
                reason = "same name as another person but incompatible posts: " + "; ".join(
                    "/".join(sorted(c.orgs)) for c in others
                ) + " vs " + "/".join(sorted(orgs))
                assignment = Assignment(cluster, 0.8, reason)
            else:
                assignment = Assignment(cluster, 1.0, "first mention with posts")
        cluster.orgs |= orgs
        cluster.org_counts.update(orgs)
        cluster.members.append((article, position))
        self.assignments.append(assignment)
        return len(self.assignments) - 1

    def add_bare(self, name: str, article: str, position: int) -> int:
        """Place a mention without posts: nearest cluster in the article, else the build's."""
        group = self.clusters.get(name, [])
        before = [
            (pos, c) for c in group for art, pos in c.members if art == article and pos < position
        ]
        after = [
            (pos, c) for c in group for art, pos in c.members if art == article and pos > position
        ]
        if before:
            cluster = max(before, key=lambda pc: pc[0])[1]
            assignment = Assignment(cluster, 0.85, "nearest earlier mention in the article")
        elif after:
            cluster = min(after, key=lambda pc: pc[0])[1]
            assignment = Assignment(cluster, 0.75, "nearest later mention in the article")
        elif len(group) == 1:
            cluster = group[0]
            assignment = Assignment(cluster, 0.7, "the only person of this name in the build")
        else:
            plain = [c for c in group if not c.orgs]
            cluster = plain[0] if plain else self._new(name)
            why = (
                f"{len(group)} people of this name in the build, none in this article"
                if group else "first mention of the name"
            )
            assignment = Assignment(cluster, 0.5 if group else 1.0, why)
        cluster.members.append((article, position))
        self.assignments.append(assignment)
        return len(self.assignments) - 1

    def keys(self, org_labels: dict[str, str]) -> dict[int, str]:
        """Entity key per handle; ``org_labels`` names organisations in keys."""
        key_of: dict[int, str] = {}
        cluster_key: dict[int, str] = {}
        for name, group in self.clusters.items():
            for c in group:
                if len(group) == 1 or not c.orgs:
                    key = person_key_for_name(name)
                else:
                    # the organisation most of the person's posts are in (ties by
                    # label), so the key does not depend on reading order
                    labels = {o: org_labels.get(o, o) for o in c.org_counts}
                    main = min(c.org_counts, key=lambda o: (-c.org_counts[o], labels[o]))
                    key = f"{person_key_for_name(name)}#{labels[main]}"
                cluster_key[id(c)] = key
        for handle, assignment in enumerate(self.assignments):
            key_of[handle] = cluster_key[id(assignment.cluster)]
        return key_of
