"""stated % change + start and end values → does the statement agree? (the project's one rule).

The rule, used by the extract stage (data/percentage_checks.csv), the growth and consistency
tables, the notebooks and the report:

* The computed change is ``(end / start − 1) × 100``, unrounded; no start (or start ≤ 0) → none.
* A stated figure is read **as printed**: "增长25%" stands for every change that rounds to 25,
  i.e. the interval [24.5, 25.5]; "96.06%" for [96.055, 96.065]. The printed precision is that
  of the stated value (whole percents when it has no decimals).
* The **gap** is the distance in percentage points from the computed change to that interval
  (0 inside it). The statement agrees when gap ≤ tolerance (percentage points, default 1).

Resolved contradiction: one copy compared the unrounded computed change with the stated figure
(100 → 126.4 vs 25 %: 1.4 points → "disagrees"), another rounded the computed change to a whole
percent first (26 vs 25: 1 point → "agrees"). Both are replaced by the gap above: 126.4 is 0.9
points from [24.5, 25.5], so it agrees at tolerance 1 and disagrees at tolerance 0.5.
"""

from __future__ import annotations

import math
from decimal import Decimal

TOLERANCE_PP = 1.0  # beyond the printed rounding, sources' own arithmetic slips by up to a point
VERDICTS = ("agrees", "disagrees", "no base values given")


def _missing(x) -> bool:
    """value → True for None / NaN / non-numbers."""
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def change_pct(start, end) -> float | None:
    """start, end → (end / start − 1) × 100, or None when either is missing or start ≤ 0."""
    if _missing(start) or _missing(end) or float(start) <= 0:
        return None
    return (float(end) / float(start) - 1) * 100


def half_step(stated) -> float:
    """stated % → half a unit of its last printed digit (25 → 0.5, 96.06 → 0.005)."""
    exponent = Decimal(repr(float(stated))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(int(exponent), 0)  # 1000 % is printed to the unit, not the thousand


def gap_pp(stated, computed) -> float | None:
    """stated %, computed % → points between computed and the interval stated stands for (0 inside)."""
    if _missing(stated) or _missing(computed):
        return None
    return max(0.0, abs(float(computed) - float(stated)) - half_step(stated))


def agrees(stated, computed, tolerance_pp: float = TOLERANCE_PP) -> bool | None:
    """stated %, computed %, tolerance (points) → True/False, or None when nothing to compare."""
    gap = gap_pp(stated, computed)
    return None if gap is None else bool(gap <= tolerance_pp + 1e-9)  # 1e-9: float noise


def verdict(stated, computed, tolerance_pp: float = TOLERANCE_PP) -> str:
    """stated %, computed %, tolerance → 'agrees' / 'disagrees' / 'no base values given'."""
    a = agrees(stated, computed, tolerance_pp)
    return VERDICTS[2] if a is None else VERDICTS[0] if a else VERDICTS[1]
