"""IRIs: deterministic, key-sensitive, readable and legal."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from kg.graph.iris import (
    article_iri,
    class_slug,
    entity_iri,
    graph_iri,
    iri_segment,
    mention_iri,
    person_key_for_name,
    sentence_iri,
    type_from_key,
)
from kg.types import Entity

BASE = "https://test.example/id/"
# Characters RFC 3987 forbids anywhere in an IRI, plus those that would
# change the path structure of a segment.
ILLEGAL = set(' <>"{}|\\^`\n\t/?#[]')


def test_entity_iri_is_deterministic_across_calls() -> None:
    e = Entity("GovernmentOrganization:卫东区委", "GovernmentOrganization", "卫东区委")
    assert entity_iri(e, BASE) == entity_iri(e, BASE)
    assert entity_iri(e, BASE) == entity_iri(
        Entity(e.key, e.type, e.label, {"区委"}), BASE
    )  # alt labels do not change identity


def test_entity_iri_is_deterministic_across_processes() -> None:
    # Python's hash() is salted per process; the IRI must not depend on it.
    code = (
        "from kg.graph.iris import entity_iri; from kg.types import Entity; "
        f"print(entity_iri(Entity('Person:张伟#2', 'Person', '张伟'), {BASE!r}))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outputs == {str(entity_iri(Entity("Person:张伟#2", "Person", "张伟"), BASE))}


def test_entity_iri_is_sensitive_to_the_key() -> None:
    one = Entity("Person:张伟#1", "Person", "张伟")
    two = Entity("Person:张伟#2", "Person", "张伟")
    assert entity_iri(one, BASE) != entity_iri(two, BASE)


def test_entity_iri_shape() -> None:
    iri = str(entity_iri(Entity("Company:恒冠卓", "Company", "恒冠卓 科技"), BASE))
    assert iri.startswith(BASE + "company/恒冠卓%20科技-")
    assert len(iri.rsplit("-", 1)[1]) == 8


def test_long_labels_are_cut() -> None:
    label = "很长的名字" * 30
    iri = str(entity_iri(Entity("Project:x", "Project", label), BASE))
    assert len(iri) < len(BASE) + 80


def test_structural_iris() -> None:
    assert str(article_iri("doc 1/0", BASE)) == BASE + "article/doc%201%2F0"
    assert str(sentence_iri("a", 3, BASE)) == BASE + "article/a/s3"
    assert str(graph_iri("d1", BASE)) == BASE + "graph/d1"
    m1 = mention_iri("a", 0, 5, "GovernmentOrganization:区委", BASE)
    m2 = mention_iri("a", 0, 5, "GovernmentOrganization:区政府", BASE)
    assert m1 != m2 and str(m1).startswith(BASE + "article/a/m0-5-")


def test_base_without_slash_gets_one() -> None:
    assert str(article_iri("a", "https://x.example/id")) == "https://x.example/id/article/a"


def test_class_slug() -> None:
    assert class_slug("Person") == "person"
    assert class_slug("AdministrativeArea") == "administrative-area"


def test_person_key_for_name() -> None:
    assert person_key_for_name("朱江森") == "Person:朱江森"
    assert person_key_for_name(" 朱 江森\u3000") == "Person:朱江森"
    assert type_from_key(person_key_for_name("朱江森")) == ("Person", "朱江森")


@given(st.text(max_size=40))
def test_iri_segment_is_legal_and_reversible(text: str) -> None:
    segment = iri_segment(text)
    assert not ILLEGAL & set(segment)
    assert all(not ch.isspace() and ord(ch) >= 0x20 for ch in segment)
    assert unquote(segment, errors="strict") == text


def test_iri_segment_keeps_chinese_readable() -> None:
    assert iri_segment("卫东区住建局") == "卫东区住建局"
    assert iri_segment("（本报记者）") == "（本报记者）"
