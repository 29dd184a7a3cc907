"""jjjhealth.names: an entity's English name is exact or composed from a place and a kind, never guessed."""

from __future__ import annotations

import pytest

from jjjhealth import names
from jjjhealth.errors import CatalogError


@pytest.mark.parametrize(("name", "english"), [
    ("北京儿童医院", "Beijing Children's Hospital"),            # exact (names.yml)
    ("保定市儿童医院", "Baoding Children's Hospital"),          # place + 市 + kind
    ("廊坊人民医院", "Langfang People's Hospital"),             # place + kind
    ("天津市中医医院", "Tianjin Hospital of Traditional Chinese Medicine"),
    ("雄安新区人民医院", "Xiong'an New Area People's Hospital"),  # the place's own name
    ("张家口市第一医院", "Zhangjiakou First Hospital"),
    ("北京大学人民医院", ""),      # more than place + kind: no half translation
    ("三河市燕郊人民医院", ""),
    ("本市第一医院", ""),          # a home word is no place
    ("康宁医院", ""),              # no place
    ("", ""),
])
def test_english_name(name, english):
    assert names.english(name) == english


def test_a_malformed_table_is_one_clear_error(tmp_path):
    bad = tmp_path / "names.yml"
    bad.write_text("exact: {甲: 1}\nkinds: []\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="names.yml: needs mappings"):
        names._tables(bad)
