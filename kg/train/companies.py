"""Mine ``kg/data/lexicons/companies.tsv`` from the company names of the training data.

Sources (``../shared/data``, see its README):

* CLUENER2020 ``company`` spans (``ner/cluener_train.jsonl``), except every
  10th record, the held-out slice of ``bench/ner_bench.py``;
* DuIE 2.0 entities typed 企业 or 企业/品牌, and 机构 entities whose name ends
  in a company suffix (``re/duie2_train.jsonl``, ``head_type``/``tail_type``);
* FinRE entity names (``re/finre_train.jsonl.gz``): financial news, whose
  entities are companies (and a few products and people, filtered below).

Filters, so the list holds names, not words:

* 2 to 20 characters, at least two Han characters, no masked number (``<N>``);
* not a place of the gazetteer, not a stoplisted word or position, not
  starting with an anaphor (该公司, 本集团);
* a name without a company suffix (华为, 西门子) must occur at least
  ``--min-count`` times over all sources, must not be one jieba word with a
  common-word tag (苹果 is a fruit, 平安 an adjective), must not be a person
  or place of the NER model's name list, and must not look like a person's
  name of the training data (CLUENER ``name``, DuIE 人物, news_train PER),
  and must be tagged ORG in at least half of its occurrences in the news
  training sentences when it occurs there twice or more (美的, 江淮 are
  phrases there);
  a two-character one needs ``_SHORT_MIN`` occurrences;
* a name with a company suffix needs only a stem of two characters that is
  not a generic word (公司, 母公司 and 子公司 are no names).

Each line is ``name<TAB>count<TAB>flags``; ``flags`` is ``brand`` for a
transliterated foreign name (伊莱克斯, 巴斯夫): every character is a
transliteration character, and jieba does not read the name as a common
word.  Transliteration characters are mined from foreign names (jieba's
dictionary words tagged ``nrt``, and the training data's people's names
written with a middle dot, 迈克尔·乔丹) against native ones (the training
data's two- and three-character names that start with a surname).  Such
names are never people's names.

Run ``python -m kg.train.companies`` to regenerate the file; the output is
deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.extract.entities.companies import COMMON_POS

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_OUT",
    "DEFAULT_WORDS",
    "mine",
    "business_words",
    "transliteration_chars",
    "main",
]

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "companies.tsv"
DEFAULT_WORDS = DEFAULT_OUT.with_name("business_words.tsv")
#: A business word ends the stems of at least this many distinct mined names.
_WORD_MIN = 5

_HAN = re.compile(r"[\u4e00-\u9fff]")
_DOT = "·•"
#: A character is a transliteration character when it occurs in at least this
#: many distinct foreign names (jieba's ``nrt`` words, dotted names) ...
_TRANSLIT_MIN = 20
#: ... and at least this share of the names holding it are foreign.
_TRANSLIT_SHARE = 0.6
#: A name without a company suffix that the news training text holds at least
#: this many times must be tagged ORG in at least this share of them.
_USAGE_MIN = 2
_USAGE_SHARE = 0.5
#: Every this-many-th CLUENER record is bench/ner_bench.py's held-out slice
#: (as in kg.train.ner): never mined.
_HELD_OUT = 10
#: A two-character name without a company suffix needs this many occurrences.
_SHORT_MIN = 3


def _records(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise KGError(f"{path}: training data not found (see ../shared/data/README.md)")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise KGError(f"{path}:{n}: not JSON: {exc.msg}") from None


def _company_spans(data: Path) -> Iterator[str]:
    """Every company name occurrence of the three sources."""
    from kg.extract.entities.gazetteer import lexicon

    lex = lexicon()
    for i, r in enumerate(_records(data / "ner" / "cluener_train.jsonl")):
        if i % _HELD_OUT == 0:
            continue  # bench/ner_bench.py's held-out slice stays unseen
        for e in r["entities"]:
            if e["type"] == "company":
                yield e["text"]
    for r in _records(data / "re" / "duie2_train.jsonl"):
        for rel in r.get("relations", []):
            for name, kind in ((rel["head"], rel["head_type"]), (rel["tail"], rel["tail_type"])):
                if kind in ("企业", "企业/品牌") or (
                    kind == "机构" and lex.org_type(name) == "Company"
                ):
                    yield name
    for r in _records(data / "re" / "finre_train.jsonl.gz"):
        for e in r["entities"]:
            yield e["text"]


def _person_names(data: Path) -> Iterator[str]:
    """People's names of the training data (CLUENER ``name``, DuIE 人物 types, news PER)."""
    for r in _records(data / "ner" / "news_train.jsonl"):
        for e in r["entities"]:
            if e["type"] == "PER":
                yield e["text"]
    for i, r in enumerate(_records(data / "ner" / "cluener_train.jsonl")):
        if i % _HELD_OUT == 0:
            continue
        for e in r["entities"]:
            if e["type"] == "name":
                yield e["text"]
    for r in _records(data / "re" / "duie2_train.jsonl"):
        for rel in r.get("relations", []):
            for name, kind in ((rel["head"], rel["head_type"]), (rel["tail"], rel["tail_type"])):
                if kind.endswith("人物"):
                    yield name


