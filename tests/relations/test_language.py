"""The pattern language: user files, slots, constraints and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract.relations import RELATION_EXTRACTORS, RelationPipeline
from kg.extract.relations.encoding import EncodedSentence
from kg.extract.relations.patterns import PatternExtractor, PatternSet
from kg.types import Mention, Sentence


def _sentence(text: str) -> Sentence:
    return Sentence("t", 0, 0, len(text), text)


def test_registered_under_its_name() -> None:
    assert "patterns" in RELATION_EXTRACTORS.names()
    pipeline = RelationPipeline(["patterns"])
    text = "市发改委主任王建国表示"
    ms = [Mention(0, 4, "GovernmentOrganization", "市发改委", kind="short"),
          Mention(6, 9, "Person", "王建国")]
    assert [c.relation for c in pipeline.extract(_sentence(text), ms)] == ["worksFor"]


def test_user_pattern_file_adds_a_rule(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "patterns:\n"
        "  - name: staff_of\n"
        "    pattern: '{PER:p}是{ORG:o}的(?P<r>员工|会员)'\n"
        "    emit:\n"
        "      - {relation: worksFor, head: p, tail: o, role: r}\n",
        encoding="utf-8",
    )
    text = "刘强是星河公司的员工"
    ms = [Mention(0, 2, "Person", "刘强"), Mention(3, 7, "Company", "星河公司")]
    plain = PatternExtractor().extract(_sentence(text), ms)
    extended = PatternExtractor(paths=[tmp_path]).extract(_sentence(text), ms)
    assert [c.rule for c in plain] == []
    assert [(c.head.text, c.tail.text if c.tail else None, c.role, c.rule) for c in extended] == [
        ("刘强", "星河公司", "员工", "staff_of")
    ]


def test_environment_variable_adds_patterns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rule = tmp_path / "env.yaml"
    rule.write_text(
        "patterns:\n  - name: env_rule\n    pattern: '{PER:p}加盟{ORG:o}'\n"
        "    emit: [{relation: worksFor, head: p, tail: o}]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KG_PATTERNS_PATH", str(rule))
    text = "刘强加盟星河公司"
    ms = [Mention(0, 2, "Person", "刘强"), Mention(4, 8, "Company", "星河公司")]
    assert [c.rule for c in PatternExtractor().extract(_sentence(text), ms)] == ["env_rule"]


@pytest.mark.parametrize(
    "body,message",
    [
        ("patterns:\n  - name: x\n    pattern: '{NOPE:a}'\n    emit: [{relation: r, head: a}]\n",
         "unknown slot"),
        ("patterns:\n  - name: x\n    pattern: '{PER:a}'\n    emit: [{relation: r, head: b}]\n",
         "unknown slot 'b'"),
        ("patterns:\n  - name: x\n    pattern: '{PER:a}('\n    emit: [{relation: r, head: a}]\n",
         "bad regex"),
        ("patterns:\n  - name: x\n    pattern: '{GAP}{PER:a}'\n    emit: [{relation: r, head: a}]\n",
         "needs a length"),
        ("patterns: [\n", "not valid YAML"),
    ],
)
def test_bad_pattern_files_name_the_file(body: str, message: str) -> None:
    with pytest.raises(KGError, match=message) as info:
        PatternSet([("user/bad.yaml", body)])
    assert "user/bad.yaml" in str(info.value)


def test_where_constraint_filters_matches() -> None:
    patterns = PatternSet([(
        "p.yaml",
        "patterns:\n  - name: nest\n    pattern: '{PLACE:o}{PLACE:i}'\n"
        "    where: {o: '街道$', i: '村$'}\n"
        "    emit: [{relation: containedInPlace, head: i, tail: o}]\n",
    )])
    extractor = PatternExtractor()
    extractor.patterns = patterns
    ok = [Mention(0, 4, "Place", "东湖街道"), Mention(4, 7, "Place", "李家村")]
    bad = [Mention(0, 3, "Place", "武汉市"), Mention(3, 7, "Place", "东湖街道")]
    assert len(extractor.extract(_sentence("东湖街道李家村"), ok)) == 1
    assert extractor.extract(_sentence("武汉市东湖街道"), bad) == []


def test_encoding_maps_back_to_sentence_offsets() -> None:
    text = "王五在某某公司上班"
    ms = [Mention(0, 2, "Person", "王五"), Mention(3, 7, "Company", "某某公司"),
          Mention(3, 5, "Place", "某某")]  # overlapping: the longer one is kept
    enc = EncodedSentence.build(text, ms)
    assert len(enc.text) == 5
    assert [m.text for m in enc.mentions_in(0, len(enc.text))] == ["王五", "某某公司"]
    assert enc.literal(1, 4) == "在某某公司上"


def test_fingerprint_changes_with_user_patterns(tmp_path: Path) -> None:
    from kg.extract.relations.patterns import patterns_fingerprint

    rule = tmp_path / "mine.yaml"
    rule.write_text("patterns: []\n", encoding="utf-8")
    before = patterns_fingerprint([rule])
    assert before == patterns_fingerprint([rule])
    rule.write_text("patterns: []\n# edited\n", encoding="utf-8")
    assert patterns_fingerprint([rule]) != before
    assert patterns_fingerprint() != before
