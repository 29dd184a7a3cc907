"""(sentence, quantity) → the kind of quantity (measure, change base) and what it counts."""

from __future__ import annotations

import re

from jjjhealth.extract.cues import tables
from jjjhealth.extract.quantities import Quantity, _longest
from jjjhealth.extract.quantities import tables as numeral_tables


def unit_text(s: str, q: Quantity) -> str:
    """sentence + quantity → the unit word (and hedge) printed right after the number's text."""
    return _longest(s, q.end, numeral_tables()["units"])


def measure_of(q: Quantity, texts: dict[str, str], per: bool, dated) -> str:
    """quantity + its texts (+ its date) → measure; the order of the tests is the precedence."""
    t = tables()
    future = bool(dated and dated.future)
    if future:
        return "planned"  # 到2025年…达到5.9人: a target, whatever its form
    if q.unit == "ratio":
        return "ratio"
    if q.role == "stated_change":
        return "change"  # 增长1倍 after a rate: the change, not another rate
    if per:
        return "rate"
    if (t["change_before"].search(texts["before"])
            or (q.unit == "倍" and t["change_times"].search(texts["before"]))):
        return "change"
    if q.unit == "%":
        return "progress" if t["progress"]["near"].search(texts["clause"]) else "share"
    if q.unit == "点" or t["index"]["near"].search(texts["clause"]):
        return "index"
    # institutions counted in a period or after a 累计 of another clause are a level
    # (今年上半年,北京两家医院派驻专家; 累计疏解床位…,10家市属医院完成疏解) unless created
    entity = (t["entity_counted"].search(texts["counted"])
              and not t["creation_verbs"].search(texts["before"]))
    for m in t["measure_order"]:
        cues = t["measure_cues"][m]
        if any(rx.search(texts[w]) for w, rx in cues.items()):
            if entity and m in ("period", "cumulative") and not any(  # a cue of its own clause
                    rx.search(texts["before" if w == "segment" else w]) for w, rx in cues.items()):
                return "stock"
            return "flow" if m == "period" else m
    if dated and dated.whole_period and (t["flow_counted"].search(texts["counted"] + q.unit)
                                         or t["flow_verbs"].search(texts["before"])):
        return "flow"
    return "stock"


def tail_noun(s: str, unit_end: int, c1: int) -> str:
    """sentence + end of a number's unit → the noun after it in its clause (专家下沉… → 专家)."""
    tail = s[unit_end:c1]
    stop = tables()["counted_stop"].search(tail)
    noun = tail[:stop.start() if stop else len(tail)][:12]
    return noun if noun and not noun[0].isdigit() else ""


def counted_words(s: str, q: Quantity, c0: int, c1: int, unit_end: int) -> str:
    """sentence + quantity → what it counts in the text's words (专家, 床位), or ''."""
    t = tables()
    if q.unit in ("市", "县", "省"):
        return q.unit
    noun = tail_noun(s, unit_end, c1)
    if noun:
        return noun.strip("()（）")  # the noun after the unit, as written (医院, 专家)
    head = s[c0:q.start]
    if q.role in ("from", "to"):  # 医师由2014年的5.9人增加至…: what is counted stands before 由
        head = head[:max(head.rfind("由"), head.rfind("从"), 0) or len(head)]
    cut = t["counted_cut"].search(head)  # 较去年同期增长, 占比超过: the noun stands before
    head = t["_counted_tail"].sub("", head[:cut.start()] if cut else head)
    last = None
    for last in t["counted_verbs"].finditer(head):
        pass
    word = t["counted_trim"].sub("", head[last.end() if last else 0:])
    return word[-10:].strip("()（）")


def change_base(measure: str, before: str, seg_before: str, dated) -> str:
    """measure + the text before a number (+ its date) → the base of a stated change, or ''."""
    if measure != "change":
        return ""
    base = next((b for b, rx in tables()["change_base"].items() if rx.search(seg_before)),
                "period")
    year = re.search(r"(?:比|较)((?:19|20)\d{2})年", before)
    if (base == "period" and year and dated is not None
            and dated.as_of[:4].isdigit() and int(year.group(1)) == int(dated.as_of[:4]) - 1):
        base = "previous_year"  # 2023年…较2022年提高: the previous year
    return base
