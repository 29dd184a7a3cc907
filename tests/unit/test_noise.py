"""Tests for jjjhealth.text.noise: line classification, noise spans and corruption on small texts."""

from __future__ import annotations

import pytest

from jjjhealth.text.noise import classify_lines, find_corruption, load_rules, noise_spans

ARTICLE = "北京市卫生健康委负责人介绍,十一年来持续推动疏解。"


def kinds(text: str) -> list[tuple[str, str | None, str]]:
    """text → (line content, noise kind, section) per non-blank line."""
    return [(text[ln.start : ln.end], ln.noise, ln.section) for ln in classify_lines(text)]


@pytest.mark.parametrize(
    "line, kind",
    [
        ("首页 新闻中心 即时新闻 时政 独家 县区 小记者 教育", "menu"),
        ("• 我的订阅", "menu"),
        ("  • 国内", "menu"),
        ("您当前的位置:首页\xa0>\xa0新闻中心\xa0>\xa0河北", "breadcrumb"),
        ("当前位置:首页 > 健康", "breadcrumb"),
        ("2025-02-25 14:24", "dateline"),
        ("2024-04-10 08:52:40\xa0\xa0来源:河北新闻网", "dateline"),
        ("类别:国内\xa0发布时间:2024-02-29 04:02:00\xa0来源:每日看点快看", "dateline"),
        ("本文转自:保定日报", "byline"),
        ("□保定日报记者 王 黛", "byline"),
        ("北京儿童医院保定医院鸟瞰图。 北京儿童医院保定医院供图", "photo_caption"),
        ("“‘双中心’如何助力区域医疗服务能力提升”圆桌论坛现场", "photo_caption"),
        ("记者 张三 摄", "photo_caption"),
        ("标签:", "tags"),
        ("抢先读", "headlines"),
        ("编辑:苏颖", "footer"),
        ("【张家口新闻网版权声明 】", "copyright"),
        (
            "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站未对信息做任何修改。",
            "snapshot_notice",
        ),
        ("快照生成时间:2024-02-29 06:45:03", "snapshot_notice"),
        ("本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。", "snapshot_notice"),
        ("信息原文地址:", "snapshot_notice"),
        ("更多关于国内的资讯:", "more_news"),
        # must stay article text
        (ARTICLE, None),
        ("13家医院完成疏解项目建设", None),
        ("2023年京津冀医联体实现11个设区市全覆盖", None),
        ("■相关", None),
        ("河北日报讯(记者赵泽众)从4月8日召开的发布会上获悉。", None),
    ],
)
def test_line_kind(line, kind):
    [(content, got, _)] = kinds(line)
    assert content == line.strip()
    assert got == kind


@pytest.mark.parametrize(
    "line, section",
    [
        ("13家医院完成疏解项目建设", "title"),
        ("提升同质化服务水平 京津冀11年来建立115个区域医联体", "title"),
        ("保定深入推进京津冀医疗卫生协同——", "title"),
        ("一盘棋布局,打造“世界一流生命健康之都”", "title"),
        (ARTICLE, "body"),
        ("不仅北京儿童医院保定医院,全市医疗卫生机构同质化运营管理水平均持续提升——", "body"),
        ("市第二医院口腔院区,外地患者来保就医较去年同期增长96.06%;", "body"),
        ("开展科研合作44项……", "body"),
    ],
)
def test_title_or_body(line, section):
    [(_, kind, got)] = kinds(line)
    assert kind is None
    assert got == section


def test_tail_block_runs_to_the_end_and_switches_kind():
    text = f"{ARTICLE}\n以上内容为资讯信息快照,由爬虫进行采集并收录。\n信息原文地址:\n...相关片段。\n2023-10-12 12:09:00\n更多关于国内的资讯:\n别的新闻。\n2025-12-28 06:22:00"
    got = [k for _, k, _ in kinds(text)]
    assert got == [
        None,
        "snapshot_notice",
        "snapshot_notice",
        "related_news",
        "related_news",
        "more_news",
        "more_news",
        "more_news",
    ]
    spans = noise_spans(text, classify_lines(text))
    assert [s.kind for s in spans] == ["snapshot_notice", "related_news", "more_news"]
    assert spans[-1].end == len(text)


def test_related_section_is_not_noise():
    text = f"{ARTICLE}\n■相关\n让数据跑路 方便企业登记\n京津冀三地已实现数据共享。"
    assert [(k, s) for _, k, s in kinds(text)] == [
        (None, "body"),
        (None, "related"),
        (None, "related"),
        (None, "related"),
    ]


def test_headline_list_run_is_noise():
    text = ARTICLE + "\n" + "\n".join(f"- 标题{i}" for i in range(6))
    assert [k for _, k, _ in kinds(text)] == [None] + ["headlines"] * 6
    short = ARTICLE + "\n- 只有一行"
    assert [k for _, k, _ in kinds(short)] == [None, None]


@pytest.mark.parametrize(
    "text, lost, expected",
    [
        ("共建设重点???6个,名中医室站21个。", [], [("???", "question_marks")]),
        ("重点???;促成", [], [("???", "question_marks")]),
        ("医院?门诊", [], [("?", "question_marks")]),  # "?" between CJK, no sentence end
        ("数据\ufffd\ufffd共享", [], [("\ufffd\ufffd", "replacement_char")]),
        ("京津<以谖沂±塾诊疗36万人次", [2, 8], [("<以谖沂±塾", "mojibake")]),
        ("医院±门诊", [], [("±", "mojibake")]),
        # unchanged: legitimate question marks and symbols
        ("如何有效预防?", [], []),
        ("能活九十九? 听听专家怎么说", [], []),
        ("比例1:2,温度<5度", [], []),
        ("“暖冬行动·洁净全力”", [], []),
        ("增长96.06%;", [], []),
        ("温度5±2度", [], []),
    ],
)
def test_find_corruption(text, lost, expected):
    lines = classify_lines(text)
    spans = find_corruption(text, lines, lost)
    assert [(text[s.start : s.end], s.kind) for s in spans] == expected


def test_corruption_ignored_inside_noise():
    text = ARTICLE + "\n抢先读\n- 饭后百步走,能活九十九?听听专家怎么说"
    assert find_corruption(text, classify_lines(text), []) == []


def test_rules_compile_once():
    assert load_rules() is load_rules()
