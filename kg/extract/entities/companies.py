"""Company names without a legal suffix: a mined lexicon and the document's own short forms.

Two sources, both data-driven (spaCy's EntityRuler idea: a lexicon component
beside the statistical tagger, reconciled with it by :mod:`.ner`):

* ``companies.tsv`` (written by ``python -m kg.train.companies`` from the
  company names of the training data): 华为, 腾讯, 西门子, 伊莱克斯 …  A name
  is matched only on jieba word boundaries, so 华为 inside 中华为民 is none.
  Names flagged ``brand`` are transliterated foreign names (巴斯夫): the
  tagger's Person on such a span is wrong, and :func:`.ner.reconcile` lets
  the lexicon's Company replace it;
* the document itself (:func:`add_short_forms`): once an article names
  华星科技有限公司 (or 华星集团, 华星股份), a later bare 华星科技 or 华星 in the
  same article is that company, whatever the tagger made of it (a person
  华星, a place 华星).

Examples
--------
>>> from kg.extract.entities.rules import tokens_of
>>> text = "记者从华为获悉，中华为民"
>>> [(m.text, m.start) for m in company_lexicon().match(text, tokens_of(text))]
[('华为', 3)]
>>> short_forms("河南华星科技有限公司")
['华星科技', '华星']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from kg import resources
from kg.components import ENTITY_EXTRACTORS
from kg.errors import KGError
from kg.extract.entities import EntityComponent
from kg.extract.entities.features import char_class, segment
from kg.extract.entities.gazetteer import Lexicon, lexicon, load_yaml, names
from kg.nlp.segment import Token
from kg.types import ORGANIZATION_TYPES, Mention, Sentence

if TYPE_CHECKING:
    from kg.extract.entities.rules import Stoplist

__all__ = [
    "CompanyLexicon",
    "company_lexicon",
    "business_words",
    "trade_names",
    "short_forms",
    "add_short_forms",
    "CompanyLists",
    "company_lists",
    "CompanyMatcher",
    "COMMON_POS",
]

#: jieba tags of common words (``boundaries.yaml``, ``common_word_pos``).
COMMON_POS: frozenset[str] = frozenset(load_yaml("boundaries.yaml").get("common_word_pos", []))
#: The lexicon's score: above the tagger's marginals, below a rule's 0.99.
_LEXICON_SCORE = 0.95
_SHORT_SCORE = 0.9


class CompanyLexicon:
    """The names of ``companies.tsv``, matched longest first on word boundaries."""

    def __init__(self, text: str, origin: str = "companies.tsv") -> None:
        self.names: dict[str, bool] = {}  # name -> transliterated brand
        for n, line in enumerate(text.splitlines(), 1):
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise KGError(f"{origin}:{n}: expected name<TAB>count<TAB>flags")
            self.names[parts[0]] = parts[2] == "brand"
        self._lengths = sorted({len(k) for k in self.names}, reverse=True)
        self._first = frozenset(k[0] for k in self.names)

    def is_brand(self, name: str) -> bool:
        """Is ``name`` a transliterated foreign company name (never a person)?"""
        return self.names.get(name, False)

    def match(self, text: str, tokens: Sequence[Token] | None = None) -> list[Mention]:
        """Lexicon names in ``text``; with ``tokens``, only those that are whole words."""
        if tokens is not None:
            starts = {t.start for t in tokens}
            ends = {t.end for t in tokens}
        out: list[Mention] = []
        i, n = 0, len(text)
        while i < n:
            if text[i] not in self._first or (tokens is not None and i not in starts):
                i += 1
                continue
            for length in self._lengths:
                j = i + length
                if j > n or text[i:j] not in self.names:
                    continue
                if tokens is not None and j not in ends:
                    continue
                out.append(
                    Mention(i, j, "Company", text[i:j], _LEXICON_SCORE, "lexicon:companies")
                )
                i = j
                break
            else:
                i += 1
        return out


@cache
def company_lexicon() -> CompanyLexicon:
    """The shipped lexicon (``kg/data/lexicons/companies.tsv``)."""
    parts = ("lexicons", "companies.tsv")
    return CompanyLexicon(resources.read_text(*parts), resources.where(*parts))


@cache
def business_words() -> tuple[str, ...]:
    """Lines of business (科技, 轮胎, 地产): mined ``business_words.tsv`` plus the
    ``company_short_name`` rule's own list in ``entity_rules.yaml``; longest first."""
    words: set[str] = set()
    for line in resources.read_text("lexicons", "business_words.tsv").splitlines():
        if line and not line.startswith("#"):
            words.add(line.split("\t")[0])
    for spec in load_yaml("entity_rules.yaml")["rules"]:
        if spec.get("name") == "company_short_name":
            words.update(spec.get("suffixes", []))
            words.difference_update(spec.get("exclude_suffixes", []))
    return tuple(sorted(words, key=len, reverse=True))


