"""Tests for jjjhealth.extract.evidence: sources that report one event share an evidence group."""

from __future__ import annotations

import pytest

from jjjhealth.extract.evidence import evidence_groups, fingerprint, group_name

RELEASE = ["今天,市卫健委介绍,全市已建成区域医联体42个,覆盖全部区县和乡镇。",
           "累计派出专家1800人次,开展新技术210项,远程会诊9000例。",
           "下一步,将继续推进优质医疗资源扩容下沉,提升基层服务能力。"]
REWRITE = ["记者从市卫健委获悉,全市已建成区域医联体42个,覆盖全部区县和乡镇。",
           "此外,累计派出专家1800人次,开展新技术210项,远程会诊9000例。"]
OTHER = ["全省今年新增床位5000张,每千人口床位达到6.8张。",
         "下一步,将继续推进优质医疗资源扩容下沉,提升基层服务能力。"]  # one stock phrase


@pytest.mark.parametrize("texts, same", [
    ((RELEASE, REWRITE), True),                                   # one press release, rewritten
    ((RELEASE, [s.replace("42", "43") for s in RELEASE]), True),  # a near-copy
    ((RELEASE, OTHER), False),                                    # one shared stock phrase only
])
def test_groups(texts, same):
    groups = evidence_groups({f"{i:03d}_x": fingerprint(t) for i, t in enumerate(texts)})
    assert (groups["000_x"] == groups["001_x"]) is same
    assert groups["000_x"] == "E000"


def test_group_names_its_earliest_source():
    prints = {sid: fingerprint(RELEASE) for sid in ("007_b", "003_a", "011_c")}
    assert set(evidence_groups(prints).values()) == {group_name("003_a")} == {"E003"}
