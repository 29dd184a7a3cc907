"""stated % + start/end → agreement: the one percentage rule, pinned once."""

import math

import pytest

from jjjhealth import percentages


@pytest.mark.parametrize(("start", "end", "stated", "tolerance", "verdict"), [
    (100, 126.4, 25, 1.0, "agrees"),       # 0.9 points beyond [24.5, 25.5]: the case that split
    (100, 126.4, 25, 0.5, "disagrees"),    # the two old copies ("agrees" vs "disagrees")
    (100, 126.4, 26, 0.0, "agrees"),       # 126.4 rounds to 26: as printed
    (100, 125.5, 25, 0.0, "agrees"),       # on the edge of the rounding interval
    (100, 125.6, 25, 0.0, "disagrees"),
    (100, 123.9, 25, 1.0, "agrees"),
    (100, 123.4, 25, 1.0, "disagrees"),    # 1.1 points below 24.5
    (9402, 11753, 25, 1.0, "agrees"),      # 25.01
    (17313, 37133, 116, 1.0, "disagrees"),  # 114.48: 1.02 points below 115.5
    (17313, 37133, 116, 2.0, "agrees"),
    (100, 196.06, 96.06, 0.0, "agrees"),   # two printed decimals: interval ±0.005
    (100, 196.1, 96.06, 0.0, "disagrees"),
    (100, 1100, 1000, 0.0, "agrees"),      # 1000 % is read to the unit, not to the thousand
    (100, 1101, 1000, 0.0, "disagrees"),
    (None, 126.4, 25, 1.0, "no base values given"),
    (0, 126.4, 25, 1.0, "no base values given"),   # no change from zero
    (100, float("nan"), 25, 1.0, "no base values given"),
    (100, 126.4, float("nan"), 1.0, "no base values given"),
])
def test_verdict(start, end, stated, tolerance, verdict):
    computed = percentages.change_pct(start, end)
    assert percentages.verdict(stated, computed, tolerance) == verdict
    expected = {"agrees": True, "disagrees": False}.get(verdict)
    assert percentages.agrees(stated, computed, tolerance) is expected


@pytest.mark.parametrize(("stated", "half"), [(25, 0.5), (25.0, 0.5), (96.06, 0.005),
                                              (1.5, 0.05), (1000, 0.5)])
def test_half_step(stated, half):
    assert math.isclose(percentages.half_step(stated), half)


def test_callers_share_the_rule():
    """The growth, consistency and extract tables give the verdict of percentages.verdict."""
    import pandas as pd

    from jjjhealth.analysis import consistency, growth
    checks = pd.DataFrame({"stated_pct": [25.0], "computed_pct": [26.4], "difference_pp": [-1.4]})
    assert consistency.with_tolerance(checks, 1.0)["verdict"].iloc[0] == "agrees"
    table = pd.DataFrame({"stated_pct": [25.0], "computed_pct": [26.4]})
    assert growth.with_tolerance(table, 1.0)["agrees"].iloc[0] is True
