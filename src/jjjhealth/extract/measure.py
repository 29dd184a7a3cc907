"""(sentence, quantity) → the kind of quantity (measure, change base) and what it counts."""

from __future__ import annotations

import re

from jjjhealth.extract.classify import place_in
from jjjhealth.extract.cues import WINDOW, tables
from jjjhealth.extract.quantities import Quantity, _longest
from jjjhealth.extract.quantities import tables as numeral_tables


def unit_text(s: str, q: Quantity) -> str:
    """sentence + quantity → the unit word (and hedge) printed right after the number's text."""
    return _longest(s, q.end, numeral_tables()["units"])


def per_of(s: str, q: Quantity, before: str, seg_before: str) -> re.Match | None:
    """sentence + quantity + its clause and segment before it → the denominator of a rate.

    In the clause (每千常住人口医师3.2人), in the segment when the clause continues the same
    quantity (…5.2张,较2015年的2.6张), or in the clause before when this one lists a sibling in
    the same unit (每千常住人口医师4.05人,注册护士3.52人)."""
    t = tables()
    if q.unit in ("ratio", "倍"):
        return None  # 每千常住人口床位数之比为2.84∶2.40∶1: the terms carry the denominator
    found = t["per"].search(before) or (t["per_continue"].match(before)
                                        and t["per"].search(seg_before))
    if found:
        return found
    prev = seg_before[:len(seg_before) - len(before)]
    unit = unit_text(s, q)
    if unit and re.search(rf"[0-9.]+{re.escape(unit)}[,，]$", prev):
        c = max(prev.rfind(x, 0, len(prev) - 1) for x in ",，") + 1
        return t["per"].search(prev, c)
    return None


def _planned(t: dict, q: Quantity, texts: dict[str, str], dated) -> bool:
    """→ whether a value is a design, plan or target by its words (the date aside)."""
    if any(rx.search(texts.get(w, "")) for w, rx in t["measure_cues"]["planned"].items()):
        return True
    if t["planned_done"].search(texts["before"]) or (
            dated and dated.own and not dated.future and dated.date_basis == "sentence"
            and not (dated.target and dated.as_of[:4] <= dated.target[:4])):
        return False  # 已完成, 目前: done; a past date of its own (去年…) is no plan (今年 is)
    will = t["planned_will"].search(texts["segment"] + texts["after"])
    return bool(t["planned_segment"].search(texts["segment"])
                or (will and will.start() < len(texts["segment"]))
                or (t["planned_attributes"].search(texts["before"])
                    and t["under_construction"].search(texts["segment"] + texts.get("rest", ""))))


def measure_of(q: Quantity, texts: dict[str, str], per: bool, dated) -> str:
    """quantity + its texts (+ its date) → measure; the order of the tests is the precedence."""
    t = tables()
    if (dated and dated.future) or (per and _planned(t, q, texts, dated)):
        return "planned"  # 到2025年…达到5.9人, 力争每千人口…: a target, whatever its form
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
    if _planned(t, q, texts, dated):
        return "planned"  # (未来5年: a plan horizon)
    if q.unit == "年":
        return "stock"  # 8周年, 十一年来: a duration, whatever running total is around it
    cum_here = t["measure_cues"]["cumulative"]["segment"].search(texts["before"])
    if t["level_cues"].search(texts["before"]) and not cum_here:
        return "stock"  # 目前开放床位600张, 总数达到105个, 平均住院日7.8天: a level
    # institutions counted in a period or after a 累计 of another clause are a level
    # (今年上半年,北京两家医院派驻专家; 累计疏解床位…,10家市属医院完成疏解) unless created
    entity = ((t["entity_counted"].search(texts["counted"])
               or t["level_counted"].search(texts["counted"]))
              and not t["creation_verbs"].search(texts["before"]))
    # a closed period of its own (2024年, “十三五”期间) beats 累计 and 共有 inside it
    closed = bool(dated and dated.whole_period and dated.date_basis == "sentence"
                  and dated.own)
    whole = bool(dated and dated.whole_period)
    done = not entity and t["done_totals"].search(texts["before"])  # 已开展两轮
    for m in t["measure_order"]:
        cues = t["measure_cues"][m]
        extra = bool(done and m == "cumulative")
        if m == "planned" or not (extra or any(rx.search(texts[w]) for w, rx in cues.items())):
            continue
        own = extra or any(rx.search(texts["before" if w == "segment" else w])
                           for w, rx in cues.items())
        if entity and m in ("period", "cumulative") and not own and not (
                m == "cumulative" and t["opening_span"].search(texts["segment"])):
            return "stock"
        if (m == "cumulative" and t["thing_total"].search(texts["before"])
                and q.unit in t["thing_units"] and not t["creation_verbs"].search(texts["before"])):
            return "stock"  # 共计2.8万余家: a count of existing institutions
        if m == "cumulative" and t["running_total"].search(texts["before"]):
            return m  # 2024年,…新建成中心2个,累计达到8个: the total reached
        if m == "cumulative" and (closed or (whole and not own
                                             and t["flow_verbs"].search(texts["before"]))):
            return "stock" if entity else "flow"
        return "flow" if m == "period" else m
    if closed and not entity and t["period_totals"].search(texts["before"]):
        return "flow"  # 2024年,京津两地共有312名专家在沧州坐诊
    if whole and (t["flow_counted"].search(texts["counted"] + q.unit)
                  or t["flow_verbs"].search(texts["before"])):
        return "flow"
    return "stock"