def _jieba_transliterations() -> list[str]:
    """jieba's dictionary words tagged ``nrt``: transliterated names (伊莱克斯)."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "nrt":
                out.append(parts[0])
    return out


def transliteration_chars(foreign: Iterable[str], native: Iterable[str]) -> frozenset[str]:
    """Characters of transliterated foreign names.

    A character belongs to the set when it occurs in at least
    ``_TRANSLIT_MIN`` distinct ``foreign`` names and in at most as many native
    names as that (so 王 and 明, common in both, stay out).

    Examples
    --------
    >>> sorted(transliteration_chars(["迈克", "斯克", "迈斯"] * 9, ["张三", "王克"]))
    []
    >>> sorted(transliteration_chars([f"迈克{i}" for i in range(30)], ["张三"]))
    ['克', '迈']
    """
    f: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for name in set(foreign):
        f.update({ch for ch in name if _HAN.match(ch)})
    for name in set(native):
        n.update({ch for ch in name if _HAN.match(ch)})
    return frozenset(
        ch for ch, k in f.items() if k >= _TRANSLIT_MIN and k / (k + n[ch]) >= _TRANSLIT_SHARE
    )


def _news_usage(data: Path, candidates: set[str]) -> dict[str, tuple[int, int]]:
    """``name -> (occurrences, occurrences inside an ORG span)`` in the news NER training text.

    A candidate that news sentences hold mostly outside an ORG span is a
    phrase there (美的享受, 江淮地区), whatever the financial data calls it.
    """
    lengths = sorted({len(c) for c in candidates})
    seen: Counter[str] = Counter()
    tagged: Counter[str] = Counter()
    for r in _records(data / "ner" / "news_train.jsonl"):
        text = r["text"]
        orgs = [(e["start"], e["end"]) for e in r["entities"] if e["type"] == "ORG"]
        for i in range(len(text)):
            for n in lengths:
                word = text[i : i + n]
                if word in candidates:
                    seen[word] += 1
                    # inside an ORG span counts: 华为 of 华为公司 is the firm
                    tagged[word] += any(s <= i and i + n <= e for s, e in orgs)
    return {w: (seen[w], tagged[w]) for w in seen}


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name).strip("“”\"'《》")


def mine(data: Path, min_count: int = 2) -> list[tuple[str, int, str]]:
    """``(name, count, flags)`` rows of the lexicon, sorted by name."""
    import jieba.posseg

    from kg.extract.entities.gazetteer import lexicon, names
    from kg.extract.entities.rules import stoplist

    jieba.setLogLevel(60)
    lex, stop, model_names = lexicon(), stoplist(), names().entries
    counts = Counter(_clean(n) for n in _company_spans(data))
    people = set(_person_names(data))
    foreign = [p for p in people if any(d in p for d in _DOT)] + _jieba_transliterations()
    native = [
        p for p in people
        if 2 <= len(p) <= 3 and (p[0] in lex.surnames or p[:2] in lex.compound_surnames)
    ]
    translit = transliteration_chars(foreign, native)
    usage = _news_usage(data, {n for n in counts if lex.org_type(n) != "Company"})
    rows: list[tuple[str, int, str]] = []
    for name, count in sorted(counts.items()):
        if not 2 <= len(name) <= 20 or "<" in name or len(_HAN.findall(name)) < 2:
            continue
        if name in lex.place_level or name in stop.not_entities or name in stop.positions:
            continue
        if name.startswith(stop.anaphor_prefixes) or name.startswith(("母", "子", "分")):
            continue
        words = [(w.word, w.flag) for w in jieba.posseg.cut(name, HMM=False)]
        suffixed = lex.org_type(name) == "Company"
        if suffixed:
            found = lex.suffix_class(name, len(name))
            stem = name[: len(name) - found[1]] if found else name
            if len(stem) < 2 or stem in stop.generic or stem in lex.place_level:
                continue
        else:
            if count < (max(min_count, _SHORT_MIN) if len(name) == 2 else min_count):
                continue
            if name in people:
                continue  # a person's name in the training data
            seen, tagged = usage.get(name, (0, 0))
            if seen >= _USAGE_MIN and tagged / seen < _USAGE_SHARE:
                continue  # news writes it mostly as words, not a name (美的, 江淮)
            if len(words) == 1 and words[0][1] in COMMON_POS:
                continue  # 苹果, 平安: a common word first
            if model_names.get(name) in ("PER", "LOC"):
                continue
        flags = "brand" if (
            not suffixed
            and len(name) >= 3
            and all(ch in translit for ch in name)
            and not (len(words) == 1 and words[0][1] in COMMON_POS)
        ) else "-"
        rows.append((name, count, flags))
    return rows


def business_words(rows: list[tuple[str, int, str]]) -> list[tuple[str, int]]:
    """Lines of business: the nouns that end company names before their suffix.

    For each mined name with a company suffix (华星科技有限公司), the stem's
    last jieba word (科技) when it is a two-character noun (``n`` or ``j``),
    not a place and not a generic word; kept when at least ``_WORD_MIN``
    distinct names end with it.
    """
    import jieba.posseg

    from kg.extract.entities.gazetteer import lexicon
    from kg.extract.entities.rules import stoplist

    lex, stop = lexicon(), stoplist()
    counts: Counter[str] = Counter()
    for name, _, _ in rows:
        found = lex.suffix_class(name, len(name))
        if found is None:
            continue
        words = list(jieba.posseg.cut(name[: len(name) - found[1]], HMM=False))
        if len(words) < 2:
            continue
        last = words[-1]
        if len(last.word) == 2 and last.flag in ("n", "j"):
            counts[last.word] += 1
    return sorted(
        (w, n)
        for w, n in counts.items()
        if n >= _WORD_MIN
        and w not in lex.place_level
        and w not in lex.suffix_type
        and w not in stop.generic
        and w not in stop.not_entities
    )


def write(rows: list[tuple[str, int, str]], out: Path, min_count: int) -> None:
    header = (
        "# Company names mined from CLUENER company spans, DuIE 企业 entities and FinRE "
        "entity names\n"
        f"# by python -m kg.train.companies (--min-count {min_count}); do not edit by hand.\n"
        "# name<TAB>count<TAB>flags (brand: a transliterated foreign name, never a person)\n"
    )
    out.write_text(header + "".join(f"{n}\t{c}\t{f}\n" for n, c, f in rows), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-count", type=int, default=2,
                    help="occurrences a name without a company suffix needs")
    ap.add_argument("--words-out", type=Path, default=DEFAULT_WORDS)
    a = ap.parse_args(argv)
    rows = mine(a.data, a.min_count)
    write(rows, a.out, a.min_count)
    words = business_words(rows)
    a.words_out.write_text(
        "# Business words (the noun before a company suffix, 华星|科技|有限公司), mined from\n"
        "# companies.tsv by python -m kg.train.companies; do not edit by hand.\n"
        "# word<TAB>distinct names\n" + "".join(f"{w}\t{n}\n" for w, n in words),
        encoding="utf-8",
    )
    print(f"{a.words_out}: {len(words)} business words")
    brands = sum(1 for r in rows if r[2] == "brand")
    print(f"{a.out}: {len(rows)} names, {brands} transliterated brands")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
