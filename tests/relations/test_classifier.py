"""The learned relation classifier: features, model file, shipped model, wiring."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from kg.errors import KGError
from kg.extract.relations import RELATION_EXTRACTORS, RelationPipeline
from kg.extract.relations.classifier import (
    FEATURE_VERSION,
    MAX_GAP,
    NONE,
    RelationClassifier,
    RelationModel,
    candidate_pairs,
    label_allowed,
    pair_features,
    segment_tokens,
    spec,
)
from kg.types import Mention, Sentence


def _m(text: str, name: str, etype: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(start, start + len(name), etype, name)


def _sentence(text: str) -> Sentence:
    return Sentence("t", 0, 0, len(text), text)


# -- features ---------------------------------------------------------------


def test_features_read_types_order_trigger_and_words_between() -> None:
    text = "青禾科技有限公司创始人周明远今天表示"
    com, per = _m(text, "青禾科技有限公司", "Company"), _m(text, "周明远", "Person")
    f = pair_features(text, segment_tokens(text), com, per, [com, per], spec())
    assert "tp=COM>PER" in f
    assert "trig=found" in f and "trigin=found|COM>PER" in f
    assert "bw=创始人" in f and "bwt=创始人|COM>PER" in f
    assert "nin=0" in f and "gap=3-4" in f
    assert not any(x.startswith("adj|") for x in f)


def test_features_see_intervening_mentions_and_adjacency() -> None:
    text = "周明远、李春华和青禾大学签约"
    a, b, c = (_m(text, "周明远", "Person"), _m(text, "李春华", "Person"),
               _m(text, "青禾大学", "University"))
    f = pair_features(text, segment_tokens(text), a, c, [a, b, c], spec())
    assert "tp=PER>UNI" in f and "nin=1" in f and "in=PER" in f
    text2 = "青禾大学周明远"
    u, p = _m(text2, "青禾大学", "University"), _m(text2, "周明远", "Person")
    assert "adj|UNI>PER" in pair_features(text2, segment_tokens(text2), u, p, [u, p], spec())


def test_features_mark_post_titles_after_the_pair() -> None:
    text = "周明远担任青禾集团董事长"
    p, o = _m(text, "周明远", "Person"), _m(text, "青禾集团", "Company")
    f = pair_features(text, segment_tokens(text), p, o, [p, o], spec())
    assert "trigpost=title|PER>COM" in f
    assert "trig=work" in f  # 担任


def test_candidate_pairs_keep_typed_names_within_reach() -> None:
    text = "周明远在青禾市" + "的" * (MAX_GAP + 1) + "青禾集团"
    per, place, org = (_m(text, "周明远", "Person"), _m(text, "青禾市", "Place"),
                       _m(text, "青禾集团", "Company"))
    anaphor = Mention(0, 0, "Place", "", kind="anaphor")
    pairs = candidate_pairs([per, place, org, anaphor], spec())
    # person-place: no relation of the classifier joins them; place-company: too far
    assert pairs == []
    near = "青禾集团周明远"
    a, b = _m(near, "青禾集团", "Company"), _m(near, "周明远", "Person")
    assert candidate_pairs([b, a], spec()) == [(a, b)]


def test_label_direction_follows_types() -> None:
    s = spec()
    assert label_allowed("worksFor>", "PER", "COM", s)
    assert not label_allowed("worksFor>", "COM", "PER", s)
    assert label_allowed("worksFor<", "COM", "PER", s)
    assert label_allowed("spouse=", "PER", "PER", s)
    assert label_allowed(NONE, "LOC", "LOC", s)


# -- the model file -----------------------------------------------------------


def _toy_model(threshold: float = 0.6) -> RelationModel:
    rng = np.random.default_rng(7)
    vocab = ["tp=PER>COM", "bw=创始人", "bwt=毕业于|PER>UNI", "x"]
    labels = [NONE, "worksFor>", "worksFor<", "spouse="]
    weights = rng.normal(size=(len(vocab) + 1, len(labels))).astype(np.float32)
    return RelationModel(vocab, weights, labels, threshold, {"note": "玩具"})


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = _toy_model()
    path = tmp_path / "m.npz"
    model.save(path)
    back = RelationModel.load(path)
    assert back.vocab == model.vocab and back.labels == model.labels
    assert back.threshold == pytest.approx(0.6) and back.meta == {"note": "玩具"}
    rows = [back.indices(["tp=PER>COM", "bw=创始人", "unknown"]), back.indices([])]
    assert rows[0] == [0, 1] and rows[1] == []
    # float16 storage: the same decisions, probabilities within 1e-2
    np.testing.assert_allclose(back.probabilities(rows), model.probabilities(rows), atol=1e-2)


def test_damaged_model_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(b"this is not a model")
    with pytest.raises(KGError, match=r"bad\.npz: damaged relation model file"):
        RelationModel.load(path)
    good = tmp_path / "good.npz"
    _toy_model().save(good)
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[:200])
    with pytest.raises(KGError, match=r"cut\.npz: damaged"):
        RelationModel.load(cut)
    with pytest.raises(KGError, match="not found"):
        RelationModel.load(tmp_path / "missing.npz")


def test_stale_model_file_asks_for_retraining(tmp_path: Path) -> None:
    good = tmp_path / "good.npz"
    _toy_model().save(good)
    stale = tmp_path / "stale.npz"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(stale, "w") as zout:
        for item in zin.namelist():
            data = zin.read(item)
            if item == "feature_version.npy":
                buf = Path(tmp_path / "fv.npy")
                np.save(buf, np.array(FEATURE_VERSION + 1))
                data = buf.read_bytes()
            zout.writestr(item, data)
    with pytest.raises(KGError, match=r"stale\.npz: .*retrain"):
        RelationModel.load(stale)


# -- the shipped model ---------------------------------------------------------


@pytest.fixture(scope="module")
def classifier() -> RelationClassifier:
    return RelationClassifier()


def _predict(
    clf: RelationClassifier, text: str, mentions: list[Mention]
) -> set[tuple[str, str, str]]:
    return {
        (c.head.text, c.relation, c.tail.text if c.tail else "")
        for c in clf.extract(_sentence(text), mentions)
    }


def test_shipped_model_finds_a_graduate(classifier: RelationClassifier) -> None:
    text = "周明远毕业于青禾大学物理系，后来回到家乡工作。"
    ms = [_m(text, "周明远", "Person"), _m(text, "青禾大学", "University")]
    assert ("周明远", "alumniOf", "青禾大学") in _predict(classifier, text, ms)


def test_shipped_model_finds_a_founder(classifier: RelationClassifier) -> None:
    text = "青禾科技有限公司创始人周明远表示，公司将继续扩大产能。"
    ms = [_m(text, "青禾科技有限公司", "Company"), _m(text, "周明远", "Person")]
    assert ("青禾科技有限公司", "founder", "周明远") in _predict(classifier, text, ms)


def test_shipped_model_finds_a_coach_and_club(classifier: RelationClassifier) -> None:
    text = "赛后，青禾足球俱乐部主教练周明远接受了记者采访。"
    ms = [_m(text, "青禾足球俱乐部", "Organization"), _m(text, "周明远", "Person")]
    assert ("周明远", "memberOf", "青禾足球俱乐部") in _predict(classifier, text, ms)


def test_shipped_model_finds_a_spouse(classifier: RelationClassifier) -> None:
    text = "周明远的妻子李春华也是一名演员。"
    ms = [_m(text, "周明远", "Person"), _m(text, "李春华", "Person")]
    found = _predict(classifier, text, ms)
    assert found & {("周明远", "spouse", "李春华"), ("李春华", "spouse", "周明远")}


def test_shipped_model_stays_quiet_on_unrelated_names(classifier: RelationClassifier) -> None:
    text = "周明远说，今年的天气比往年更热，李春华则认为雨水偏多。"
    ms = [_m(text, "周明远", "Person"), _m(text, "李春华", "Person")]
    assert _predict(classifier, text, ms) == set()


# -- wiring -------------------------------------------------------------------


def test_registered_beside_patterns() -> None:
    assert {"patterns", "classifier"} <= set(RELATION_EXTRACTORS.names())
    assert isinstance(RELATION_EXTRACTORS.create("classifier"), RelationClassifier)


def test_patterns_first_one_edge_per_pair() -> None:
    text = "青禾大学校长周明远出席了会议"
    ms = [_m(text, "青禾大学", "University"), _m(text, "周明远", "Person")]
    both = RelationPipeline(["patterns", "classifier"]).extract(_sentence(text), ms)
    pairs = [(c.head.text, c.tail.text) for c in both if c.tail is not None]
    assert pairs == [("周明远", "青禾大学")]
    assert not both[0].rule.startswith("classifier")
    alone = RelationClassifier().extract(_sentence(text), ms)
    for c in alone:
        assert c.rule == f"classifier.{c.relation}" and 0.0 < c.score <= 1.0


def test_cue_gate_keeps_listed_names_apart_whatever_the_threshold() -> None:
    text = "周明远、李春华、王海涛出席了活动。"
    ms = [_m(text, n, "Person") for n in ("周明远", "李春华", "王海涛")]
    assert _predict(RelationClassifier(threshold=0.0), text, ms) == set()
    # with the cue the same model may speak
    s = spec()
    assert s.relations["spouse"].cued(["tp=PER>PER", "trig=spouse"])
    assert not s.relations["spouse"].cued(["tp=PER>PER", "trig=parent"])


def test_no_post_across_another_person() -> None:
    text = "周明远任青禾大学校长、李春华任蓝湾大学校长。"
    ms = [_m(text, "周明远", "Person"), _m(text, "青禾大学", "University"),
          _m(text, "李春华", "Person"), _m(text, "蓝湾大学", "University")]
    found = _predict(RelationClassifier(threshold=0.0), text, ms)
    assert ("周明远", "worksFor", "蓝湾大学") not in found
    works = spec().relations["worksFor"]
    assert works.cued(["tp=PER>UNI", "trig=work"])
    assert not works.cued(["tp=PER>UNI", "trig=work", "in=PER"])
    assert spec().relations["owns"].cued(["tp=COM>COM", "trig=own", "in=PER"])