def tail_noun(s: str, unit_end: int, c1: int) -> str:
    """sentence + end of a number's unit → the noun after it in its clause (专家下沉… → 专家)."""
    hedge = _longest(s, unit_end, numeral_tables()["qualifiers_after"])  # 10个左右: no noun
    tail = s[unit_end + len(hedge):c1]
    stop = tables()["counted_stop"].search(tail)
    noun = tail[:stop.start() if stop else len(tail)][:16]
    return noun if noun and not noun[0].isdigit() else ""


# A value's digits in the text before a number (not a date's: 2023年, 9月, 13日).
_VALUE_DIGITS = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.年月日号])")
# How many values back a number with no noun of its own may look for one.
_LOOK_BACK = 3
# Longest counted words kept (their ends: 基层医疗卫生机构诊疗量 is 11 characters).
_COUNTED_MAX = 12


def _head_word(head: str, cut_from: bool, keep_per: bool = False) -> str:
    """text of a clause before a number → what the number counts, in the text's words, or ''."""
    t = tables()
    head = t["counted_dates"].sub("", head)
    if cut_from or head.endswith(("由", "从")):  # 医师由2014年的5.9人增加至…: before 由
        i = max(head.rfind("由"), head.rfind("从"))
        head = head[:i] if i >= 0 else head
    cut = t["counted_cut"].search(head)  # 较去年同期增长, 占比超过: the noun stands before
    head = head[:cut.start()] if cut else head
    head = head if keep_per else t["per"].sub("", head)  # (之比 keeps its 每千人口)
    act = t["_counted_act"].search(head)
    owner = _head_word(head[:act.start()], False, keep_per) if act else ""
    if act and (not owner or t["counted_owner_end"].search(owner)):
        return act.group(1)  # 消化内科接诊约3.2万人次, 新院区占地约150亩: the activity is counted
    head = t["_counted_tail"].sub("", head)
    last = None
    for last in t["counted_verbs"].finditer(head):
        pass
    word = t["counted_trim"].sub("", head[last.end() if last else 0:]).rstrip("的中")
    word = word.rsplit("的", 1)[-1] or word  # 来自廊坊、武清等地的患者 → 患者
    word = t["counted_count"].sub("", t["counted_owner"].sub("", word))  # 县医院县外转诊率
    place = place_in(word)
    if place and word in (place, *(place + x for x in "市省区县")):
        return ""  # 其中北京9家: the place's share of what was counted before
    return word[-_COUNTED_MAX:].strip("()（）、")


def counted_words(s: str, q: Quantity, c0: int, c1: int, unit_end: int) -> str:
    """sentence + quantity → what it counts in the text's words (专家, 床位), or ''.

    The noun after the unit (…专家下沉), else the noun before the number in its clause, else
    (比上年增加2100张, 同比增长9.6%, 占全区总量的18%, 其中北京9家) the noun of a value before it
    in the segment."""
    t = tables()
    if q.unit in ("市", "县", "省"):
        return q.unit
    if q.unit not in t["counted_no_tail"]:
        noun = tail_noun(s, unit_end, c1)
        if noun:
            return noun.strip("()（）")  # the noun after the unit, as written (医院, 专家)
    word = _head_word(s[c0:q.start], q.role in ("from", "to"), q.unit == "ratio")
    s0 = max(c0 - WINDOW, *(s.rfind(x, 0, c0) + 1 for x in ";；。"))  # bounded: linear time
    for m in list(_VALUE_DIGITS.finditer(s, s0, c0))[::-1][:_LOOK_BACK]:
        if word:
            break
        p0 = max(s0, *(s.rfind(x, s0, m.start()) + 1 for x in ",，;；"))
        p1 = min([i for i in (s.find(x, m.end()) for x in ",，;；。") if i >= 0] or [len(s)])
        unit = _longest(s, m.end(), numeral_tables()["units"])
        word = _head_word(s[p0:m.start()], True) or tail_noun(s, m.end() + len(unit), p1)
    return word


def change_base(measure: str, before: str, seg_before: str, dated) -> str:
    """measure + the text before a number (+ its date) → the base of a stated change, or ''."""
    if measure != "change":
        return ""
    t = tables()
    base = next((b for b, rx in t["change_base"].items() if rx.search(seg_before)), "period")
    year = t["base_year"].search(before)
    if not (dated is not None and dated.as_of[:4].isdigit()):
        return base
    own = int(dated.as_of[:4])
    if base == "same_period_last_year" and len(dated.as_of) == 4 and t["year_on_year"].search(
            seg_before):
        return "previous_year"  # 2023年…同比增长: an annual figure against the year before
    if year and base == "period" and int(year.group(1)) == own - 1:
        return "previous_year"  # 2023年…较2022年提高: the previous year
    return base
