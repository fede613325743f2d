"""Byline and photo-caption parsing."""

from __future__ import annotations

import pytest

from kg.ingest.credits import byline_credits, caption_credits, strip_credits
from kg.types import Credit

A, C, P = "author", "correspondent", "photographer"


@pytest.mark.parametrize(
    ("paragraph", "rest", "credits"),
    [
        ("本报讯（记者朱江森）记者12月25日获悉。", "记者12月25日获悉。", [("朱江森", A)]),
        (
            "本报讯（记者朱江森 通讯员张翔）12月25日，记者走进社区。",
            "12月25日，记者走进社区。",
            [("朱江森", A), ("张翔", C)],
        ),
        (
            "本报讯（记者 李明 王芳 通讯员 赵强、钱进 孙武）近日开会。",
            "近日开会。",
            [("李明", A), ("王芳", A), ("赵强", C), ("钱进", C), ("孙武", C)],
        ),
        ("本报讯(记者李明)近日开会。", "近日开会。", [("李明", A)]),
        ("本报郑州讯（记者李明）近日开会。", "近日开会。", [("李明", A)]),
        ("新华社北京12月1日电（记者李明）近日开会。", "近日开会。", [("李明", A)]),
        ("正文完。（本报记者 朱江森）", "正文完。", [("朱江森", A)]),
        ("植树活动。 朱泉荣 摄", "植树活动。", [("朱泉荣", P)]),
        # Not bylines: a bracket without a role marker, and a name inside prose.
        ("实际到位省外资金（含续建项目）137亿元。", "实际到位省外资金（含续建项目）137亿元。", []),
        ("卫东区记者站站长李明说。", "卫东区记者站站长李明说。", []),
        ("他在现场拍摄 摄", "他在现场拍摄 摄", []),
    ],
)
def test_strip_credits(paragraph: str, rest: str, credits: list[tuple[str, str]]) -> None:
    assert strip_credits(paragraph) == (rest, [Credit(n, r) for n, r in credits])


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("王若旭 摄", ["王若旭"]),
        ("记者 王若旭 摄", ["王若旭"]),
        ("本报记者 王若旭 摄", ["王若旭"]),
        ("王若旭/摄", ["王若旭"]),
        ("王若旭／摄", ["王若旭"]),
        ("记者王若旭摄", ["王若旭"]),
        ("王若旭 朱泉荣 摄", ["王若旭", "朱泉荣"]),
        ("王若旭、朱泉荣 摄", ["王若旭", "朱泉荣"]),
        ("（王若旭 摄）", ["王若旭"]),
        ("本报记者 王若旭 摄影", ["王若旭"]),
        ("摄影：王若旭", ["王若旭"]),
        ("欧阳娜娜 摄", ["欧阳娜娜"]),
        ("阿依古丽·买买提 摄", ["阿依古丽·买买提"]),
    ],
)
def test_caption_lines(line: str, names: list[str]) -> None:
    assert caption_credits(line) == [Credit(n, P) for n in names]


@pytest.mark.parametrize(
    "line", ["摄影展开幕", "拍摄现场", "王若旭摄", "该区举办摄影比赛。", "抓紧施工", "记者 摄"]
)
def test_not_caption_lines(line: str) -> None:
    assert caption_credits(line) is None


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("（本报记者 朱江森）", [("朱江森", A)]),
        ("(记者 李明 王芳)", [("李明", A), ("王芳", A)]),
        ("（记者 李明 通讯员 王芳、赵强）", [("李明", A), ("王芳", C), ("赵强", C)]),
    ],
)
def test_byline_lines(line: str, credits: list[tuple[str, str]]) -> None:
    assert byline_credits(line) == [Credit(n, r) for n, r in credits]


@pytest.mark.parametrize(
    "line", ["（含续建项目）", "（电子半导体产业链作为招商工作主线）", "记者 李明"]
)
def test_not_byline_lines(line: str) -> None:
    assert byline_credits(line) is None
