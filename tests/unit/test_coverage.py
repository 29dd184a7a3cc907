"""Tests for jjjhealth.analysis.coverage: alliances, mutual recognition, elderly care, scorecard."""

from __future__ import annotations

import pandas as pd
import pytest

from jjjhealth.analysis import coverage
from jjjhealth.errors import ParameterError

S000, S001 = "000_a6f9737a7e73aa1c", "001_1e554aea45242714"
S002, S003 = "002_22f6b134d5afdb68", "003_8a0ceb19eaf49e50"
BATCH_QUOTE = "第一批40个京津冀医联体建设名单中,我市10个京津冀医联体榜上有名"
SCORE_QUOTE = "保定医疗卫生事业交出协同发展成绩单:与京津累计签署合作协议247个"


def fact(source, metric, value, as_of, place="京津冀", quote="", qualifier="exact", unit="个",
         in_scope=True) -> dict:
    """→ one fact row with the columns coverage reads."""
    return {"fact_id": f"F{source[:3]}-{metric}-{value}-{as_of}", "source_id": source,
            "metric": metric, "label_en": metric, "value": float(value), "unit": unit,
            "qualifier": qualifier, "place": place, "as_of": as_of, "role": "value",
            "in_scope": in_scope, "quote": quote or f"{metric} {value}"}


FACTS = pd.DataFrame([
    fact(S003, "jjj_medical_alliances", 40, "2023"),
    fact(S002, "jjj_medical_alliances", 40, "2024-02-29", quote=BATCH_QUOTE),
    fact(S002, "jjj_medical_alliances", 10, "2024-02-29", quote=BATCH_QUOTE, place="保定"),
    fact(S000, "jjj_medical_alliances", 115, "2025-02-25"),
    fact(S001, "jjj_medical_alliances", 115, "2025-02-25"),
    fact(S003, "lab_institutions", 312, "2023", place="河北"),
    fact(S003, "lab_institutions", 373, "2023", place="京津"),
    fact(S003, "lab_items_recognised", 50, "2023"),
    fact(S000, "lab_items_recognised", 60, "2025-02-25"),
    fact(S000, "lab_institutions", 914, "2025-02-25"),
    fact(S001, "lab_institutions", 914, "2025-02-25"),
    fact(S003, "imaging_institutions", 295, "2023", place="河北"),
    fact(S003, "imaging_institutions", 208, "2023", place="京津"),
    fact(S003, "imaging_items_shared", 30, "2023"),
    fact(S000, "imaging_items_shared", 50, "2025-02-25"),
    fact(S000, "imaging_institutions", 686, "2025-02-25"),
    fact(S000, "elderly_alliance_units", 542, "2025-02-25"),
    fact(S000, "remote_platform_institutions", 56, "2025-02-25", place="河北"),
    fact(S000, "beds_relocated", 3000, "2025-02-25", place="北京", qualifier="at_least"),
    fact(S002, "research_projects", 44, "2024-02-29", place="保定", quote=SCORE_QUOTE),
    fact(S002, "agreements", 247, "2024-02-29", place="保定", quote=SCORE_QUOTE),
    fact(S002, "patients_treated", 177000, "2024-02-29", place="保定", quote=SCORE_QUOTE),
    fact(S002, "new_technologies", 246, "2024-02-29", place="保定"),  # not the scorecard
    fact(S001, "credit_code_institutions", 17_000_000, "2025-02-25", in_scope=False),
])


def test_alliances_series_dated_by_earliest_year_without_local_share():
    a = coverage.alliances(FACTS)
    assert list(zip(a["year"], a["value"])) == [(2023, 40.0), (2025, 115.0)]
    assert a.loc[0, "source_ids"] == f"{S002};{S003}"


def test_first_batch_local_share():
    b = coverage.first_batch(FACTS).iloc[0]
    assert (b["batch"], b["home_place"], b["home_count"]) == (40.0, "保定", 10.0)


def test_first_batch_needs_a_share_placed_elsewhere():
    f = pd.DataFrame([fact(S003, "jjj_medical_alliances", 40, "2023", quote="第一批40个,其中10个"),
                      fact(S003, "jjj_medical_alliances", 10, "2023", quote="第一批40个,其中10个")])
    assert coverage.first_batch(f).empty


@pytest.mark.parametrize(("kind", "year", "items", "institutions", "parts"), [
    ("lab results", 2023, 50, 312 + 373, 2),
    ("lab results", 2025, 60, 914, 1),
    ("imaging records", 2023, 30, 295 + 208, 2),
    ("imaging records", 2025, 50, 686, 1),
])
def test_mutual_recognition_sums_parts(kind, year, items, institutions, parts):
    mr = coverage.mutual_recognition(FACTS).set_index(["kind", "year"]).loc[(kind, year)]
    assert (mr["items"], mr["institutions"], mr["parts"]) == (items, institutions, parts)


def test_values_skip_out_of_scope_and_count_mentions():
    v = coverage.values(FACTS, ["lab_institutions", "credit_code_institutions"])
    assert "credit_code_institutions" not in set(v["metric"])
    assert v.set_index("value").loc[914.0, "mentions"] == 2


def test_scorecard_rows_in_catalog_order_and_only_from_the_scorecard_sentence():
    sc = coverage.scorecard(FACTS, "保定")
    assert list(sc["metric"]) == ["agreements", "patients_treated", "research_projects"]
    assert 246.0 not in set(sc["value"])


def test_scorecard_unknown_place_lists_known():
    with pytest.raises(ParameterError, match=r"places with one: \['保定'\]"):
        coverage.scorecard(FACTS, "廊坊")


def test_elderly_and_relocation():
    assert set(coverage.elderly(FACTS)["value"]) == {542.0, 56.0}
    r = coverage.relocation(FACTS).iloc[0]
    assert (r["value"], r["qualifier"], r["place"]) == (3000.0, "at_least", "北京")


def test_two_dates_of_one_count_are_never_summed():
    later = pd.concat([FACTS, pd.DataFrame([fact("900_x", "lab_institutions", 1326, "2025-11-20")])])
    mr = coverage.mutual_recognition(later).set_index(["kind", "year"]).loc[("lab results", 2025)]
    assert (mr["institutions"], mr["parts"]) == (1326, 1)  # not 914 + 1,326 = 2,240
