"""Tests for jjjhealth.text.sentences: splitting and sections."""

from __future__ import annotations

import pytest

from jjjhealth.text.noise import Span, classify_lines
from jjjhealth.text.sentences import split_line, split_sentences


def split(text: str) -> list[str]:
    """one line → its sentence texts."""
    return [text[s:e] for s, e in split_line(text, 0, len(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("甲。乙！丙？丁；戊", ["甲。", "乙！", "丙？", "丁；", "戊"]),
        ("甲!乙?丙;丁", ["甲!", "乙?", "丙;", "丁"]),
        ("真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("为71.4万人次免费提供筛查;全省达100%。", ["为71.4万人次免费提供筛查;", "全省达100%。"]),
        ("他说:“好。走吧！”然后离开。", ["他说:“好。走吧！”", "然后离开。"]),
        (
            "“深入学习,全力打造‘世界一流生命健康之都’。”会上,市委书记说。",
            ["“深入学习,全力打造‘世界一流生命健康之都’。”", "会上,市委书记说。"],
        ),
        ("「甲。乙」丙。", ["「甲。乙」丙。"]),
        ("  前后空白。  后一句。 ", ["前后空白。", "后一句。"]),
        ("引号未闭合“甲。乙。", ["引号未闭合“甲。", "乙。"]),  # stray quote: split anyway
        ("没有标点", ["没有标点"]),
        ("", []),
    ],
)
def test_split_line(text, expected):
    assert split(text) == expected


def test_corrupted_question_marks_do_not_end_a_sentence():
    text = "共建设重点???6个,名中医室站21个。"
    lines = classify_lines(text)
    got = split_sentences(text, lines, [Span(5, 8, "question_marks")])
    assert [s.text for s in got] == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        # title line, body lines, glued subheading at the end of a paragraph
        (
            "13家医院完成疏解项目建设\n本市持续推动疏解,压缩床位。",
            [("13家医院完成疏解项目建设", "title"), ("本市持续推动疏解,压缩床位。", "body")],
        ),
        (
            "提升能力。不断深化医疗卫生合作\n负责人表示,支持建设。",
            [
                ("提升能力。", "body"),
                ("不断深化医疗卫生合作", "title"),
                ("负责人表示,支持建设。", "body"),
            ],
        ),
        ("提高针对性和有效性。(完)", [("提高针对性和有效性。", "body"), ("(完)", "body")]),
        (
            "正文一句。\n■相关\n京津冀三地实现共享。",
            [("正文一句。", "body"), ("■相关", "related"), ("京津冀三地实现共享。", "related")],
        ),
        ("正文一句。\n2025-02-25 14:24\n第二句。", [("正文一句。", "body"), ("第二句。", "body")]),
    ],
)
def test_sections(text, expected):
    got = split_sentences(text, classify_lines(text))
    assert [(s.text, s.section) for s in got] == expected
    assert all(text[s.start : s.end] == s.text for s in got)
