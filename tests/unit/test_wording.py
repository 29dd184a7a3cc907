"""jjjhealth.present.wording: dates in words, as the report prints them."""

from __future__ import annotations

import pytest

from jjjhealth.present import wording


@pytest.mark.parametrize(("iso", "lang", "text"), [
    ("2025-02-25", "en", "February 2025"),      # an as-of date: the month is its precision
    ("2024-08", "zh", "2024年8月"),
    ("2023", "en", "2023"),
    ("not a date", "en", "not a date"),
])
def test_date(iso, lang, text):
    assert wording.date(iso, lang) == text


@pytest.mark.parametrize(("iso", "lang", "text"), [
    ("2026-11-25", "en", "25 November 2026"),   # no hyphen for a phone to break at
    ("2026-01-05", "zh", "2026年1月5日"),
    ("2026-11", "en", "2026-11"),               # not a day: as it is
    ("", "zh", ""),
])
def test_day(iso, lang, text):
    assert wording.day(iso, lang) == text
