"""A tiny news graph in kg's data model, for examples, tests and the query library.

It is produced by the real graph builder (:func:`kg.graph.build.build_quads`)
from two hand-written articles, so it always follows the current data model.

Examples
--------
>>> quads = sample_quads()
>>> len({q[3] for q in quads})  # two documents plus the entities graph
3
"""

from __future__ import annotations

from kg.config import BuildConfig
from kg.store import Quad
from kg.types import (
    Article,
    ArticleAnalysis,
    Document,
    DocumentAnalysis,
    Entity,
    Evidence,
    Fact,
    IdentityDecision,
    Resolution,
    Sentence,
    SentenceAnalysis,
)

__all__ = ["sample_quads", "HOSTILE_NAME", "SAMPLE_TEXTS"]

#: A person whose name tries SPARQL injection; it must be matched literally.
HOSTILE_NAME = "O'Neil \"} UNION { ?s ?p ?o } #"

SAMPLE_TEXTS: dict[str, tuple[str, list[str]]] = {
    "a1": (
        "住建局召开会议",
        ["东湖区隶属洛阳市。", "张三任洛阳市住建局局长。", "张三获评劳动模范。"],
    ),
    "a2": (
        "河南大学与华星集团签约",
        [
            "河南大学与华星集团签署合作协议。",
            "华星集团投资建设东湖区智慧城市项目。",
            f"{HOSTILE_NAME}任华星集团董事长。",
        ],
    ),
}


def _analysis(doc_id: str, article_id: str) -> DocumentAnalysis:
    headline, sentences = SAMPLE_TEXTS[article_id]
    text = "".join(sentences)
    article = Article(article_id, doc_id, f"{doc_id}.txt", 0, headline, text)
    analysed, start = [], 0
    for index, sentence in enumerate(sentences):
        end = start + len(sentence)
        analysed.append(SentenceAnalysis(Sentence(article_id, index, start, end, sentence)))
        start = end
    document = Document(doc_id, f"{doc_id}.txt", f"hash-{doc_id}", [article])
    return DocumentAnalysis(document, [ArticleAnalysis(article, analysed)])


def _evidence(article_id: str, index: int, method: str, score: float) -> Evidence:
    sentences = SAMPLE_TEXTS[article_id][1]
    start = sum(len(s) for s in sentences[:index])
    return Evidence(article_id, index, start, start + len(sentences[index]), method, score)


def sample_quads(config: BuildConfig | None = None) -> list[Quad]:
    """Quads of the sample graph (two documents, eight entities, seven kinds of fact)."""
    from kg.graph.build import build_quads

    entities = [
        Entity("Person:张三", "Person", "张三", {"张局长"}),
        Entity(f"Person:{HOSTILE_NAME}", "Person", HOSTILE_NAME),
        Entity("GovernmentOrganization:洛阳市住建局", "GovernmentOrganization", "洛阳市住建局"),
        Entity("University:河南大学", "University", "河南大学", {"河大"}),
        Entity("Company:华星集团", "Company", "华星集团", {"华星控股集团"}),
        Entity("Project:智慧城市项目", "Project", "智慧城市项目"),
        Entity("Place:东湖区", "Place", "东湖区"),
        Entity("Place:洛阳市", "Place", "洛阳市", {"鹰城"}),
    ]
    facts = [
        Fact(
            "Place:东湖区",
            "containedInPlace",
            "Place:洛阳市",
            evidence=_evidence("a1", 0, "pattern:contained", 0.8),
        ),
        Fact(
            "Person:张三",
            "worksFor",
            "GovernmentOrganization:洛阳市住建局",
            role="局长",
            evidence=_evidence("a1", 1, "pattern:post", 0.95),
        ),
        Fact(
            "Person:张三",
            "award",
            "劳动模范",
            object_is_literal=True,
            evidence=_evidence("a1", 2, "pattern:award", 0.7),
        ),
        Fact(
            "University:河南大学",
            "cooperatesWith",
            "Company:华星集团",
            evidence=_evidence("a2", 0, "pattern:cooperation", 0.9),
        ),
        Fact(
            "Company:华星集团",
            "investsIn",
            "Project:智慧城市项目",
            evidence=_evidence("a2", 1, "pattern:invest", 0.85),
        ),
        Fact(
            "Company:华星集团",
            "develops",
            "Project:智慧城市项目",
            evidence=_evidence("a2", 1, "pattern:develop", 0.6),
        ),
        Fact(
            "Project:智慧城市项目",
            "locatedIn",
            "Place:东湖区",
            evidence=_evidence("a2", 1, "pattern:located", 0.8),
        ),
        Fact(
            f"Person:{HOSTILE_NAME}",
            "worksFor",
            "Company:华星集团",
            role="董事长",
            evidence=_evidence("a2", 2, "pattern:post", 0.9),
        ),
    ]
    resolution = Resolution(
        entities={e.key: e for e in entities},
        facts=facts,
        decisions=[IdentityDecision("Person:张三", "张局长", "a1", 0.9, "title alias")],
    )
    analyses = [_analysis("doc1", "a1"), _analysis("doc2", "a2")]
    return list(build_quads(analyses, resolution, config or BuildConfig()))
