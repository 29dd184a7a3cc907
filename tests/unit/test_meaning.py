"""Tests for jjjhealth.extract.meaning: measure, change base, per, scope, subject, actor, counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from jjjhealth.errors import MeaningError
from jjjhealth.extract.cues import tables
from jjjhealth.extract.dating import Dated, SentenceDates
from jjjhealth.extract.fact_rows import Document, _titles_dated_by_body, document_facts
from jjjhealth.extract.meaning import SentenceMeaning, place_scope
from jjjhealth.extract.quantities import find_quantities
from jjjhealth.extract.topic import Topic, located
from jjjhealth.text.normalize import normalize
from jjjhealth.text.sources import Source


def meaning(sentence: str, index: int = 0, place: str = "", home: str = "", dated=None,
            topic=None):
    """sentence + index of its quantity → that quantity's Meaning."""
    q = find_quantities(sentence)[index]
    return SentenceMeaning(sentence).of(q, place, home, dated, topic)


# (sentence, index, expected measure) — sentences written for these tests
MEASURES = [
    ("目前全区共有社区卫生服务中心12个", 0, "stock"),                   # 共有 = a level
    ("建院以来累计接诊患者80万人次", 0, "cumulative"),
    ("两地共建专科联盟9个", 0, "stock"),                               # 共建 is not 共
    ("七年来,两地共建专科联盟9个", 1, "cumulative"),                   # X年来: since a start
    ("七年来,两地共建专科联盟9个", 0, "stock"),                        # the duration itself
    ("七年来,两地共签署协议31份", 1, "cumulative"),
    ("儿科、眼科等5个专科先后通过评审", 0, "cumulative"),              # 先后 after the number
    ("今年以来,该院接诊外地患者3.1万人次", 0, "flow"),
    ("今年1至4月,累计派出专家120人次", 0, "flow"),                    # a period wins over 累计
    ("首批12家医院纳入试点", 0, "batch"),
    ("第二批入选项目8个", 0, "batch"),
    ("新院区设计床位600张", 0, "planned"),
    ("项目规划建筑面积9.6万平方米", 0, "planned"),
    ("该院将新增床位200张", 0, "planned"),
    ("平台将县域内31家卫生院纳入远程会诊网络", 0, "stock"),           # 将 = 把, not the future
    ("每千常住人口执业医师达到3.4人", 0, "rate"),
    ("该院日均门急诊量达到2600余人次", 0, "rate"),                    # an average per day
    ("次均住院费用为1.2万元", 0, "rate"),                              # …per case
    ("平均每人少花约五百元", 0, "rate"),                                # …per person
    ("平均住院日缩短至6.8天", 0, "stock"),                            # an averaged duration
    ("医护比为1∶1.3", 0, "ratio"),
    ("协同发展指数达到142.6点", 0, "index"),
    ("外地患者占比达21%", 0, "share"),
    ("主体工程进度达65%", 0, "progress"),
    ("门诊量同比增长8.2%", 0, "change"),
    ("床位数比上年增加350张", 0, "change"),
    ("全区床位净增860张", 0, "change"),                                 # a net change
    ("基层诊疗量是2019年的1.4倍", 0, "change"),
]


@pytest.mark.parametrize("sentence, index, measure", MEASURES)
def test_measure(sentence, index, measure):
    assert meaning(sentence, index).measure == measure


def test_a_future_year_makes_any_value_planned():
    dated = Dated("2027", "sentence", future=True)
    assert meaning("到2027年,每千常住人口床位达到7.2张", dated=dated).measure == "planned"


def test_a_whole_year_count_of_visits_is_a_flow():
    dated = Dated("2022", "sentence", whole_period=True)
    assert meaning("2022年,全市总诊疗量约3100万人次", dated=dated).measure == "flow"
    assert meaning("2022年,全市实有床位4.1万张", dated=dated).measure == "stock"


@pytest.mark.parametrize("sentence, base", [
    ("门急诊量较去年同期增长12%", "same_period_last_year"),
    ("出院人次同比增长5%", "same_period_last_year"),
    ("床位比上年增加900张", "previous_year"),
    ("从2015年到2022年,机构数从80个增长到120个,增长50%", "period"),
])
def test_change_base(sentence, base):
    m = meaning(sentence, len(find_quantities(sentence)) - 1)
    assert (m.measure, m.change_base) == ("change", base)


