"""Tests for jjjhealth.extract.classify: (sentence, quantity) → metric id, place; catalog checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from gold_score import load_gold  # tools/: gold scoring lives outside the package
from seed_cases import BODY, body_sentences

from jjjhealth.extract import classify as cl
from jjjhealth.extract.classify import CatalogError, classify, load_catalog
from jjjhealth.extract.quantities import find_quantities

# (sentence, index of the quantity, default_place) → (metric, place)
CASES = [
    ("京津冀11年来建立115个区域医联体", 1, "", ("jjj_medical_alliances", "京津冀")),
    ("京津冀11年来建立115个区域医联体", 0, "", ("years_of_coordination", "京津冀")),
    ("目前已完成13个市属央属医院疏解项目建设,累计疏解床位3000余张", 1, "",
     ("beds_relocated", "")),
    ("覆盖河北省11个设区市和雄安新区", 0, "", ("cities_covered", "河北")),
    ("已实现60项临床检验结果在京津冀914家医疗机构实现互认", 0, "",
     ("lab_items_recognised", "京津冀")),
    ("已实现60项临床检验结果在京津冀914家医疗机构实现互认", 1, "",
     ("lab_institutions", "京津冀")),
    ("河北省312家医疗机构与京津373家机构实现50项检验结果互认", 0, "",
     ("lab_institutions", "河北")),
    ("河北省312家医疗机构与京津373家机构实现50项检验结果互认", 1, "",
     ("lab_institutions", "京津")),  # the partner's own institutions
    ("第一批40个京津冀医联体建设名单中,我市10个京津冀医联体榜上有名", 1, "保定",
     ("jjj_medical_alliances", "保定")),
    ("第一批40个京津冀医联体建设名单中,我市10个京津冀医联体榜上有名", 1, "",
     ("jjj_medical_alliances", "京津冀")),
    ("雄安宣武医院一期建成投用,目前门急诊量已累计超过23万人次、完成手术2700余台", 1, "",
     ("operations", "雄安新区")),
    ("全市总诊疗人次增长34%", 0, "保定", ("patient_visits", "保定")),  # 全市 → the home place
    ("从2013年到2023年,保定医疗机构总数从9402个增长到11753个,增长25%", 2, "",
     ("institutions", "保定")),
    ("重庆市已获批建设1个输出医院项目、4个输入医院项目", 1, "",
     ("regional_centre_projects", "重庆")),
    ("27岁的孕妈妈张楠(化名)被确诊为库欣综合征", 0, "保定", ("unclassified", "保定")),
    ("天津有7个新项目", 0, "", ("unclassified", "天津")),
]


@pytest.mark.parametrize("sentence, index, default_place, expected", CASES)
def test_classify(sentence, index, default_place, expected):
    q = find_quantities(sentence)[index]
    assert classify(sentence, q, default_place=default_place) == expected


def test_every_seed_quantity_gets_the_gold_metric():
    gold = load_gold()
    wrong = []
    for stem in BODY:
        for s in body_sentences(stem):
            for q in find_quantities(s):
                metric, _ = classify(s, q)
                want = {g["metric"] for g in gold if g["source_id"] == stem
                        and g["value"] == pytest.approx(q.value) and g["unit"] == q.unit
                        and g["quote_fragment"] in s}
                if metric not in want:
                    wrong.append((stem, q.text, q.unit, metric, want))
    assert wrong == []


def test_catalog_shape():
    cat = load_catalog()
    assert "unclassified" in cat and len(cat) >= 40
    gold_metrics = {g["metric"] for g in load_gold()}
    assert gold_metrics <= set(cat), gold_metrics - set(cat)
    for mid, m in cat.items():
        assert m["id"] == mid and m["label_zh"] and m["label_en"]


HEAD = "places: {}\nunclassified: {id: unclassified, label_zh: a, label_en: b, units: []}\n"
METRIC = "  - {id: x, label_zh: a, label_en: b, units: [个], patterns: [%s]}\n"

BAD_CATALOGS = [
    ("metrics: [}", "not valid YAML"),
    ("metrics: []\n", "needs top-level"),
    (HEAD + "metrics:\n  - {id: x, label_zh: a, label_en: b, units: [个]}\n", "missing"),
    (HEAD + "metrics:\n" + METRIC % "{near: '('}", "does not compile"),
    (HEAD + "metrics:\n" + METRIC % "{nearby: a}", "unknown conditions"),
    (HEAD + "metrics:\n" + METRIC % "{near: a}" * 2, "duplicate id"),
]


@pytest.mark.parametrize("text, message", BAD_CATALOGS)
def test_bad_catalog_fails(tmp_path: Path, text, message):
    path = tmp_path / "metrics.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_catalog(path)


def test_missing_catalog_fails(tmp_path: Path):
    cl._load.cache_clear()
    with pytest.raises(CatalogError, match="nope.yml: missing"):
        load_catalog(tmp_path / "nope.yml")
