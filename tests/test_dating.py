"""Tests for jjjhealth.extract.dating: the date a value holds for, from the sentence first."""

from __future__ import annotations

import pytest

from jjjhealth.extract.dating import SentenceDates
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