@pytest.mark.parametrize("sentence, per, counted", [
    ("日均门急诊量达到2600余人次", "日均", "门急诊量"),
    ("次均住院费用为1.2万元", "次均", "住院费用"),
    ("平均每人少花约五百元", "每人", ""),
])
def test_an_average_keeps_its_denominator(sentence, per, counted):
    m = meaning(sentence)
    assert m.per == per
    assert not counted or m.counted == counted


def test_rate_keeps_its_denominator_through_a_list():
    s = "每千常住人口执业(助理)医师4.1人、注册护士4.6人"
    assert [meaning(s, i).per for i in (0, 1)] == ["每千常住人口", "每千常住人口"]


# (sentence, index, scope, subject, actor, counted)
ABOUT = [
    ("东方儿童医院210余位专家下沉南湖市儿童医院,开展新技术40项", 0,
     "institution", "南湖市儿童医院", "东方儿童医院", "专家"),
    ("东方儿童医院210余位专家下沉南湖市儿童医院,开展新技术40项", 1,
     "institution", "南湖市儿童医院", "东方儿童医院", "新技术"),
    ("京津派驻专家3400人次", 0, "city", "", "京津", "专家"),
    ("心内科、呼吸科接收外地患者占比超60%", 0, "department", "心内科、呼吸科", "", "外地患者"),
    ("市第三医院东院区,外地患者较去年同期增长31.5%", 0,
     "institution", "市第三医院东院区", "", "外地患者"),
    ("北辰医院、南开医院等8家医院完成改造", 0, "city", "", "", "医院"),   # examples, not subject
    ("全市建成区域医联体26个", 0, "city", "", "", "区域医联体"),           # counted, not subject
    ("两所医院将在明年共建中心", None, "", "", "", ""),                   # anaphora: no number
]


@pytest.mark.parametrize("sentence, index, scope, subject, actor, counted", ABOUT)
def test_scope_subject_actor_counted(sentence, index, scope, subject, actor, counted):
    if index is None:
        assert find_quantities(sentence) == []
        return
    m = meaning(sentence, index, place="南湖", home="南湖")
    assert (m.scope, m.subject, m.actor, m.counted) == (scope, subject, actor, counted)


def test_an_anaphor_points_back_to_the_institution_named_before():
    topic = ("institution", "南湖市康宁医院")
    m = meaning("今年以来,医院门急诊量约9万人次", place="南湖", topic=topic)
    assert (m.scope, m.subject) == topic
    assert meaning("全市门急诊量约90万人次", place="南湖", topic=topic).scope == "city"


@pytest.mark.parametrize("sentence, scope", [
    ("到2025年,全省每个县(市)至少有1所县级医院达到三级水平", "county"),   # each county's
    ("到2025年,全省至少有10所县级医院达到三级水平", "province"),
    # a group of counties (环京12个县) is county; all of a city's (全市8个县, 保定8个县) the city's
    ("我省环京12个县(市、区)共有养老机构98家", "county"),
    ("全市8个县(市、区)共有养老机构98家", "province"),
    ("保定8个县(市、区)共有养老机构98家", "province"),
])
def test_a_count_for_each_unit_has_its_level(sentence, scope):
    assert meaning(sentence, 0, place="河北", home="河北").scope == scope


@pytest.mark.parametrize("place, scope", [
    ("京津冀", "region"), ("河北", "province"), ("保定", "city"), ("通州", "county"), ("", "")])
def test_place_scope(place, scope):
    assert place_scope(place) == scope


def test_broken_tables_name_the_file(tmp_path):
    bad = tmp_path / "meaning.yml"
    bad.write_text("per: '('\n", encoding="utf-8")
    with pytest.raises(MeaningError, match="meaning.yml: missing tables"):
        tables(bad)


