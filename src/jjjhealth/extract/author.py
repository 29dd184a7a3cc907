"""clean text → who writes it: the institution (a hospital's own post) or the county (我县, 我区).

A hospital's WeChat post or press page names itself once, on a header line (the account
line "涿州市安和医院 2026-03-02 08:30", or 来源：…), then says 我院 and gives figures with no
name at all: those figures are the writer's, as a topic that never ends (extract.topic)."""

from __future__ import annotations

import re

from jjjhealth import places
from jjjhealth.extract.classify import place_at, place_in
from jjjhealth.extract.cues import tables

HEADER_LINES = 4  # a byline stands at the top, before the body's sentences


def author_of(clean: str) -> tuple[str, str] | None:
    """clean text → ("institution", name) of the writer when a header line names an
    institution (its account line with the date, or 来源：…); else None."""
    t = tables()
    own_words = bool(t["own_anaphor"].search(clean))
    for line in clean.splitlines()[:HEADER_LINES]:
        lead = t["byline_lead"].match(line)
        m = t["institution"].match(line, lead.end() if lead else 0)
        # a byline (name, then a date or nothing); a text saying 我院 may also open with its
        # writer's name and the year it reports on (天津安康医院2025年…工作总结)
        tail = t["byline_tail"].match(line, m.end()) if m else None
        own = m and own_words and line[m.end():m.end() + 2].isdigit()
        if ((tail or own) and len(m.group()) >= 3
                and not t["generic_names"].match(m.group())):
            return "institution", _branch(clean, m.group())
    return None


def _branch(clean: str, name: str) -> str:
    """clean text + the writer's name → the writer's branch its header names instead
    (来源：北京同泽医院 above 医院简介｜北京同泽医院高碑店院区), else the name."""
    head = "\n".join(clean.splitlines()[:HEADER_LINES])
    longer = [m.group() for m in tables()["institution"].finditer(head)
              if m.group().startswith(name) and len(m.group()) > len(name)]
    return max(longer, key=len, default=name)


def text_home(clean: str, home: str, about_jjj: bool = True) -> str:
    """clean text + the source's place (+ whether it is about the region) → the place its
    unnamed figures are about: the source's place, but a county's own text speaks from the
    county (county_home); with no place given, the first place its header names; a text
    about another region (川渝, 长三角) speaks of the region its header names."""
    named = [p for line in clean.splitlines()[:HEADER_LINES] if (p := place_in(line))]
    if not home:
        return named[0] if named else ""
    if not about_jjj:
        wider = [p for p in named if places.level(p) == "region" and places.inside(home, p)]
        return wider[0] if wider else home
    return county_home(clean, home)


def county_home(clean: str, home: str) -> str:
    """clean text + the source's place → the county a county's own text speaks from (我县,
    我区, 区内: the first county its header names, 大厂 in 廊坊), else the source's place."""
    if not home or places.level(home, default="city") == "county":
        return home
    t = tables()
    lines = clean.splitlines()[:HEADER_LINES]
    for line in lines:  # a county's body on the byline: 通州区卫生健康委 2025-12-18, 来源：…
        lead = t["byline_lead"].match(line)
        p = place_at(line[lead.end() if lead else 0:])
        if p and places.level(p) == "county" and places.inside(p, home) and _dated(line):
            return p
    if not t["county_home_words"].search(clean):
        return home
    for line in lines:
        p = place_in(line)
        if p and places.level(p) == "county" and places.inside(p, home):
            return p
    return home


def _dated(line: str) -> bool:
    """header line → whether it is a byline: it says 来源 or carries a date."""
    return bool(re.search(r"来源|(?:19|20)[0-9]{2}", line))
