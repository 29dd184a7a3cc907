"""data/milestones.csv → timeline tables (milestone years, a window of years).

The released table itself is made by the extract stage (jjjhealth.extract.milestones)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jjjhealth import config
from jjjhealth.errors import ParameterError


def read_milestones(path: Path = config.PATHS.released.milestones_csv) -> pd.DataFrame:
    """data/milestones.csv → milestone table with typed year and axis position."""
    m = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    m["year"] = m["year"].astype(int)
    m["x"] = m["x"].astype(float)
    return m


def years(milestones: pd.DataFrame) -> list[int]:
    """milestones → the years that have one."""
    return sorted(milestones["year"].unique().tolist())


def check_window(milestones: pd.DataFrame, first_year: int, last_year: int) -> None:
    """Raise ParameterError naming the milestone years when the window misses them or is bad."""
    have = years(milestones)
    for name, y in (("first_year", first_year), ("last_year", last_year)):
        if isinstance(y, bool) or not isinstance(y, int):
            raise ParameterError(f"parameter {name}={y!r}: expected an integer year")
        if not have[0] <= y <= have[-1]:
            raise ParameterError(f"parameter {name}={y}: outside the milestones; "
                                 f"years with milestones: {have}")
    if first_year > last_year:
        raise ParameterError(f"parameters first_year={first_year}, last_year={last_year}: "
                             "first must not follow last")


def window(milestones: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """milestones + years → the milestones from first_year to last_year inclusive."""
    check_window(milestones, first_year, last_year)
    keep = milestones["year"].between(first_year, last_year)
    return milestones[keep].reset_index(drop=True)