@pytest.mark.parametrize("sentence, index, scope, subject", [
    # the partner of 'A与B合作共建' receives, also after a ；
    ("东方医院与南湖市第一医院合作共建以来,东方方面共派驻医务人员40名;累计诊疗1.1万人次", 0,
     "institution", "南湖市第一医院"),
    ("东方医院与南湖市第一医院合作共建以来,东方方面共派驻医务人员40名;累计诊疗1.1万人次", 1,
     "institution", "南湖市第一医院"),
    ("南湖市康宁医院共接诊患者9000人次,三河市县域内就诊率达到88%", 1, "county", ""),  # place opens
    ("儿科新病区投入使用,儿科病区床位总数达到90张", 0, "department", "儿科病区"),
    ("南湖市第一医院心内科完成介入手术300台", 0, "department", "心内科"),  # hospital + department
    ("扩建工程完工,NICU床位由2021年的40张增至64张", 0, "department", "NICU"),
    ("其中,保定项目规划床位600张", 0, "institution", "保定项目"),      # a site named by its place
    ("医疗合作项目达到300余个", 0, "city", ""),                      # what is counted
    ("东方医院先后选派2批共30名医生到南湖县医院挂职", 1, "institution", "南湖县医院"),
])
def test_more_subjects(sentence, index, scope, subject):
    m = meaning(sentence, index, place="三河" if "三河" in sentence else "保定", home="保定")
    assert (m.scope, m.subject) == (scope, subject)


@pytest.mark.parametrize("sentence, index, measure", [
    ("今年以来,三地联合创建医联体12个", 0, "flow"),                  # created within the period
    ("今年上半年,北京两家医院派驻专家20名", 0, "stock"),             # the hospitals are a level
    ("已累计疏解床位900张,6家医院完成疏解", 1, "stock"),             # 累计 belongs to the beds
    ("累计签署协议30份,共建科室12个", 1, "cumulative"),              # the list shares 累计
    ("2024年,坐诊300多次", 0, "flow"),
    ("未来5年,新增床位800张", 0, "planned"),
])
def test_entities_counted_in_a_period(sentence, index, measure):
    dated = Dated("2024", "sentence", whole_period=True) if "2024年" in sentence else None
    assert meaning(sentence, index, dated=dated).measure == measure


def read_article(paragraphs: list[list[str]]) -> list[tuple]:
    """paragraphs of sentences → (number text, scope, subject) of every number, the topic
    carried from sentence to sentence as extract.fact_rows carries it."""
    focus, out = Topic(), []
    for i, para in enumerate(paragraphs):
        for j, sentence in enumerate(para):
            sm = SentenceMeaning(sentence)
            about = focus.carried(sentence, j == 0, i == j == 0)
            focus.read(sm.events, about, sentence)
            for q in find_quantities(sentence):
                m = sm.of(q, "保定", "保定", None, about)
                out.append((q.text, m.scope, m.subject))
    return out


