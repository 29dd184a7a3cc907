"""meaning.yml → its tables with regexes compiled: the cue words of measure, scope and subject."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jjjhealth import paths, yamlio
from jjjhealth.errors import MeaningError

# Why regexes from meaning.yml and not jieba.posseg (measured here, jieba 0.42.1): posseg reads
# ~38,000 characters/s, 50 times slower than the rest of extraction (≥ 2 MB/s), after a 2 s
# dictionary load in every worker; and its `nt` tags split or miss the names that matter
# (北京儿童医院 → 北京/ns + 儿童医院/nt; nothing for 市第二医院口腔院区 or 雄安新区仁和医院).
# jionlp was not adopted either: its dates are read here by the small table `dates` (one
# pass per sentence), and its place parser needs the corrections the issue lists (雄安新区 ≠
# 安新县, 京津 is no place) that live in metrics.yml / this file's tables anyway.
MEANING_YML = paths.MEANING_YML
MEASURES = ("stock", "cumulative", "flow", "change", "batch", "planned", "rate", "ratio", "index",
            "share", "progress")
SCOPES = ("region", "province", "city", "county", "institution", "department", "programme")
CHANGE_BASES = ("period", "previous_year", "same_period_last_year")
# What a number means is decided within this many characters before it: a sentence or clause
# without punctuation (hostile input) then costs each number a bounded look, and extraction
# stays linear in the text.  Real clauses are far shorter.
WINDOW = 160
# Clause and segment ends, the one definition extraction uses (not ASCII ?: the seeds' mojibake
# has runs of it; not the colon of a ratio 1:0.85).
CLAUSE_END = re.compile(r"[,，;；。！？]|(?<![0-9])[:：]|[:：](?![0-9])")
SEGMENT_END = re.compile(r"[;；。！？]")
# A name followed by one of these is an example in a list (天坛医院、北大第一医院等13个), not the subject.
_LISTED = "、等和与及"
_REQUIRED = ("per_unit", "members_before", "count_after", "sent_to_marks", "breakdown", "time_opening", "tier_words", "county_group", "parent_name", "department_anaphor", "location_before", "self_naming_anaphor", "programme_anaphor", "not_subject_after", "institution_anaphor", "place_words", "place_origin", "topic_blocks", "creation_verbs", "partnering", "flow_verbs", "dept_anaphor", "per_continue", "anaphor", "measure_cues", "measure_order", "flow_counted", "change_before", "change_times", "share", "progress", "index", "change_base", "per",
             "department", "institution", "programme", "name_trim", "generic_names",
             "entity_counted", "send_verbs", "actors", "name_break", "counted_cut", "counted_stop", "counted_verbs",
             "counted_trim", "own_anaphor", "byline_lead", "byline_tail", "county_home_words")
# measure tables compiled as regexes (extract/measure.py, extract/dating.py)
_MEASURE_RX = ("planned_segment", "planned_done", "planned_attributes", "under_construction",
               "level_cues", "thing_total", "level_counted", "period_totals", "base_year",
               "year_on_year", "opening_span", "planned_will", "done_totals", "report_frame",
               "future_after", "done_markers", "present_markers", "counted_activity",
               "counted_dates", "counted_owner", "counted_count", "counted_owner_end",
               "running_total", "level_to", "kind_counted")


def _rx(path: Path, key: str, pattern) -> re.Pattern:
    """(file, table key, regex text) → compiled regex, or MeaningError naming the key."""
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise MeaningError(f"{path}: {key}: regex {pattern!r} does not compile ({exc})") from exc


@lru_cache(maxsize=2)
def tables(path: Path = MEANING_YML) -> dict:
    """meaning.yml → its tables with regexes compiled (cached)."""
    data = yamlio.load(Path(path), MeaningError)
    missing = [k for k in _REQUIRED + _MEASURE_RX + ("thing_units", "counted_no_tail") if k not in (data or {})]
    if missing:
        raise MeaningError(f"{path}: missing tables {missing}; add them (see meaning.py)")
    out = dict(data)
    out["measure_cues"] = {
        m: {where: _rx(path, f"measure_cues.{m}.{where}", p) for where, p in cues.items()}
        for m, cues in data["measure_cues"].items()}
    for key in ("share", "progress", "index"):
        out[key] = {w: _rx(path, f"{key}.{w}", p) for w, p in data[key].items()}
    out["change_base"] = {b: _rx(path, f"change_base.{b}", p)
                          for b, p in data["change_base"].items()}
    for key in ("topic_blocks", "per_unit"):
        out[key] = {k: _rx(path, f"{key}.{k}", p) for k, p in data[key].items()}
    for key in ("members_before", "count_after", "breakdown", "time_opening", "tier_words", "county_group", "parent_name", "department_anaphor", "location_before", "self_naming_anaphor", "programme_anaphor", "not_subject_after", "institution_anaphor", "place_words", "place_origin", "creation_verbs", "partnering", "flow_verbs", "dept_anaphor", "per_continue", "anaphor", "flow_counted", "change_before", "change_times", "per", "per_average", "name_break", "counted_cut", "department", "institution", "programme", "name_trim", "generic_names",
                "entity_counted", "send_verbs", "counted_stop", "counted_verbs", "counted_trim",
                "own_anaphor", "byline_lead", "byline_tail", "county_home_words"):
        out[key] = _rx(path, key, data[key])
    # a place right before a send verb or its staff sends (北京派驻…, 天津专家…): extract.topic
    out["_sender_mark"] = _rx(path, "send_verbs", f"(?:先后|累计|共|已经?|还|每年)*"
                                                  f"(?:{data['send_verbs']}|专家(?!库)|方面)")
    for key in _MEASURE_RX:
        out[key] = _rx(path, key, data[key])
    out["_counted_act"] = _rx(path, "counted_activity",
                              f"({data['counted_activity']})(?:{data['counted_verbs']})*$")
    out["_counted_tail"] = _rx(path, "counted_verbs", f"(?:{data['counted_verbs']})+$")
    actors = sorted(data["actors"], key=len, reverse=True)
    out["_actor"] = re.compile("|".join(map(re.escape, actors)) or "(?!)")
    return out
