"""Tests for jjjhealth.extract.meaning: measure, change base, per, scope, subject, actor, counted."""

from __future__ import annotations

import pytest

from jjjhealth.errors import MeaningError
from jjjhealth.extract.cues import tables
from jjjhealth.extract.dating import Dated, SentenceDates
from jjjhealth.extract.meaning import SentenceMeaning, place_scope
from jjjhealth.extract.quantities import find_quantities


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
    ("医护比为1∶1.3", 0, "ratio"),
    ("协同发展指数达到142.6点", 0, "index"),
    ("外地患者占比达21%", 0, "share"),
    ("主体工程进度达65%", 0, "progress"),
    ("门诊量同比增长8.2%", 0, "change"),
    ("床位数比上年增加350张", 0, "change"),
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
    ("今年6月,新门诊楼启用,日均接诊患者5000人次", 0, "stock"),
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