# (paragraphs, number text, scope, subject) — self-written articles; names are fictional
TOPICS = [
    # a press release names the campus once; its later numbers are the campus's
    ([["今天,南湖市康宁医院新院区正式启用。", "院区总建筑面积约8万平方米,设计床位900张。"]],
     "900", "institution", "南湖市康宁医院新院区"),
    # within a paragraph the topic holds without an anaphor
    ([["南湖市康宁医院新院区正式启用。", "首期开放床位500张。"]],
     "500", "institution", "南湖市康宁医院新院区"),
    # a new paragraph inherits only through an anaphor (该院, 医院, 双方 …)
    ([["南湖市康宁医院新院区正式启用。"], ["全年新增床位300张。"]], "300", "city", ""),
    ([["南湖市康宁医院新院区正式启用。"], ["该院去年出院患者2.1万人次。"]],
     "2.1万", "institution", "南湖市康宁医院新院区"),
    # a clause opening with a place (全市, 河北) speaks of the place
    ([["南湖市康宁医院今年门诊量达50万人次,全市三级医院已达9家。"]], "9", "city", ""),
    # 全院 after a department means the whole hospital
    ([["今年上半年,南湖市康宁医院眼科接诊患者1.2万人次;全院出院患者3.1万人次。"]],
     "3.1万", "institution", "南湖市康宁医院"),
    # a department centre co-built by two hospitals, and what its sender sends to it
    ([["东方医院与南湖市人民医院合作共建的胸痛中心挂牌运行。",
       "挂牌以来,东方医院累计派出专家40人,中心完成介入手术560台。"]],
     "40", "department", "胸痛中心"),
    ([["东方医院与南湖市人民医院合作共建的胸痛中心挂牌运行。",
       "挂牌以来,东方医院累计派出专家40人,中心完成介入手术560台。"]],
     "560", "department", "胸痛中心"),
    # a sender with no receiver named sends to the hospital spoken of
    ([["北方儿童医院专家团队进驻南湖市儿童医院。", "北方儿童医院累计派出专家150余名。"]],
     "150余", "institution", "南湖市儿童医院"),
    # a rate per population is the place's, not the hospital's
    ([["南湖市康宁医院新院区启用后,每千常住人口床位数提高到6.2张。"]], "6.2", "city", ""),
    # …but an average per day or case is the hospital's
    ([["南湖市康宁医院新院区启用后,日均门诊量达到3200人次。"]], "3200", "institution",
     "南湖市康宁医院新院区"),
    ([["南湖市康宁医院正式挂牌。", "医院次均住院费用由8100元降至7400元。"]], "7400", "institution",
     "南湖市康宁医院"),
    # hospitals counted, and graded designations, are the place's
    ([["南湖市康宁医院正式挂牌。", "目前已有12家基层医疗机构与其建立协作关系。"]], "12", "city", ""),
    ([["南湖市康宁医院正式挂牌。", "医院新增3个省级临床重点专科。"]], "3", "city", ""),
    # where patients come from, and who sends staff, is not whose number it is
    ([["南湖市康宁医院正式挂牌。", "去年接诊来自天津、河北的患者4万人次。"]],
     "4万", "institution", "南湖市康宁医院"),
    ([["南湖市康宁医院东区分院正式开诊。", "目前,北京派驻医务人员120余人。"]],
     "120余", "institution", "南湖市康宁医院东区分院"),
    # a programme's own sentence is its own; the next sentence needs 联盟 to point back
    ([["东湖眼科专科联盟在南湖成立。", "联盟首批吸纳成员单位26家。"]],
     "26", "programme", "东湖眼科专科联盟"),
    ([["南湖县域医共体已实现全覆盖。", "基层诊疗量占比达到65%。"]], "65", "city", ""),
    # …but a named programme's figures go on in its paragraph (会诊 is the network's)
    ([["东湖远程医疗协作网今年共开展远程会诊3200例。", "会诊平均响应时间缩短至2小时。"]],
     "2", "programme", "东湖远程医疗协作网"),
    # a clause opening with a time phrase and a place (2019年以来三地…) ends the topic
    ([["东湖转运协作机制运行满5年,2019年以来三地累计转运患者2100人次,今年转运480人次。"]],
     "480", "city", ""),
    ([["东湖转运协作机制运行满5年,今年1至6月保定转运患者480人次。"]], "480", "city", ""),
    # a project's phase or part is the hospital's project, not a programme
    ([["南湖市康宁医院二期工程开工。", "二期工程规划床位400张。"]],
     "400", "institution", "南湖市康宁医院"),
    # a sentence that names its own, different subject later does not inherit the topic
    ([["南湖市康宁医院正式挂牌。", "经过5年建设,东湖市人民医院成为三级医院。"]], "5", "city", ""),
    # a new paragraph keeps what was named, for its anaphors (中心 → the centre)
    ([["南湖医院胸痛中心揭牌。"], ["去年,南湖医院收治患者900例。", "中心运行后,预计每年可少转诊300人次。"]],
     "300", "department", "胸痛中心"),
    # a county hospital named by its level is its own subject when none was named before
    ([["县医院建成卒中中心,患者死亡率下降了12%。"]], "12", "institution", "县医院"),
    # where something lies (设在…) and the means (依托…平台) are not what the sentence speaks of
    ([["南湖医院眼科中心揭牌。", "中心设在南湖医院门诊楼,开放床位30张。"]],
     "30", "department", "眼科中心"),
    ([["今年,南湖市依托远程医疗协作平台完成会诊800例。"]], "800", "city", ""),
    # a category of projects is what is counted, not a site (合作项目); a quoted project is a site
    ([["全市与京津医疗机构合作项目总数达到60个。"]], "60", "city", ""),
    ([["南湖新区“交钥匙”综合医院项目总建筑面积约9万平方米。"]],
     "9万", "institution", "南湖新区“交钥匙”综合医院"),
    # staff sent to a place named in the clause are the place's, not the hospital's spoken of
    ([["南湖市卫健委与东方医院签署合作协议。", "全年,京津医疗机构向河北派出专家3200人次。"]],
     "3200", "city", ""),
    # 'A与B…': A is no subject, but 该院 may point back to it
    ([["南湖区人民医院与北京3家三甲医院建立合作关系。", "去年,该院接受北京专家坐诊200多次。"]],
     "200多", "institution", "南湖区人民医院"),
    # departments listed by name are the hospital's own, designations or not
    ([["东方医院对口支援南湖县中医院。", "双方共建针灸科、康复科等4个重点专科。"]],
     "4", "institution", "南湖县中医院"),
    ([["东方医院对口支援南湖县中医院。", "双方共建4个重点专科。"]], "4", "city", ""),
    # 届时 opens a clause about the hospital spoken of
    ([["南湖市康宁医院东区分院一期投入使用。", "二期工程计划2027年建成,届时分院床位将达到900张。"]],
     "900", "institution", "南湖市康宁医院东区分院"),
    # an example (其中…) does not become what the paragraph speaks of
    ([["全省公立医院全部参与结果互认。", "其中,南湖市康宁医院互认项目达到120项。",
       "全年共节省患者费用1.2亿元。"]], "1.2亿", "city", ""),
    # an area's measure (县域内就诊率) is the place's, whatever hospital was spoken of
    ([["今年以来,东方医院专家团队在南湖县人民医院坐诊2000余人次。", "县域内就诊率提高到88%。"]],
     "88", "city", ""),
    # members joined to a programme are its own, wherever they are
    ([["东湖远程医疗协作平台于2020年上线。", "目前,平台已接入三地医疗机构300家。"]],
     "300", "programme", "东湖远程医疗协作平台"),
    # 医联体 points back to a programme only, never to a hospital named before
    ([["东方医院在南湖设立分中心。", "医联体内双向转诊患者1.5万人次。"]], "1.5万", "city", ""),
    # 新院区 points back to the campus named before
    ([["南湖市人民医院东院区于6月启用。", "新院区设计床位1200张。"]],
     "1200", "institution", "南湖市人民医院东院区"),
    # 其中 breaks the programme's count down by place: the parts stay the programme's
    ([["东湖眼科专科联盟吸纳成员单位30家,其中北京8家、河北22家。"]],
     "22", "programme", "东湖眼科专科联盟"),
    # what a hospital became (成为…第一家三甲医院) is no new subject
    ([["南湖医院一期建成投用,成为南湖新区第一家三甲医院,门急诊量已超过5万人次。"]],
     "5万", "institution", "南湖医院"),
    # an abbreviated hospital name (省二院, 市一院) is an institution
    ([["去年,省二院收治患者1260例。"]], "1260", "institution", "省二院"),
]


