"""Tests for jjjhealth.extract.dating: the date a value holds for, from the sentence first."""

from __future__ import annotations

import pytest

from jjjhealth.extract.dating import SentenceDates, over_period
from jjjhealth.extract.quantities import find_quantities

PUB = "2025-09-20"


# (sentence, index, expected as_of, expected date_basis) — own sentences, published 2025-09-20
CASES = [
    ("截至9月13日,参与互认的医疗机构达到980家", 0, "2025-09-13", "sentence"),
    ("截至11月底,全市建成医联体30个", 0, "2024-11", "sentence"),   # a later month: last year
    ("截至2024年底,全市共有医疗机构5100个", 0, "2024", "sentence"),
    ("去年,全市新增床位1200张", 0, "2024", "sentence"),
    ("今年以来,累计接诊外地患者2万人次", 0, PUB, "published"),       # since: holds now
    ("十年来,三地共建医联体60个", 0, PUB, "published"),
    ("今年一季度,门诊量达12万人次", 0, "2025-03", "sentence"),
    ("今年1至8月,派出专家300人次", 0, "2025-08", "sentence"),
    ("每千人口医师由2016年的2.3人增加至2023年的3.1人", 0, "2016", "sentence"),
    ("每千人口医师由2016年的2.3人增加至2023年的3.1人", 1, "2023", "sentence"),
    ("床位由2020年的40张增至90张", 1, PUB, "published"),               # the year was the from's
    ("机构数是2015年的1.6倍", 0, PUB, "published"),                   # 2015 is the base
    ("外地患者较去年同期增长18%", 0, PUB, "published"),                # 去年同期 is the base
    ("2021年以来,先后派出骨干医生40名", 0, PUB, "published"),
    ("5月8日,两地签约,共建专科联盟6个", 0, "2025-05-08", "sentence"),
    ("全市现有医疗机构5300个", 0, PUB, "published"),
]


@pytest.mark.parametrize("sentence, index, as_of, basis", CASES)
def test_as_of(sentence, index, as_of, basis):
    q = find_quantities(sentence)[index]
    d = SentenceDates(sentence, PUB).of(q)
    assert (d.as_of, d.date_basis) == (as_of, basis)


def test_a_future_year_is_a_target():
    s = "到2027年,每千常住人口床位达到7张"
    assert SentenceDates(s, PUB).of(find_quantities(s)[0]).future


def test_review_year_and_topic_date_come_before_publication():
    s = "全市实有床位4.1万张"
    q = find_quantities(s)[0]
    assert SentenceDates(s, PUB, ("2023", "reports_on")).of(q).as_of == "2023"
    assert SentenceDates(s, PUB).of(q, topic=("2024", True)).as_of == "2024"


def test_topic_is_the_opening_date_only():
    assert SentenceDates("2023年末,全市床位4万张", PUB).topic() == ("2023", False, False)
    assert SentenceDates("全市床位2023年末达4万张", PUB).topic() is None


@pytest.mark.parametrize("sentence, as_of", [
    ("承德项目规划床位600张,将于2027年建成", "2027"),     # the target year just after the value
    ("规划床位600张;2027年另建门诊楼", PUB),               # another segment: not this value's
])
def test_target_year_after_a_value(sentence, as_of):
    q = find_quantities(sentence)[0]
    assert SentenceDates(sentence, PUB).of(q).as_of == as_of


# (sentence, index, as_of, basis) — the dating rules of issue 13, own sentences (PUB 2025-09-20)
MORE_CASES = [
    ("今年,全区新增家庭医生团队45个", 0, PUB, "sentence"),            # 今年: a year not over
    ("截至今年6月底,全区建成医联体41个", 0, "2025-06", "sentence"),
    ("今年1—5月,接诊外地患者2.2万人次", 0, "2025-05", "sentence"),   # a dash month range
    ("2023年1—9月,接诊外地患者6.2万人次", 0, "2023-09", "sentence"),
    ("2024年前三季度,接诊外地患者8.1万人次", 0, "2024-09", "sentence"),
    ("“十三五”期间,全区累计新增床位5000张", 0, "2020", "sentence"),  # the plan's last year
    ("“十五五”期间,全区累计新增床位900张", 0, PUB, "published"),      # not over: so far
    ("本报讯 16日,两区签署协议,组建专家库120人", 0, "2025-09-16", "sentence"),
    ("记者昨日获悉,全区已有医联体30个", 0, "2025-09-19", "sentence"),
    ("记者在现场看到,300余名工人正在施工", 0, PUB, "published"),       # 看到 is no date
    ("比例从2019年的3%提高到去年的8%", 1, "2024", "sentence"),         # a relative value year
    ("占比由2020年的5%上升到今年上半年的9%", 1, "2025-06", "sentence"),
    ("医师由2015年的2.2人增至2022年的2.8人,护士由2.0人增至3.1人", 2, "2015", "sentence"),
    ("医师由2015年的2.2人增至2022年的2.8人,护士由2.0人增至3.1人", 3, "2022", "sentence"),
    ("门诊量由2019年的8万人次增长到2023年的12万人次,手术量增长1.5倍", 2, "2023", "sentence"),
    ("6月3日,主体结构封顶,目前工程进度达70%", 0, "2025-06-03", "sentence"),  # that day's now
    ("目前,全区共有医疗机构530个", 0, PUB, "published"),
    ("其中二期工程进度已超80%,预计明年5月交付", 0, PUB, "published"),  # done: no target
]


