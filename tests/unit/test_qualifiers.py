"""qualifiers.yml → hedge intervals and wordings: one table of value, unit, class → en / zh."""

from __future__ import annotations

import pytest

from jjjhealth import qualifiers
from jjjhealth.errors import CatalogError
from jjjhealth.extract.quantities import find_quantities


@pytest.mark.parametrize(("value", "unit", "qualifier", "en", "zh"), [
    (3000, "张", "at_least", "3,000+", "3000余张"),
    (60000, "人次", "at_least", "60,000+", "6万余人次"),
    (12000, "人次", "exact", "12,000", "1.2万人次"),
    (3000, "张", "nearly", "nearly 3,000", "近3000张"),
    (300, "项", "nearly", "nearly 300", "近300项"),
    (3000, "张", "more_than", "more than 3,000", "超过3000张"),
    (80, "%", "more_than", "more than 80%", "超过80%"),
    (80, "%", "at_least", "80%+", "80%以上"),
    (35, "家", "approx", "about 35", "约35家"),
    (200, "例", "less_than", "under 200", "不足200例"),
    (115, "个", "exact", "115", "115个"),
    (63574, "张", "exact", "63,574", "63574张"),
    (96.06, "%", "exact", "96.06%", "96.06%"),
    (71.4, "", "exact", "71.4", "71.4"),
    (230000000, "元", "exact", "230,000,000", "2.3亿元"),
])
def test_wording(value, unit, qualifier, en, zh):
    assert qualifiers.qualified_en(value, unit, qualifier) == en
    assert qualifiers.qualified_zh(value, unit, qualifier) == zh


@pytest.mark.parametrize(("text", "qualifier"), [
    ("床位3000余张", "at_least"), ("近300项", "nearly"), ("超过80%", "more_than"),
    ("逾200人", "more_than"), ("约35家", "approx"), ("100人左右", "approx"),
    ("不足200例", "less_than"), ("8年多", "at_least"), ("至少10家", "at_least"),
    ("最近3家", "exact"),  # 最近 is "recent", not 近
])
def test_words_set_the_class(text, qualifier):
    assert find_quantities(text)[0].qualifier == qualifier


@pytest.mark.parametrize(("value", "qualifier", "expected"), [
    (3000, "at_least", (3000, 4000)), (300, "nearly", (270, 300)),
    (35, "approx", (31.5, 38.5)), (800, "less_than", (0, 800)), (3000, "exact", (3000, 3000)),
])
def test_interval(value, qualifier, expected):
    assert qualifiers.interval(value, qualifier) == pytest.approx(expected)


def test_every_word_names_a_class_with_every_wording():
    words = qualifiers.words()
    assert set(words) <= set(qualifiers.classes())
    assert {"余", "多", "以上"} <= set(words["at_least"]) and "近" in words["nearly"]


@pytest.mark.parametrize("call", [qualifiers.qualified_en, qualifiers.qualified_zh])
def test_unknown_qualifier_fails(call):
    with pytest.raises(CatalogError, match="unknown qualifier 'roughly'"):
        call(1, "", "roughly")


@pytest.mark.parametrize(("text", "message"), [
    ("classes: {exact: {en: x}}\n", "lacks"),
    (("classes: {exact: {meaning: m, en: e, zh: z, sign: s, interval: [1, 1]}}\n"
      "qualifiers_before: {近: {qualifier: nearly}}\n"), "must be one of"),
    ("classes: [}", "not valid YAML"),
    ("classes: {a: 1}\nclasses: {b: 2}\n", "duplicate"),
])
def test_bad_table_fails(tmp_path, text, message):
    path = tmp_path / "qualifiers.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        qualifiers.table(path)