@pytest.mark.parametrize("paragraphs, number, scope, subject", TOPICS)
def test_discourse_topic(paragraphs, number, scope, subject):
    found = [(s, sub) for text, s, sub in read_article(paragraphs) if text == number]
    assert found == [(scope, subject)]


@pytest.mark.parametrize("name, place", [
    ("北京康宁医院保定医院", "保定"),          # a branch named after its parent: where it lies
    ("北京康宁医院雄安院区", "雄安新区"),
    ("天津市康安医院", "天津"),                # no parent: the place it names
    ("北京康宁医院通州院区", "北京"),          # a district's campus: its municipality
    ("天津市滨海新区康安医院", "天津"),
    ("保定市儿童医院", "保定"),
    ("康宁医院", ""),
])
def test_located(name, place):
    assert located(name) == place


@pytest.mark.parametrize("sentence, number, actor", [
    ("2019年以来,东方中医医院对口支援南湖县中医院,先后派出专家40名", "40", "东方中医医院"),
    ("今年,北京市东城区先后选派医疗专家30位", "30", "北京市东城区"),   # a place sends
    ("天津专家在南湖完成手术900台", "900", "天津"),
    ("向保定派驻专家50名", "50", ""),                                  # sent to, not sender
])
def test_actor(sentence, number, actor):
    q = next(q for q in find_quantities(sentence) if q.text == number)
    assert SentenceMeaning(sentence).of(q, "保定", "保定").actor == actor


def test_a_title_takes_whose_number_it_is_from_the_body():
    row = {"value": 4.0, "unit": "万人次", "as_of": "2025", "date_basis": "published",
           "measure": "cumulative", "change_base": "",
           "scope": "", "subject": "", "subject_en": "", "actor": "", "place": "保定"}
    title = {**row, "section": "title", "scope": "city"}
    body = {**row, "section": "body", "scope": "institution", "subject": "南湖市儿童医院",
            "actor": "东方儿童医院", "place": "南湖"}
    out = _titles_dated_by_body([title, body])
    assert (out[0]["scope"], out[0]["subject"], out[0]["actor"]) == (
        "institution", "南湖市儿童医院", "东方儿童医院")