@cache
def trade_names() -> frozenset[str]:
    """Trade names of the lexicon's companies: the name without its legal form,
    company suffix (银行), business word and leading place (华为 of 华为技术).

    A word that is one of them is a trade name before a business word
    (华为 + 电子), like a word jieba does not know.  Places and people of the
    tagger's name list (中国 of 中国银行) are none; the caller also rejects
    words jieba tags as common words (现代, 成功; :data:`COMMON_POS`).
    """
    lex, known = lexicon(), names().entries
    out: set[str] = set()
    lines = business_words()
    for name in company_lexicon().names:
        m = _LEGAL.search(name)
        stem = name[: m.start()] if m else name
        found = lex.suffix_class(stem, len(stem))
        if found is not None and found[0] == "Company":
            stem = stem[: len(stem) - found[1]]
        for line in lines:
            if stem.endswith(line):
                stem = stem[: -len(line)]
                break
        places = lex.places(stem)
        if places and places[0][0] == 0 and places[0][1] < len(stem):
            stem = stem[places[0][1] :]
        if len(stem) < _MIN_SHORT or stem in lex.place_level or known.get(stem) in ("LOC", "PER"):
            continue
        out.add(stem)
    return frozenset(out)


#: Legal forms that end a full company name, longest first.
_LEGAL = re.compile(
    r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司|股份公司|集团公司)$|(?:集团|股份)$"
)
#: The fewest characters a short form may have.
_MIN_SHORT = 2


def short_forms(name: str) -> list[str]:
    """The short forms an article may use for the company ``name``, longest first.

    ``name`` must end in a legal form (有限公司, 集团, 股份); its short forms are
    the name without that form and without a leading place (华星科技), and that
    without a trailing business word (华星).  A form that is a place, or has
    fewer than two characters, is none.

    Examples
    --------
    >>> short_forms("洛阳华星科技有限公司"), short_forms("瑞星集团"), short_forms("华星")
    (['华星科技', '华星'], ['瑞星'], [])
    """
    m = _LEGAL.search(name)
    if m is None or m.start() == 0:
        return []
    stem = name[: m.start()]
    if any(ch in stem for ch in "()（）"):
        return []  # 中溢集团（吉林）新能源: bracketed parts make no plain short form
    lex = lexicon()
    found = lex.places(stem)
    if found and found[0][0] == 0 and found[0][1] < len(stem):
        stem = stem[found[0][1] :]
    out = [stem]
    for word in business_words():
        if stem.endswith(word) and len(stem) - len(word) >= _MIN_SHORT:
            out.append(stem[: -len(word)])
            break
    return [
        s
        for s in out
        if len(s) >= _MIN_SHORT
        and s not in lex.place_level
        and all(char_class(c) == "H" for c in s)
        and _has_proper_word(s)
    ]


def _has_proper_word(form: str) -> bool:
    """Does ``form`` hold a word jieba does not know as a common word?

    新能源科技 (of a tagger's 新能源科技有限公司) is common words only: a line of
    business, not a firm's short name; 华星科技 holds the trade name 华星.
    """
    return any(pos not in COMMON_POS for _, pos in segment(form))


