"""Tests for jjjhealth.extract.quantities: sentence → quantities, and their precision/recall on the seeds' gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from gold_score import load_gold, misses, score  # tools/: gold scoring lives outside the package
from seed_cases import BODY, FIXTURE_EXPECTED, body_sentences, clean, sentences

from jjjhealth.errors import NumeralsError
from jjjhealth.extract.quantities import QUALIFIERS, ROLES, find_quantities, tables

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"

def q(s: str) -> list[tuple]:
    """sentence → [(text, value, unit, qualifier, role)] for compact tables."""
    return [(x.text, x.value, x.unit, x.qualifier, x.role) for x in find_quantities(s)]


# --- inputs that must yield no quantity ---------------------------------------------------
NO_QUANTITY = [
    "第一批", "一号工程", "三甲医院", "“1+1+1”", "2023年12月", "联系电话:0313-2051987",
    "14:24", "一一对应", "“十五五”时期", "80后专家", "ISO15189", "两院", "2月3日", "2025年初",
    "“120”急救中心", "公安交警“122”指挥中心", "2024-02-29 04:02:00", "2022公立医院高质量发展",
    "五升三降", "三级儿童医院", "二三级医疗机构", "四位一体", "一位来自北京的专家", "一家企业",
    "京津冀三地", "一体化发展", "万家寨引黄入晋工程", "百济神州", "CCTV7国防军事频道",
    "《哪吒2》引发讨论", "从2013年到2023年", "第16轮对俄制裁", "1.本网稿件", "两岸关系",
    # web furniture and names (issue 13 traps)
    "网址:http://www.example.gov.cn/2024/0618/c20240618001234.html", "www.jkb123.cn/56789",
    "冀ICP备12003456号", "京公网安备11010502034567号", "医疗机构执业许可证号:PDY12345",
    "联系电话:0315-1234567", "电话:13912345678", "位于规划二路以东", "纬三路与建设大街交口",
    "“十四五”期间", "两所医院将在明年共建", "这两家医院", "上述三家医院均已挂牌",
    "下午3点开诊", "今年1至5月", "京ICP备10001234号-1", "第1页 共5页 上一页 1 2 3 4 5 下一页",
    # anaphora opening a clause, names of county groups, page counters
    "两个项目共获补助资金", "去年两个科室收治外省患儿", "南三县医疗合作步入快车道",
    "浏览次数：2301", "阅读量: 1200", "今年前5个月", "2023年前三个月",
]


@pytest.mark.parametrize("sentence", NO_QUANTITY)
def test_no_quantity(sentence):
    assert find_quantities(sentence) == []


# --- sentence → quantities ---------------------------------------------------------------
CASES = [
    ("累计疏解床位3000余张", [("3000余", 3000, "张", "at_least", "value")]),
    ("京津派驻专家1.2万人次", [("1.2万", 12000, "人次", "exact", "value")]),
    ("为71.4万人次免费提供", [("71.4万", 714000, "人次", "exact", "value")]),
    ("十一年来", [("十一", 11, "年", "exact", "value")]),
    ("签署两轮支持雄安新区", [("两", 2, "轮", "exact", "value")]),
    ("四个国家级病区", [("四", 4, "个", "exact", "value")]),
    ("创新开展新技术新项目近300项", [("300", 300, "项", "nearly", "value")]),
    ("门急诊量已累计超过23万人次", [("23万", 230000, "人次", "more_than", "value")]),
    ("外地患儿占比超80%", [("80", 80, "%", "more_than", "value")]),
    ("累计门诊量6万余人次", [("6万余", 60000, "人次", "at_least", "value")]),
    ("420余位专家", [("420余", 420, "位", "at_least", "value")]),
    ("经过8年多改革实践", [("8", 8, "年", "at_least", "value")]),
    ("病例不足200例", [("200", 200, "例", "less_than", "value")]),
    ("达标率91.3%", [("91.3", 91.3, "%", "exact", "value")]),
    ("约62.8万吨", [("62.8万", 628000, "吨", "approx", "value")]),
    ("进出口145.8亿元", [("145.8亿", 14580000000, "元", "exact", "value")]),
    ("授信超10万亿元", [("10万亿", 10**13, "元", "more_than", "value")]),
    ("超过1,234家", [("1,234", 1234, "家", "more_than", "value")]),
    ("百分之三十", [("百分之三十", 30, "%", "exact", "value")]),
    ("不足百分之五", [("百分之五", 5, "%", "less_than", "value")]),
    ("可再生能源装机占比超七成", [("七", 70, "%", "more_than", "value")]),
    ("新增床位万余张", [("万余", 10000, "张", "at_least", "value")]),
    ("100人左右", [("100", 100, "人", "approx", "value")]),
    ("3个多月", [("3", 3, "月", "at_least", "value")]),
    ("3个多学科团队", [("3", 3, "个", "exact", "value")]),
    ("最近3年", [("3", 3, "年", "exact", "value")]),
    ("逾两千名", [("两千", 2000, "人", "more_than", "value")]),
    ("河北4市建设7个国家区域医疗中心",
     [("4", 4, "市", "exact", "value"), ("7", 7, "个", "exact", "value")]),
    ("重点???6个", [("6", 6, "个", "exact", "value")]),
    ("3至5家", [("3", 3, "家", "at_least", "range_low")]),  # one claim: at least 3
    # a value in 万 with no unit takes its noun's (总诊疗人次3862.5万)
    ("总诊疗人次3862.5万", [("3862.5万", 38625000, "人次", "exact", "value")]),
    ("出院人数达12.3万", [("12.3万", 123000, "人", "exact", "value")]),
    # hedges: 以下/以内 (under), 过 (over), 不低于 (at least)
    ("基层就诊率三成以下", [("三", 30, "%", "less_than", "value")]),
    ("缩短至1小时以内", [("1", 1, "小时", "less_than", "value")]),
    ("外转率降至过七成", [("七", 70, "%", "more_than", "value")]),
    ("调阅率不低于九成", [("九", 90, "%", "at_least", "value")]),
    ("通过5家医院", [("5", 5, "家", "exact", "value")]),
    ("协同发展走过10年", [("10", 10, "年", "exact", "value")]),
    # "the two counties" opening a clause points back; after the names it counts them
    ("两县共接诊患者3000人次", [("3000", 3000, "人次", "exact", "value")]),
    ("围场、丰宁两县", [("两", 2, "县", "exact", "value")]),
    ("网站标识码1300000012", []),
    # page counters, codes and section numbers are no quantities
    ("阅读 3562", []),
    ("招标编号：XAZB-2026-0417", []),
    ("2.1建设地点：南湖新区", []),
    ("3-5家", [("3", 3, "家", "at_least", "range_low")]),
    ("约3至5家", [("3", 3, "家", "approx", "range_low")]),
    ("1至2万人次",
     [("1", 10000, "人次", "at_least", "range_low")]),
    ("从12天缩短到5天", [("12", 12, "天", "exact", "from"), ("5", 5, "天", "exact", "to")]),
    ("增长3倍", [("3", 3, "倍", "exact", "stated_change")]),
    ("提高2个百分点", [("2", 2, "百分点", "exact", "stated_change")]),
    ("外地患者来保就医较去年同期增长96.06%",
     [("96.06", 96.06, "%", "exact", "stated_change")]),
    # units added for issue 13: persons ≠ person-times ≠ cases; area, money, index points, 倍
    ("派出专家30名、服务群众800人次、手术60例",
     [("30", 30, "人", "exact", "value"), ("800", 800, "人次", "exact", "value"),
      ("60", 60, "例", "exact", "value")]),
    ("占地约150亩", [("150", 150, "亩", "approx", "value")]),
    ("建筑面积12.5万平方米", [("12.5万", 125000, "平方米", "exact", "value")]),
    ("总投资35.6亿元", [("35.6亿", 3560000000, "元", "exact", "value")]),
    ("补助资金600万元", [("600万", 6000000, "元", "exact", "value")]),
    ("指数达到156.3点", [("156.3", 156.3, "点", "exact", "value")]),
    ("建院8周年", [("8", 8, "年", "exact", "value")]),               # years, not weeks
    ("建成两所医院", [("两", 2, "所", "exact", "value")]),           # a count, not anaphora
    # a ratio stays one fact: value = first term, the terms in Quantity.terms
    ("三者之比为2.84∶2.40∶1", [("2.84∶2.40∶1", 2.84, "ratio", "exact", "value")]),
    ("医护比为1:1.08", [("1:1.08", 1, "ratio", "exact", "value")]),
    # a value dated in the sentence: 由2014年的x增加至2020年的y is a from/to pair
    ("医师由2014年的5.9人增加至2020年的8.5人",
     [("5.9", 5.9, "人", "exact", "from"), ("8.5", 8.5, "人", "exact", "to")]),
]


@pytest.mark.parametrize("sentence, terms, years", [
    ("三者之比为2.84∶2.40∶1", ["2.84:2.40:1"], [""]),
    ("医师由2014年的5.9人增加至2020年底的8.5人", ["", ""], ["2014", "2020"]),
    ("是2014年的1.9倍", [""], [""]),                                 # 2014 is the base
    ("比例从2019年的3%提高到去年的8%", ["", ""], ["2019", "去年"]),     # a relative year
    ("占比由2020年的5%上升到今年上半年的9%", ["", ""], ["2020", "今年上半年"]),
])
def test_ratio_terms_and_value_years(sentence, terms, years):
    found = find_quantities(sentence)
    assert [x.terms for x in found] == terms and [x.year for x in found] == years


# (sentence, [(text, value, unit, qualifier, role)]) — hedges and words of issue 13
MORE_CASES = [
    ("建设进度过半", [("过半", 50.0, "%", "more_than", "value")]),
    ("互认机构占比超过一半", [("一半", 50.0, "%", "more_than", "value")]),
    ("外地患者占近三分之一", [("三分之一", 33.333333, "%", "nearly", "value")]),  # a fraction
    ("四分之三的县已实现全覆盖", [("四分之三", 75.0, "%", "exact", "value")]),
    ("累计结算超千万人次", [("千万", 1e7, "人次", "more_than", "value")]),
    ("门急诊量累计突破20万人次", [("20万", 200000.0, "人次", "more_than", "value")]),
    ("外地患者约占12%", [("12", 12.0, "%", "approx", "value")]),
    ("每个县至少有1所县级医院", [("1", 1.0, "所", "at_least", "value")]),
    ("床护比达到1:0.6以上", [("1:0.6", 1.0, "ratio", "at_least", "value")]),
    ("南湖、东湖两家医院向保定派驻专家", [("两", 2.0, "家", "exact", "value")]),  # apposition
    ("指数由2014年的100点升至2022年的150点", [("100", 100.0, "点", "exact", "from"),
                                              ("150", 150.0, "点", "exact", "to")]),
]


@pytest.mark.parametrize("sentence, expected", MORE_CASES)
def test_more_quantities(sentence, expected):
    assert q(sentence) == expected


@pytest.mark.parametrize("sentence, index, start, end", [
    # the years of a dated pair carry to the pair after it, and to a change after it
    ("医师由2015年的2.2人增至2022年的2.8人,护士由2.0人增至3.1人", 2, "2015", ""),
    ("医师由2015年的2.2人增至2022年的2.8人,护士由2.0人增至3.1人", 3, "", "2022"),
    ("门诊量由2019年的8万人次增长到2023年的12万人次,手术量增长1.5倍", 2, "2019", "2023"),
    ("门诊量由2019年的8万人次增长到2023年的12万人次,2024年增长5%", 2, "", ""),  # own date
])
def test_parallel_years(sentence, index, start, end):
    x = find_quantities(sentence)[index]
    assert (x.period_start, x.period_end) == (start, end)


@pytest.mark.parametrize("sentence, expected", CASES)
def test_find_quantities(sentence, expected):
    assert q(sentence) == [(t, pytest.approx(v), u, ql, r) for t, v, u, ql, r in expected]


def test_offsets_point_at_number_text():
    s = "目前已完成13个市属央属医院疏解项目建设,累计疏解床位3000余张"
    for x in find_quantities(s):
        assert s[x.start:x.end] == x.text
        assert x.qualifier in QUALIFIERS and x.role in ROLES


def test_from_to_pairs_with_period():
    s = ("从2013年到2023年,保定医疗机构总数从9402个增长到11753个,增长25%;"
         "实有床位从32943张增长到63574张,增长93%;全市总诊疗人次增长34%。")
    got = [(x.value, x.unit, x.role, x.period_start, x.period_end) for x in find_quantities(s)]
    assert got == [
        (9402, "个", "from", "2013", "2023"), (11753, "个", "to", "2013", "2023"),
        (25, "%", "stated_change", "2013", "2023"),
        (32943, "张", "from", "2013", "2023"), (63574, "张", "to", "2013", "2023"),
        (93, "%", "stated_change", "2013", "2023"), (34, "%", "stated_change", "2013", "2023"),
    ]


def test_range_is_not_from_to_without_cong():
    roles = [x.role for x in find_quantities("由120万人次增加到185万人次")]
    assert roles == ["from", "to"]


# --- fixtures: invented articles with other phrasings (expected quantities: seed_cases) ---
@pytest.mark.parametrize("name, expected", sorted(FIXTURE_EXPECTED.items()))
def test_fixture_articles(name, expected):
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# FIXTURE — invented text for tests, not a source"
    got = [(x.value, x.unit, x.qualifier, x.role)
           for s in sentences("\n".join(lines[1:])) for x in find_quantities(s)]
    assert got == [(pytest.approx(v), u, ql, r) for v, u, ql, r in expected]


# --- gold: hand-made claims, and precision/recall of find_quantities on the seeds ----------
def test_gold_fragments_occur_in_clean_seeds():
    gold = load_gold()
    assert len(gold) >= 80
    for row in gold:
        text = clean((SEEDS / f"{row['source_id']}.txt").read_text(encoding="utf-8"))
        assert row["quote_fragment"] in text, row
        assert row["qualifier"] in QUALIFIERS, row


def test_find_quantities_precision_recall_on_seed_bodies():
    extracted = [{"source_id": stem, "value": x.value, "unit": x.unit}
                 for stem in BODY for s in body_sentences(stem) for x in find_quantities(s)]
    gold = load_gold()
    precision, recall = score(extracted, gold)
    assert (precision, recall) >= (0.95, 0.95), misses(extracted, gold)
    assert recall >= 0.95, misses(extracted, gold)


BAD_TABLES = [("units: [}", "not valid YAML"), ("units: {}\n", "missing tables")]


@pytest.mark.parametrize("text, message", BAD_TABLES)
def test_bad_numeral_tables_fail(tmp_path, text, message):
    path = tmp_path / "numerals.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NumeralsError, match=message):
        tables(path)


@pytest.mark.parametrize("bad", [None, 12, b"3000\xe5\xbc\xa0"])
def test_non_text_input_fails(bad):
    with pytest.raises(TypeError):
        find_quantities(bad)