def _facts(text: str) -> list[dict]:
    """article text → its fact rows (the whole pipeline of one document)."""
    src = Source(id="900_test", title="", outlet="", published="2025-01-01", date_method="",
                 script="simplified", about_jjj=True, path=Path("900_test.txt"),
                 extra={"place": "保定"})
    return document_facts(Document(src, normalize(text, "900_test")))


@pytest.mark.parametrize("text, value, scope, subject", [
    # the body after its title may point back (院区) to the campus the title named
    ("南湖市康宁医院东院区今日开诊\n\n今天上午，院区正式开诊，设计床位800张。\n", 800,
     "institution", "南湖市康宁医院东院区"),
    # a body sentence that names nothing keeps no topic from the title
    ("南湖市康宁医院东院区今日开诊\n\n全市三级医院已达9家。\n", 9, "city", ""),
])
def test_topic_through_a_document(text, value, scope, subject):
    row = next(r for r in _facts(text) if r["value"] == value)
    assert (row["scope"], row["subject"]) == (scope, subject)


def dated_meaning(sentence: str, index: int = 0):
    """sentence + index → Meaning with the date the sentence gives (published 2025-09-20)."""
    q = find_quantities(sentence)[index]
    return SentenceMeaning(sentence).of(q, "南湖", "南湖", SentenceDates(sentence, "2025-09-20").of(q))


# (sentence, index, measure) — measure rules of issue 13, with the sentence's own date
DATED_MEASURES = [
    ("“十二五”期间,全省累计培训医生3000人次", 0, "flow"),          # a closed period beats 累计
    ("“十五五”期间,全省累计培训医生300人次", 0, "cumulative"),      # a plan not over: so far
    ("据悉,下一步,两地将联合建设6个专科联盟", 0, "planned"),
    ("该院将持续深化合作,去年接诊外地患者3万人次", 0, "flow"),        # its own past date
    ("2023年,京津两地共有120名专家在该市坐诊", 0, "flow"),           # 共有 inside a stated year
    ("2024年,全省新建成区域医疗中心3个,累计达到9个", 1, "cumulative"),  # the total reached
    ("2023年末,全市共有医疗机构5300家", 0, "stock"),                 # 年末…共有: a level
    ("该院2018年开诊以来,目前开放床位500张", 0, "stock"),            # 目前: a level
    ("十年来,两地支持建设区域医疗中心5个", 1, "cumulative"),          # the opening 十年来 holds
    ("三地已开展三轮联合评估", 0, "cumulative"),                      # 已开展 N: so far
    ("该院自2019年起与东方医院合作,至今已派驻专家85人", 0, "cumulative"),
    ("帮扶期间,县医院新开展技术项目20项", 0, "cumulative"),           # a period with no end
    ("该院年门诊量由2019年的20万人次增至2023年的35万人次", 0, "flow"),  # a yearly count
    ("全市定点医疗机构已全部联网,共计1.2万余家", 0, "stock"),        # 共计…家: existing ones
    ("8年来,两地医院在南湖设立分院共9家", 1, "cumulative"),           # created: a running total
    ("该院去年平均住院日为8.1天", 0, "stock"),                        # an average is a level
    ("帮扶以来,常驻专家始终保持在12人左右", 0, "stock"),              # 保持在: a level held
    ("今年6月,新门诊楼启用,日均接诊患者5000人次", 0, "rate"),           # a daily average: no flow
    ("去年新增医联体8个、总数达到60个", 1, "stock"),                   # 总数: a level
    ("今年前三季度,全市12个重点项目完成投资20亿元", 0, "stock"),       # projects: things
    ("下一步,全省将在山区县新增床位3000张", 0, "planned"),
    ("今年,我们将推动3个院区建成投用,新增床位2000张", 1, "planned"),  # 将 earlier in the segment
    ("项目总建筑面积15万平方米,预计2029年竣工", 0, "planned"),         # a building not yet built
    ("新院区占地120亩,主体工程进度达60%", 0, "stock"),                # its land is stock
    ("首期开放床位500张", 0, "batch"),
    ("首批纳入成员单位30家,其中东城8家、西城6家", 2, "batch"),        # a batch's breakdown
    ("按照协议,对方每年派出专家不少于50人次", 0, "planned"),          # a yearly commitment
    ("检查结果互认完成率100%", 0, "progress"),
    ("完成年度计划的75%", 0, "progress"),
    ("已完成投资9.2亿元,占总投资的59%", 1, "progress"),
    ("指数比上年提高2.1点,年均提高3.3点", 1, "change"),
    ("平均住院日7.2天,比上年缩短0.3天", 1, "change"),
    ("力争每千人口医师达到3.8人", 0, "planned"),                      # a target rate: planned
    ("合作8周年,8年来累计派出专家300人次", 1, "stock"),               # the duration itself
    ("合作8周年,8年来累计派出专家300人次", 2, "cumulative"),
]


