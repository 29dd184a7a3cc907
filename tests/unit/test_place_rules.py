"""Where a number happens: classify's place rules, place_in for entity names, and the fact row's
home and actor rules (extract.classify, extract.fact_rows), on self-written sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from jjjhealth.extract.classify import classify, place_in
from jjjhealth.extract.facts import Document, document_facts
from jjjhealth.extract.quantities import find_quantities
from jjjhealth.text.normalize import normalize
from jjjhealth.text.sources import Source

# (sentence, index of the quantity, the source's place) → place
CASES = [
    # where people come from is not where the number happens
    ("南湖区医院接诊北京、河北患者逾3万人次", 0, "天津", "天津"),
    ("其中来自河北廊坊、天津武清等地的患者占比达27%", 0, "北京", "北京"),
    ("收治来自山西、山东等省份的患儿近600例", 0, "保定", "保定"),
    # …but patients served for a place are that place's
    ("北京市为河北患者提供远程会诊近5万例", 0, "北京", "河北"),
    # a sender, also with 先后/累计 before the verb, and the district of a city (北京市东城区)
    ("北京市东城区先后选派32位医疗专家到围场县挂职", 0, "", "围场"),
    ("在东城区帮扶下,县医院死亡率下降了15%", 0, "围场", "围场"),
    ("常驻保定市儿童医院以来,北京儿童医院累计派出专家260余名", 0, "", "保定"),  # a sending
    ("向保定派驻专家30名", 0, "", "保定"),  # the receiver after 向
    ("在保定开展手术300台", 0, "", "保定"),  # 在 + place: where it happens
    # a place outside the region receives
    ("天津专家在甘肃完成手术3400余台", 0, "天津", "甘肃"),
    # the partner's own institutions: right before the number, or with 的
    ("北京已有14家医院与北三县的21家医疗机构开展合作", 1, "廊坊", "北三县"),  # 北三县 is a name, no number
    ("与京津累计签署合作协议247个", 0, "", ""),
    # areas made of counties, and other names of a place
    ("新增城市副中心优质医疗床位1200张", 0, "北京", "通州"),
    ("我省将在环京地区新增医养结合床位5000张", 0, "河北", "环京地区"),
    ("黄骅市人民医院心内科介入手术量占比从8%提高到19%", 0, "天津", "黄骅"),
    # the whole a share is taken of is not whose share it is
    ("北戴河区三家定点医院共结算2.9万人次，占全市的三成以上", 2, "秦皇岛", "北戴河"),
    ("东城、西城两区床位数占全市比重由2014年的18%下降到13%", 1, "北京", "西城"),  # a county
    # natives of a place (河北籍患者) come from it
    ("康宁医院河北籍患者占比超过八成", 0, "北京", "北京"),
    # the body a reporter heard the figures from is no place of theirs
    ("记者从广东省药品监督管理局获悉，指定医疗机构已扩展至45家", 0, "粤港澳大湾区", "粤港澳大湾区"),
]


@pytest.mark.parametrize(("sentence", "index", "home", "place"), CASES)
def test_place_of_a_number(sentence, index, home, place):
    q = find_quantities(sentence)[index]
    assert classify(sentence, q, default_place=home)[1] == place


@pytest.mark.parametrize(("name", "place"), [
    ("保定市儿童医院", "保定"),
    ("北京大学人民医院雄安院区", "雄安新区"),  # a branch elsewhere: the branch's place
    ("北京安泰医院天津分院", "天津"),
    ("天津医科大学总医院滨海医院", "天津"),  # a place inside the first: the first
    ("三河市燕郊人民医院", "三河"),
    ("滦州市康宁医院", "滦州"),  # counties and districts of the region are known by name
    ("蔚县人民医院", "蔚县"),
    ("张北县中医院", "张北"),
    ("京津医疗机构", ""),  # 京津 names senders, never an entity's place
    ("南湖康宁医院", ""),
    ("本市第一医院", ""),
])
def test_place_in_an_entity_name(name, place):
    assert place_in(name) == place


def _facts(text: str, home: str) -> list[dict]:
    src = Source(id="900_test", title="", outlet="", published="2025-01-01", date_method="",
                 script="simplified", about_jjj=True, path=Path("900_test.txt"),
                 extra={"place": home})
    return document_facts(Document(src, normalize(text, "900_test")))


@pytest.mark.parametrize(("text", "home", "value", "place"), [
    # 全省 in the sentence is home, before a place named earlier in the paragraph
    ("保定市医疗资源不断扩容。全省新建医院12家。\n", "河北", 12, "河北"),
    # a sentence naming no place is the source's place's; the paragraph's only without one
    ("推动资源向雄安新区布局。新增重点专科5个。\n", "河北", 5, "河北"),
    ("推动资源向雄安新区布局。新增重点专科5个。\n", "", 5, "雄安新区"),
    # the sender's place is not the place: the source's own place receives
    ("北京儿童医院专家常驻南湖市第一医院以来,北京儿童医院累计派出专家260余名。\n", "保定", 260,
     "保定"),
    ("北京同仁康复医院、北京和平医院向我市派驻专家三十余名。\n", "保定", 30, "保定"),
    # an institution's place is its prefecture-level city, not its county or district
    ("三河市康宁医院去年接诊患者2.3万人次。\n", "", 23000, "廊坊"),
    ("临城县人民医院开放床位320张。\n", "邢台", 320, "邢台"),
    ("通州区康华医院日均门诊量6000人次。\n", "", 6000, "北京"),
    # …while a county's own figures stay the county's
    ("临城县每千常住人口床位达5.1张。\n", "邢台", 5.1, "临城"),
    ("正定县新增家庭医生团队36个。\n", "石家庄", 36, "正定"),
])
def test_place_of_a_fact(text, home, value, place):
    rows = [r for r in _facts(text, home) if r["value"] == value]
    assert [r["place"] for r in rows] == [place]
