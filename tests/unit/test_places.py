"""Tests for jjjhealth.places: the one place table (names, level, parent, spellings, map) and its users."""

from __future__ import annotations

from pathlib import Path

import pytest

from jjjhealth import labels, places
from jjjhealth.errors import CatalogError
from jjjhealth.present import wording
from jjjhealth.report.tables import place_name

TABLE = places.table()


@pytest.mark.parametrize("pid", list(TABLE))
def test_every_place_is_complete(pid):
    p = TABLE[pid]
    assert p.id == pid and p.zh and p.en and p.level in places.LEVELS
    assert p.parent in TABLE or (p.parent == "" and p.level in ("region", "province"))
    assert p.parent != pid


@pytest.mark.parametrize(("pid", "zh", "en", "level", "parent"), [
    ("京津冀", "京津冀", "Beijing–Tianjin–Hebei", "region", ""),
    ("北京", "北京", "Beijing", "province", "京津冀"),
    ("河北", "河北", "Hebei", "province", "京津冀"),
    ("保定", "保定", "Baoding", "city", "河北"),
    ("雄安新区", "雄安新区", "Xiong'an New Area", "city", "河北"),
    ("通州", "通州", "Tongzhou", "county", "北京"),
    ("三河", "三河", "Sanhe", "county", "廊坊"),
])
def test_place_rows(pid, zh, en, level, parent):
    p = TABLE[pid]
    assert (p.zh, p.en, p.level, p.parent) == (zh, en, level, parent)
    assert (labels.place(pid, "zh"), labels.place(pid, "en")) == (zh, en)


@pytest.mark.parametrize(("spelling", "pid"), [
    ("北京", "北京"), ("首都", "北京"), ("雄安", "雄安新区"), ("容城", "雄安新区"),
    ("海淀区", "海淀"), ("大湾区", "粤港澳大湾区"), ("本市", places.HOME), ("全省", places.HOME)])
def test_spellings(spelling, pid):
    assert places.spellings()[spelling] == pid


def test_map_places_are_the_region_cities_and_municipalities():
    mapped = places.on_map()
    assert mapped["北京市"] == "北京" and mapped["雄安新区"] == "雄安新区" and len(mapped) == 14
    assert places.within("京津冀", "province") == ["北京", "天津", "河北"]


@pytest.mark.parametrize(("place", "default", "expected"), [
    ("京津冀", None, "region"), ("保定", None, "city"), ("南湖", "city", "city")])
def test_level(place, default, expected):
    assert places.level(place, default) == expected


@pytest.mark.parametrize("call", [
    lambda: places.level("火星"), lambda: labels.place("火星", "en"),
    lambda: place_name("火星", "en"), lambda: places.within("火星", "city")])
def test_unknown_place_is_one_error_naming_it(call):
    with pytest.raises(CatalogError, match="places.yml: no place '火星'"):
        call()


def test_place_name_of_nothing_is_empty():
    assert place_name("", "zh") == ""


ROW = "{zh: 甲, en: A, level: city, parent: '', names: [甲]}"
BAD_TABLES = [
    ("places: [}", "not valid YAML|YAML"),
    ("places: {}\n", "needs a mapping 'places' and a list 'home'"),
    ("home: []\nplaces:\n  甲: {zh: 甲, en: A, level: town, parent: '', names: []}\n", "level 'town'"),
    ("home: []\nplaces:\n  甲: {zh: 甲, level: region, parent: '', names: []}\n", "missing \\['en'\\]"),
    ("home: []\nplaces:\n  甲: {zh: 甲, en: A, level: city, parent: 乙, names: []}\n",
     "parent '乙' is not a place"),
    ("home: []\nplaces:\n  甲: " + ROW + "\n", "only a region or a province may have no parent"),
    ("home: []\nplaces:\n  甲: " + ROW.replace("city", "region") + "\n  乙: "
     + ROW.replace("city", "region") + "\n", "already names '甲'"),
    ("home: [甲]\nplaces:\n  甲: {zh: 甲, en: A, level: region, parent: '', names: [甲]}\n",
     "already names '甲'"),
    ("home: []\nplaces:\n  甲: {zh: 甲, en: A, level: region, parent: '', names: 甲}\n",
     "must be a list"),
]


@pytest.mark.parametrize(("text", "message"), BAD_TABLES)
def test_bad_table_fails_naming_the_file(tmp_path: Path, text, message):
    path = tmp_path / "places.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message) as err:
        places.table(path)
    assert "places.yml" in str(err.value)


@pytest.mark.parametrize(("actor", "lang", "expected"), [
    ("京津", "en", "Beijing and Tianjin → one institution: 甲医院"),  # a place: its name
    ("京津", "zh", "京津→单家机构：甲医院"),
    ("北京儿童医院", "en", "Beijing Children's Hospital → one institution: 甲医院"),  # names.yml
    ("北京儿童医院", "zh", "北京儿童医院→单家机构：甲医院"),
    ("甲乙医院", "en", "甲乙医院 → one institution: 甲医院"),  # no English name: as written
])
def test_an_actor_is_named_as_a_place_only_when_it_is_one(actor, lang, expected):
    row = {"scope": "institution", "subject": "甲医院", "actor": actor, "place": "保定"}
    assert wording.scope(row, lang, place_name) == expected