@pytest.mark.parametrize("sentence, index, measure", DATED_MEASURES)
def test_measure_with_its_date(sentence, index, measure):
    assert dated_meaning(sentence, index).measure == measure


@pytest.mark.parametrize("sentence, index, base", [
    ("2023年,全市门诊量约3000万人次,同比增长6%", 1, "previous_year"),  # 同比 on a whole year
    ("今年1至5月,门诊量同比增长6%", 0, "same_period_last_year"),
    ("去年全年,门急诊量较前年增长7%", 0, "previous_year"),
    ("指数比上年提高2.1点,年均提高3.3点", 1, "period"),                 # a yearly average
])
def test_change_base_with_its_date(sentence, index, base):
    m = dated_meaning(sentence, index)
    assert (m.measure, m.change_base) == ("change", base)


@pytest.mark.parametrize("sentence, index, per", [
    ("每千常住人口执业医师4.2人,注册护士4.8人", 1, "每千常住人口"),    # a sibling in a list
    ("每千常住人口执业医师4.2人,医疗机构900个", 1, ""),                # another unit: not
    ("全省人均基本公共卫生服务补助标准提高到89元", 0, "人均"),
    ("每千常住人口床位数之比为2.1∶1.7∶1", 0, ""),                     # a ratio keeps its terms
])
def test_per(sentence, index, per):
    assert meaning(sentence, index).per == per


# (sentence, index, counted) — what is counted, in the text's words
COUNTED = [
    ("全市实有床位5.6万张,比上年增加1800张", 1, "床位"),               # the noun of the value before
    ("全市总诊疗量约9000万人次,同比增长5.2%", 1, "总诊疗量"),
    ("该院新生儿科床位由2021年的20张增至45张", 1, "床位"),
    ("急诊科接诊约1.5万人次", 0, "接诊"),                              # the activity itself
    ("新院区占地约120亩", 0, "占地"),
    ("全省建设省级区域医疗中心8个左右", 0, "省级区域医疗中心"),       # no noun after the hedge
    ("来自山东、山西等地的患者占比达21%", 0, "患者"),
    ("县医院县外转诊率降至7%", 0, "县外转诊率"),                        # the owner is not counted
    ("首批吸纳成员单位40家,其中北京10家、保定8家", 2, "成员单位"),     # a place's share
    ("区医院接诊京冀患者30万人次,占全区门急诊总量的15%", 1, "京冀患者"),
    ("南湖市与东方5家三甲医院签约", 0, "三甲医院"),
    ("全市医护比由2015年的1:0.85提高到1:1.1", 0, "医护比"),          # 1:0.85 is one number
    ("覆盖全省11个设区市中的9个", 1, "设区市"),
    ("科室年手术量由2019年的200例增至2023年的600例", 0, "年手术量"),
    ("指数2024年达到150.2点", 0, "指数"),                              # a date is no part of it
    ("县医院新技术新项目累计开展96项", 0, "新技术新项目"),             # a noun before the verb
    ("项目规划占地150亩", 0, "占地"),                                  # the project owns it
    ("全区床位3.2万张;实有医师1.1万人,增长4%", 2, "医师"),           # not across a ；
    ("全区基层医疗卫生机构诊疗量占比达到62.5%", 0, "基层医疗卫生机构诊疗量"),
    ("年末全区医疗机构床位8.2万张", 0, "医疗机构床位"),                 # 年末 is a date
]


@pytest.mark.parametrize("sentence, index, counted", COUNTED)
def test_counted(sentence, index, counted):
    assert meaning(sentence, index).counted == counted