@pytest.mark.parametrize("sentence, index, as_of, basis", MORE_CASES)
def test_more_dates(sentence, index, as_of, basis):
    q = find_quantities(sentence)[index]
    d = SentenceDates(sentence, PUB).of(q)
    assert (d.as_of, d.date_basis) == (as_of, basis)


@pytest.mark.parametrize("sentence, index, as_of, future", [
    ("预计明年6月交付使用,届时新增床位600张", 0, "2026-06", True),
    ("2025年主要目标:每千人口医师达到3.6人", 0, "2025", True),          # a plan's year
    ("下一步将推动互认项目在年底前扩展至90项", 0, "2025", True),        # 年底前: a deadline
    ("到2026年底前,每个区至少建成1家区域医疗中心", 0, "2026", True),
])
def test_targets(sentence, index, as_of, future):
    d = SentenceDates(sentence, PUB).of(find_quantities(sentence)[index])
    assert (d.as_of, d.future) == (as_of, future)


@pytest.mark.parametrize("sentence, topic, as_of", [
    # a planned value takes the sentence's later target, else 今年's year, else publication
    ("项目总建筑面积9万平方米,计划2028年建成", None, "2028"),
    ("今年,全区将新增床位500张", None, "2025"),
    ("中心建成后,预计每年减少外转患者300人次", ("2023", True, False), PUB),
])
def test_a_planned_value_takes_its_target(sentence, topic, as_of):
    q = find_quantities(sentence)[0]
    assert SentenceDates(sentence, PUB).of(q, topic).planned().as_of == as_of


@pytest.mark.parametrize("sentence, topic", [
    ("本报讯 记者从区卫健委获悉,截至2024年底,全区床位4万张", ("2024", False, False)),
    ("截至9月13日,互认机构达到900家", ("2025-09-13", False, False)),  # a 截至 day holds on
    ("6月17日,新院区开诊", None),                                       # an event's day
    ("全区床位2024年达4万张", None),
])
def test_topic_after_a_reporting_frame(sentence, topic):
    assert SentenceDates(sentence, PUB).topic() == topic


def test_the_last_date_of_a_sentence_dates_a_qizhong_after_it():
    assert SentenceDates("截至9月13日,互认机构达到900家", PUB).last_date() == (
        "2025-09-13", False, False)
    assert SentenceDates("今年以来,累计减少重复检查40万次", PUB).last_date() is None


def test_present_state_is_not_dated_by_the_paragraph():
    s = "全区已有逾40家医院与京津医院建立合作"
    assert SentenceDates(s, PUB).of(find_quantities(s)[0], ("2024", True, False)).as_of == PUB


@pytest.mark.parametrize("sentence, period", [
    ("2023年,外出就医人次较2017年下降近三成", ("2017", "2023")),
    ("2023年,外出就医人次同比下降5%", None),                          # no base year
    ("外出就医人次较2017年下降近三成", None),                          # no date of its own
])
def test_period_of_a_comparison(sentence, period):
    assert SentenceDates(sentence, PUB).period() == period


def test_tongqi_takes_the_period_of_the_sentence_before():
    s = "同期,县级医院开展微创手术的占比由不到三成提高至七成"
    qs = over_period(find_quantities(s), ("2017", "2023"))
    dates = SentenceDates(s, PUB)
    assert [dates.of(q).as_of for q in qs] == ["2017", "2023"]
