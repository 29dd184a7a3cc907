"""clean text → the institution that writes it (a hospital's own post: 我院), or None.

A hospital's WeChat post or press page names itself once, on a header line (the account
line "涿州市安和医院 2026-03-02 08:30", or 来源：…), then says 我院 and gives figures with no
name at all: those figures are the writer's, as a topic that never ends (extract.topic)."""

from __future__ import annotations

from jjjhealth.extract.cues import tables

HEADER_LINES = 4  # a byline stands at the top, before the body's sentences


def author_of(clean: str) -> tuple[str, str] | None:
    """clean text → ("institution", name) of the writer when a header line names an
    institution and the text speaks of itself (我院, 本院); else None."""
    t = tables()
    if not t["own_anaphor"].search(clean):
        return None
    for line in clean.splitlines()[:HEADER_LINES]:
        lead = t["byline_lead"].match(line)
        m = t["institution"].match(line, lead.end() if lead else 0)
        if (m and t["byline_tail"].match(line, m.end()) and len(m.group()) >= 3
                and not t["generic_names"].match(m.group())):
            return "institution", m.group()
    return None
