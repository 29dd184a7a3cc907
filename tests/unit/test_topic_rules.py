"""Whose number it is and what kind, on self-written articles: the institution or county that
writes, programmes by their kind of name, a change of a rate, ranges, listed values, commitments,
a period opening a paragraph (extract.author, extract.meaning, extract.fact_rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jjjhealth.extract.author import author_of, county_home, text_home
from jjjhealth.extract.fact_rows import Document, document_facts
from jjjhealth.text.normalize import normalize
from jjjhealth.text.sources import Source


def _facts(text: str, home: str = "保定") -> list[dict]:
    """article text → its fact rows (the whole pipeline of one document)."""
    src = Source(id="900_test", title="", outlet="", published="2025-06-01", date_method="",
                 script="simplified", about_jjj=True, path=Path("900_test.txt"),
                 extra={"place": home})
    return document_facts(Document(src, normalize(text, "900_test")))


def _row(text: str, value: float, home: str = "保定") -> dict:
    return next(r for r in _facts(text, home) if r["value"] == value)


@pytest.mark.parametrize("text, author", [
    ("南湖县康宁医院 2025-05-01 08:30 河北\n一年来，我院门诊量增长。\n", "南湖县康宁医院"),
    ("喜报\n来源：南湖市第一医院\n本院新开设病区2个。\n", "南湖市第一医院"),
    ("南湖县康宁医院 2025-05-01\n医院门诊量增长。\n", "南湖县康宁医院"),
    # a headline opening with a hospital's name is no byline…
    ("南湖县康宁医院 新院区开诊\n医院门诊量增长。\n", None),
    ("南湖县康宁医院2025年工作总结\n医院门诊量增长。\n", None),
    # …unless the text speaks as the hospital (我院) of the year it reports on
    ("南湖县康宁医院2025年工作总结\n我院门诊量增长。\n", "南湖县康宁医院"),
    # the writer's branch the header names is the one written about
    ("医院简介｜东方医院南湖院区\n来源：东方医院  2026-07-15\n开放床位760张。\n",
     "东方医院南湖院区"),
    # a name inside a sentence is no byline
    ("东方医院正式托管我院，三年来成效明显。\n", None),
    ("县医院 2025-05-01\n我院门诊量增长。\n", None),  # a generic name
])
def test_author_of(text, author):
    assert author_of(text) == (("institution", author) if author else None)


OWN_POST = ("南湖县康宁医院 2025-05-01 08:30 河北\n"
            "2022年5月，东方医院正式托管我院。\n"
            "数说托管\n"
            "▶ 门急诊量：2024年达32.1万人次，同比增长11.5%。\n"
            "▶ 新技术：托管以来共开展61项。\n"
            "全市卫生院达到18家。\n")


@pytest.mark.parametrize("value, scope, subject", [
    (321000, "institution", "南湖县康宁医院"),  # a figure with no name: the writer's
    (11.5, "institution", "南湖县康宁医院"),
    (61, "institution", "南湖县康宁医院"),
    (18, "city", ""),  # a clause opening with a place word is the place's
])
def test_figures_of_an_institutions_own_post(value, scope, subject):
    row = _row(OWN_POST, value)
    assert (row["scope"], row["subject"]) == (scope, subject)


@pytest.mark.parametrize("text, value, scope, subject", [
    ("京张远程医疗平台累计开展远程会诊1.2万例。\n", 12000, "programme", "京张远程医疗平台"),
    ("南湖至北京空中转运通道开通以来，共转运危重患者46人。\n", 46, "programme",
     "北京空中转运通道"),
    ("京张医疗合作项目实施以来，共培训基层医生900人次。\n", 900, "programme", "京张医疗合作项目"),
    # members joined to a programme are its own
    ("京张远程医疗平台已接入张家口市县两级医疗机构86家。\n", 86, "programme", "京张远程医疗平台"),
    # a department's name inside a programme's is no department
    ("京津冀儿科医联体成员单位达到58家。\n", 58, "programme", "京津冀儿科医联体"),
    # a year after a name is no count of it (联盟2025年会)
    ("南湖心血管专科联盟2025年年会召开，来自三地的300余名专家参会。\n", 300, "programme",
     "南湖心血管专科联盟"),
    # a place sends staff to a hospital named after the number (到…医院): the hospital's
    ("东城区先后选派5批、共63名医疗专家到康保县康民医院开展帮扶。\n", 63, "institution",
     "康保县康民医院"),
    # a hospital whose experts come is the sender, not whose figures these are
    ("东方医院、南湖医院的专家来我市坐诊，全年累计服务群众1.06万人次。\n", 10600, "city", ""),
    # departments listed before their count (内科、儿科两个中心) are counted, not the subject
    ("南湖医院新建的神经内科、儿科两个专科中心运行良好。\n", 2, "institution", "南湖医院"),
    # a count of a programme's own parts; but the ones built are the place's
    ("今年前三季度，河北省7个国家区域医疗中心门急诊量合计达126万人次。\n", 7, "programme",
     "国家区域医疗中心"),
    ("北京已在河北建设7个国家区域医疗中心。\n", 7, "province", ""),
    ("托管后，康平医院新开设7个诊疗项目，胸痛中心、卒中中心两个中心通过认证。\n", 2,
     "institution", "康平医院"),
    # a kind counted after its count (5家北京医院) names no institution
    ("东方医院等5家北京医院的98名专家在院坐诊。\n", 98, "province", ""),
    # a cooperation project with no place in its name is what is counted
    ("全市医疗合作项目达到64个。\n", 64, "city", ""),
])
def test_programmes_by_their_kind_of_name(text, value, scope, subject):
    row = _row(text, value, home="张家口")
    assert (row["scope"], row["subject"]) == (scope, subject)


@pytest.mark.parametrize("text, value, measure, per, qualifier", [
    # a stated change of a rate is a change, and keeps the rate's denominator
    ("2024年末，每千常住人口床位6.1张，比上年增加0.3张。\n", 0.3, "change", "每千常住人口",
     "exact"),
    ("2024年末，每千常住人口床位6.1张，比上年增加0.3张。\n", 6.1, "rate", "每千常住人口",
     "exact"),
    # a range is one claim: at least its first term
    ("常驻专家保持在6至9人。\n", 6, "stock", "", "at_least"),
])
def test_change_of_a_rate_and_ranges(text, value, measure, per, qualifier):
    row = _row(text, value)
    assert (row["measure"], row["per"], row["qualifier"]) == (measure, per, qualifier)
    assert not [r for r in _facts(text) if r["value"] == 9]


@pytest.mark.parametrize("text, home, county", [
    ("武清区医疗协同取得新进展\n今年以来，我区新增合作项目8个。\n", "天津", "武清"),
    ("专家周末门诊开进大厂\n专家来我县坐诊。\n", "廊坊", "大厂"),
    # a county's body on the byline
    ("规划中期评估报告发布\n通州区卫生健康委  2025-12-18\n床位数6.1张。\n", "北京", "通州"),
    # a county outside the source's place, or a text with no county words, keeps the home
    ("武清区医疗协同取得新进展\n今年以来，我区新增合作项目8个。\n", "河北", "河北"),
    ("武清区医疗协同取得新进展\n全市新增合作项目8个。\n", "天津", "天津"),
])
def test_county_home(text, home, county):
    assert county_home(text, home) == county


def test_a_county_text_counts_for_its_county():
    text = "武清区医疗协同取得新进展\n今年上半年，全区新增合作项目8个，区内定点医疗机构达到62家。\n"
    rows = {r["value"]: r for r in _facts(text, home="天津")}
    assert [(rows[v]["scope"], rows[v]["place"]) for v in (8, 62)] == [("county", "武清")] * 2


@pytest.mark.parametrize("text, home, about_jjj, place", [
    # a text about another region speaks of the region its header names
    ("长三角门诊费用直接结算再提速\n结算量为892万人次。\n", "上海", False, "长三角"),
    ("川渝异地就医结算量增长\n结算1286万人次。\n", "", False, "川渝"),
    # a source with no place: the first place its header names
    ("保定市医疗资源扩容\n新增床位800张。\n", "", True, "保定"),
    # a text of the region keeps its source's place
    ("京津冀检查结果互认扩围\n互认项目56项。\n", "天津", True, "天津"),
])
def test_text_home(text, home, about_jjj, place):
    assert text_home(text, home, about_jjj) == place


def test_a_programme_named_back_by_its_kind():
    text = "依托南湖远程医疗协作网，全县实现远程互联。\n今年以来，协作网共开展远程会诊4260例。\n"
    row = _row(text, 4260)
    assert (row["scope"], row["subject"]) == ("programme", "南湖远程医疗协作网")


@pytest.mark.parametrize("text, value, measure, as_of", [
    # a value listed after another of its unit is of its kind
    ("2024年，门诊量和出院人数同比分别增长12.5%和7.8%。\n", 7.8, "change", "2024"),
    # the parts of a whole by place take its measure; a total after a new count does not
    ("六年来，联盟成员单位增至138家，其中北京29家、天津37家。\n", 37, "stock", "2025-06-01"),
    ("2024年，新增医联体12个、总数达到105个。\n", 105, "stock", "2024"),
    # 上年 counts from the sentence's own year
    ("2023年，三级医院由上年的6家增至8家。\n", 6, "stock", "2022"),
    # a commitment (不少于, 不低于) or a budget is planned
    ("下一步，每季度组织专家义诊不少于20次。\n", 20, "planned", "2025-06-01"),
    ("市财政预算安排协同发展资金3.86亿元。\n", 386000000, "planned", "2025-06-01"),
    # what was done within a stated year is a flow
    ("2024年，指导受援医院开展新技术新项目27项，帮助建设重点专科5个。\n", 27, "flow", "2024"),
    ("2024年，与京津医疗机构新签合作协议18项，合作项目总数达到97项。\n", 18, "flow", "2024"),
    ("2024年，与京津医疗机构新签合作协议18项，合作项目总数达到97项。\n", 97, "stock", "2024"),
    # a target share is planned; a share of a plan done is progress
    ("下一步，力争县域内就诊率提升至95%以上。\n", 95, "planned", "2025-06-01"),
    ("项目已完成年度计划的85%。\n", 85, "progress", "2025-06-01"),
    # one day's count is a flow, whatever 共 says
    ("当天，十二位专家在这里坐诊，共接诊患者三百四十余人次。\n", 340, "flow", "2025-06-01"),
    # 截至今年 is no 至今 (a running total to now)
    ("截至今年6月底，共有医养结合机构126家，床位2.3万张。\n", 23000, "stock", "2025-06"),
    # a level risen to over the years is a level
    ("六年来，联盟成员单位增至138家。\n", 138, "stock", "2025-06-01"),
    ("六年来，联盟累计吸纳成员单位138家。\n", 138, "cumulative", "2025-06-01"),
    # a sentence with no number opening a period dates the paragraph after it…
    ("今年上半年，两地合作持续深化。区内医疗机构签订合作协议11项。\n", 11, "flow", "2025-06"),
    # …but a month that opens an event does not
    ("2023年6月，东方医院正式托管县医院。两年来，累计派驻专家150人。\n", 150, "cumulative",
     "2025-06-01"),
])
def test_measure_and_date_from_the_text_around(text, value, measure, as_of):
    row = _row(text, value)
    assert (row["measure"], row["as_of"]) == (measure, as_of)


def _titled(text: str, title: str) -> list[dict]:
    src = Source(id="900_test", title=title, outlet="", published="2025-06-01", date_method="",
                 script="simplified", about_jjj=True, path=Path("900_test.txt"),
                 extra={"place": "廊坊"})
    return document_facts(Document(src, normalize(text, "900_test")))


@pytest.mark.parametrize("title, measure", [
    ("南湖医院新院区项目主体结构封顶", "planned"),  # still being built: its size is planned
    ("南湖医院新院区项目施工总承包招标公告", "planned"),
    ("南湖医院新院区正式启用", "stock"),  # built
])
def test_a_building_by_its_title(title, measure):
    rows = _titled(f"{title}\n项目位于南湖镇，总建筑面积约15.3万平方米。\n", title)
    assert next(r for r in rows if r["value"] == 153000)["measure"] == measure


def test_a_project_named_back_after_a_heading():
    text = ("固安康宁医院（二期）建设项目招标公告\n1.招标条件\n"
            "本招标项目固安康宁医院（二期）建设项目已批准建设。\n2.项目概况\n"
            "2.1建设规模：项目占地面积约144亩。\n")
    row = _row(text, 144)
    assert (row["scope"], row["subject"]) == ("institution", "固安康宁医院（二期）建设项目")


@pytest.mark.parametrize("text, value, as_of", [
    # in a review of 2025 published in 2026, 上年 is 2024
    ("南湖市2025年卫生健康统计公报\n三级医院由上年的6家增至8家。\n", 6, "2024"),
    ("南湖市2025年卫生健康统计公报\n三级医院由上年的6家增至8家。\n", 8, "2025"),
    # …and in a sentence of 2025, 上年 is 2024 whatever the review
    ("南湖市2025年卫生健康统计公报\n2025年，三级医院由上年的6家增至8家。\n", 6, "2024"),
    # 去年 still counts from the publication
    ("南湖市2025年卫生健康统计公报\n去年新增床位300张。\n", 300, "2025"),
])
def test_last_year_in_a_review(text, value, as_of):
    src = Source(id="900_test", title="", outlet="", published="2026-03-01", date_method="",
                 script="simplified", about_jjj=True, path=Path("900_test.txt"),
                 extra={"place": "保定", "reports_on": {"year": 2025,
                                                       "quote": "南湖市2025年卫生健康统计公报"}})
    rows = document_facts(Document(src, normalize(text, "900_test")))
    assert next(r for r in rows if r["value"] == value)["as_of"] == as_of


def test_a_target_dates_only_its_own_clause():
    text = ("截至2024年底，每千常住人口床位数6.1张，2025年规划目标为7张，医护比为1∶1.32，"
            "每万常住人口全科医生数达到4.2人。\n")
    got = [(r["measure"], r["as_of"]) for r in _facts(text, "通州")
           if r["value"] in (6.1, 7, 1, 4.2)]
    assert got == [("rate", "2024"), ("planned", "2025"), ("ratio", "2024"), ("rate", "2024")]


def test_a_value_of_now_after_a_dated_paragraph():
    text = "今年1至4月，协作网共开展远程会诊4260例。响应时间由2023年的3.2小时缩短至目前的1小时以内。\n"
    assert [_row(text, v)["as_of"] for v in (4260, 3.2, 1)] == ["2025-04", "2023", "2025-06-01"]


@pytest.mark.parametrize("value, as_of", [
    (1, "2021"),  # 由2021年试点时的1家: the from value's own year
    (45, "2025-04"),  # …the rest of the sentence keeps its 截至 date
    (86, "2025-04"),
])
def test_a_from_year_dates_only_its_value(value, as_of):
    text = "截至4月底，指定医疗机构已由2021年试点时的1家扩展至45家，累计批准使用药品86种。\n"
    assert _row(text, value)["as_of"] == as_of
