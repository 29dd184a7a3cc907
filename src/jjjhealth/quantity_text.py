"""(value, unit, qualifier) → English text that reads as the source meant it (3,000+ beds)."""

from __future__ import annotations

# How each qualifier reads; "{n}" is the formatted number.
QUALIFIER_TEXT = {
    "exact": "{n}",
    "approx": "about {n}",
    "at_least": "{n}+",
    "more_than": "more than {n}",
    "nearly": "nearly {n}",
    "less_than": "fewer than {n}",
}


def number(value: float) -> str:
    """12000.0 → '12,000'; 71.4 → '71.4'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def quantity(value: float, unit: str = "", qualifier: str = "exact") -> str:
    """(3000, '张', 'at_least') → '3,000+'; (80, '%', 'more_than') → 'more than 80%'."""
    n = number(value) + ("%" if unit == "%" else "")
    try:
        return QUALIFIER_TEXT[qualifier].format(n=n)
    except KeyError:
        raise ValueError(f"unknown qualifier {qualifier!r}; known: {sorted(QUALIFIER_TEXT)}") from None