class CompanyLists:
    """Firms listed with a firm counter (``entity_rules.yaml``, ``company_lists``).

    Examples
    --------
    >>> text = "其中瑞鑫、天华、龙盛3家为高新技术企业。"
    >>> [m.text for m in company_lists().match(text)]
    ['瑞鑫', '天华', '龙盛']
    >>> company_lists().match("全村有纺织、印染、化工等18家企业。")
    []
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        try:
            counters = [str(c) for c in spec["counters"]]
            self.firm_words = tuple(str(w) for w in spec["firm_words"])
            low, high = int(spec["min_item"]), int(spec["max_item"])
            self.score = float(spec.get("score", 0.85))
        except (KeyError, TypeError, ValueError) as exc:
            raise KGError(f"entity_rules.yaml: company_lists: {exc}") from None
        self.low = low
        han = "[\u4e00-\u9fff]"
        counter = "|".join(map(re.escape, counters))
        # The list (its first item may carry a lead word such as 其中), an
        # optional 等/这/共, then a number and a counter.
        self.pattern = re.compile(
            rf"((?:{han}{{{low},{high + 2}}}、)+{han}{{{low},{high}}})"
            rf"(?:等|这|共)?(?:\d+|[一二三四五六七八九十两]+)(?:{counter})"
        )

    def match(self, text: str) -> list[Mention]:
        """The listed firms of ``text`` (offsets into it)."""
        from kg.extract.entities.rules import stoplist

        lex, stop, known = lexicon(), stoplist(), names().entries
        out: list[Mention] = []
        for m in self.pattern.finditer(text):
            clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；！？,;") + 1
            ends = [text.find(p, m.end()) for p in "，。；！？,;"]
            clause_end = min([e for e in ends if e >= 0], default=len(text))
            clause = text[clause_start : m.start(1)] + text[m.end(1) : clause_end]
            if not any(w in clause for w in self.firm_words):
                continue
            items: list[Mention] = []
            at = m.start(1)
            for k, item in enumerate(m.group(1).split("、")):
                start = at
                at += len(item) + 1
                if k == 0:
                    # drop a lead word: 其中瑞鑫 -> 瑞鑫
                    words = segment(item)
                    while len(words) > 1 and words[0][1] in COMMON_POS:
                        start += len(words[0][0])
                        item = item[len(words[0][0]) :]
                        words = words[1:]
                if not self._is_name(item, lex, stop, known):
                    items = []
                    break
                items.append(
                    Mention(start, start + len(item), "Company", item, self.score, "companies:list")
                )
            out.extend(items)
        return out

    def _is_name(self, item: str, lex: Lexicon, stop: Stoplist, known: dict[str, str]) -> bool:
        if len(item) < self.low or item in lex.place_level or item in stop.not_entities:
            return False
        if known.get(item) in ("LOC", "PER"):
            return False
        words = segment(item)
        if all(pos in COMMON_POS for _, pos in words):
            return False  # 纺织, 化工: industries, not firms
        # a surname and a name jieba knows as a person's: a person, not a firm
        return not any(pos in ("nr", "nrfg") for _, pos in words)


@cache
def company_lists() -> CompanyLists:
    """The ``company_lists`` rule of ``entity_rules.yaml``."""
    spec = load_yaml("entity_rules.yaml").get("company_lists")
    if not isinstance(spec, dict):
        raise KGError("entity_rules.yaml: company_lists must be a mapping")
    return CompanyLists(spec)


def add_short_forms(sentences: Sequence[Sentence], found: list[list[Mention]]) -> None:
    """Add, in place, the short forms of each article's full company names.

    Per article (``Sentence.article_id``), the short forms (:func:`short_forms`)
    of every Company mention are searched in all its sentences.  An occurrence
    becomes a Company mention unless a mention already covers it and more (the
    full name itself, a project named after the firm) or crosses its edge;
    mentions inside it (a person 华星, a place 莱克) give way.
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(sentences):
        by_article[s.article_id].append(k)
    for ks in by_article.values():
        forms: set[str] = set()
        for k in ks:
            for m in found[k]:
                if m.type == "Company" and m.kind == "name":
                    forms.update(short_forms(m.text))
        for form in sorted(forms, key=lambda f: (-len(f), f)):
            for k in ks:
                text = sentences[k].text
                at = text.find(form)
                while at >= 0:
                    end = at + len(form)
                    _claim(found, k, Mention(at, end, "Company", form, _SHORT_SCORE,
                                             "companies:short"))
                    at = text.find(form, end)


def _claim(found: list[list[Mention]], k: int, new: Mention) -> None:
    """Put ``new`` into sentence ``k``'s mentions if nothing wider holds it."""
    inside: list[Mention] = []
    for m in found[k]:
        if m.end <= new.start or new.end <= m.start:
            continue
        if new.start <= m.start and m.end <= new.end and (m.start, m.end) != (new.start, new.end):
            inside.append(m)
        elif (m.start, m.end) == (new.start, new.end) and m.type not in ORGANIZATION_TYPES:
            inside.append(m)  # the tagger's person or place of the same span
        else:
            return  # a wider name (the full name, a project) or a crossing one
    found[k] = sorted(
        [m for m in found[k] if m not in inside] + [new], key=lambda m: (m.start, m.end)
    )


@ENTITY_EXTRACTORS.factory("companies")
class CompanyMatcher(EntityComponent):
    """The ``"companies"`` extractor: lexicon names, then the articles' short forms."""

    name = "companies"

    def __init__(self) -> None:
        self.lexicon = company_lexicon()

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        from kg.extract.entities.rules import RuleMatcher, tokens_of

        rules = RuleMatcher(["company", "company_generic_suffix", "company_short_name"])
        out: list[list[Mention]] = []
        for s in sentences:
            tokens = tokens_of(s.text)
            out.append(
                [
                    *self.lexicon.match(s.text, tokens),
                    *company_lists().match(s.text),
                    *rules.match(s.text, tokens),
                ]
            )
        add_short_forms(sentences, out)
        return out
