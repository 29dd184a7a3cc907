"""numerals.yml (+ hedge words of qualifiers.yml) → the numeral tables, regexes compiled: read by text and extract."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jjjhealth import qualifiers, yamlio
from jjjhealth.errors import NumeralsError
from jjjhealth.paths import NUMERALS_YML

_REQUIRED = ("units", "multipliers", "range_joiners", "change_verbs", "change_markers",
             "chinese_digits", "chinese_start", "article_numerals", "non_quantities", "bare_year", "from_markers",
             "bare_multiplier_hedge", "relative_years", "year_parts", "word_quantities")


@lru_cache(maxsize=1)
def tables(path: Path = NUMERALS_YML) -> dict:
    """numerals.yml (+ hedge words of qualifiers.yml) → its tables, with regexes compiled (cached)."""
    data = yamlio.load(path, NumeralsError)
    missing = [k for k in _REQUIRED if k not in (data or {})]
    data = {**(data or {}), **{k: qualifiers.table()[k] for k in qualifiers.WORD_SECTIONS}}
    if missing:
        raise NumeralsError(f"{path}: missing tables {missing}; add them (see extract/quantities.py)")
    cd, cs = data["chinese_digits"], data["chinese_start"]
    data["_number"] = re.compile(
        rf"(?P<word>{'|'.join(map(re.escape, data['word_quantities']))})|"
        r"(?P<ratio>\d+(?:\.\d+)?(?:[∶:：]\d+(?:\.\d+)?)+)|"
        r"(?P<pct>百分之[零〇一二两三四五六七八九十百点]+)"
        r"|(?P<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        rf"|(?P<cn>[{cs}][{cd}]*)"
        rf"|(?P<bare>(?:万亿|亿|万|千|百)(?={data['bare_multiplier_hedge']})"
        r"|(?<=[超逾近])(?:千万|百万|万亿|亿|万|千)(?=[一-龥]))")  # 超千万人次, 近万人
    data["_masks"] = [re.compile(p) for p in data["non_quantities"].values()]
    data["_period"] = re.compile(r"从((?:19|20)\d{2})年?(?:到|至|—|-)((?:19|20)\d{2})年")
    year_text = (rf"(?:(?P<y>(?:19|20)\d{{2}})年(?:{data['year_parts']})?"
                 rf"|(?P<rel>(?:{data['relative_years']})(?:{data['year_parts']})?))的")
    data["_year_text"] = year_text
    data["_value_year"] = re.compile(year_text + "$")
    # a date between two numbers (2022年, 去年, 今年) stops the years of a pair carrying over
    data["_dated_between"] = re.compile(
        rf"(?:19|20)\d{{2}}年(?!的)|(?:{data['relative_years']})(?!的)")
    data["_clock"] = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
    return data
