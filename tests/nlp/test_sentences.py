from __future__ import annotations

import pytest

from kg.nlp import split_sentences, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他来了。她走了！", ["他来了。", "她走了！"]),
        ("第一段\n第二段。", ["第一段", "第二段。"]),
        ("“我们会做好。一定！”局长说。然后散会。", ["“我们会做好。一定！”局长说。", "然后散会。"]),
        ("  空格开头。  ", ["空格开头。"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_index_the_text() -> None:
    text = "  甲说：“好。”\n乙来了；丙走了。"
    for s in split_sentences(text, "a-0"):
        assert text[s.start : s.end] == s.text
        assert s.article_id == "a-0"


def test_unclosed_quote_does_not_swallow_the_page() -> None:
    text = "“" + "很长的话。" * 200 + "结束。"
    assert len(split_sentences(text)) > 1


def test_tokens_cover_the_text() -> None:
    text = "河南大学与郑州大学签订合作协议。"
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_very_long_runs_are_cut_within_the_limit() -> None:
    from kg.nlp.sentences import MAX_SENTENCE

    text = "李华在北京工作，" * 5000 + "无标点" * 1000
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert "".join(s.text for s in sentences) == text
