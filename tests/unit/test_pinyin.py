"""Tests for jjjhealth.text.pinyin: annotation removal and length-preserving t2s."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jjjhealth.text.pinyin import strip_annotations, to_simplified

T2S = opencc.OpenCC("t2s")


@pytest.mark.parametrize(
    "raw, expected, removed, lost",
    [
        ("區(qū)域醫(yī)聯(lián)體", "區域醫聯體", 3, []),
        ("提升同質(zhì)化服務(wù)水平", "提升同質化服務水平", 2, []),
        ("分?jǐn)?shù)線", "分線", 2, [1, 1]),  # char and "(" collapsed into "?": char lost
        ("日?qǐng)?bào)訊", "日訊", 2, [1, 1]),
        ("區qū)域", "區域", 1, []),  # "(" lost
        ("區(qū域", "區域", 1, []),  # ")" lost
        ("區（qū）域", "區域", 1, []),  # full-width parentheses
        ("京津?qū)<以谖沂±塾?jì)診療", "京津<以谖沂±塾診療", 2, [2, 8]),
        # must stay unchanged: genuine parentheses, toneless latin, question marks
        ("河北日報訊(記者趙澤眾)從", "河北日報訊(記者趙澤眾)從", 0, []),
        ("有效性。(完)", "有效性。(完)", 0, []),
        ("張楠(化名)被確診", "張楠(化名)被確診", 0, []),
        ("中心城区(首都功能核心区除外)床位", "中心城区(首都功能核心区除外)床位", 0, []),
        ("开展新技术(引进新项目)712项", "开展新技术(引进新项目)712项", 0, []),
        ("(經濟觀察)中國證監會", "(經濟觀察)中國證監會", 0, []),
        ("們(men)", "們(men)", 0, []),
        ("計算機斷層掃描(CT)", "計算機斷層掃描(CT)", 0, []),
        ("重點???6個", "重點???6個", 0, []),
        ("如何有效預防?| 科普", "如何有效預防?| 科普", 0, []),
        ("", "", 0, []),
    ],
)
def test_strip_annotations(raw, expected, removed, lost):
    out = strip_annotations(raw)
    assert out.text == expected
    assert out.removed == removed
    assert out.lost_sites == lost
    assert [raw[i] for i in out.raw_index] == list(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("區域醫聯體", "区域医联体"),
        ("北京市衛生健康委負責人介紹,十一年來", "北京市卫生健康委负责人介绍,十一年来"),
        ("覆蓋542家單位。", "覆盖542家单位。"),
        ("第一行\n第二行\r\n", "第一行\n第二行\r\n"),
        # unchanged: Simplified text, ASCII punctuation is not normalised
        ("成立京津冀医养结合联盟,覆盖542家单位。", "成立京津冀医养结合联盟,覆盖542家单位。"),
        ("如何有效预防? | (完)", "如何有效预防? | (完)"),
        ("ISO15189, e窗通", "ISO15189, e窗通"),
    ],
)
def test_to_simplified(text, expected):
    assert to_simplified(text) == expected
    assert len(to_simplified(text)) == len(text)


SYLLABLES = [
    "qū",
    "yī",
    "lián",
    "wèi",
    "shù",
    "wàn",
    "jǐn",
    "xiàn",
    "chǎn",
    "lǜ",
    "nǚ",
    "zhuǎn",
    "ér",
]
HANZI = list("區醫聯衛數萬緊現產綠女轉兒体区医联卫数万京津冀河北省市縣鄉鎮")
PLAIN = list("0123456789,.;:!?()[]- abcXYZ，。、“”《》\n")


@st.composite
def annotated(draw):
    """→ (raw with pinyin after random CJK chars, the same text without annotations)."""
    tokens = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(HANZI), st.one_of(st.none(), st.sampled_from(SYLLABLES))),
                st.tuples(st.sampled_from(PLAIN), st.none()),
            ),
            max_size=60,
        )
    )
    raw = "".join(ch + (f"({py})" if py else "") for ch, py in tokens)
    plain = "".join(ch for ch, _ in tokens)
    return raw, plain, sum(1 for _, py in tokens if py)


@settings(max_examples=300, deadline=None)
@given(annotated())
def test_roundtrip_random_annotated(case):
    from jjjhealth.text.normalize import normalize

    raw, plain, n = case
    out = normalize(raw)
    assert out.annotations_removed == n
    assert len(out.clean) == len(plain)
    assert out.clean == T2S.convert(plain)
    for i, ch in enumerate(plain):
        s, e = out.raw_span(i, i + 1)
        assert raw[s:e] == ch  # each clean char points back to its original (Traditional) char
