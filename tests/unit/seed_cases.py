"""Seed bodies and fixture expectations shared by the quantity, classification and facts tests
(not a test file): where each seed's article text lies, and what the invented fixtures hold."""

from __future__ import annotations

import re
from pathlib import Path

import opencc

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Test helper only (jjjhealth.text.normalize does this for the pipeline): drop inline pinyin
# such as 區(qū)域, convert Traditional → Simplified, split into sentences.
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_T2S = opencc.OpenCC("t2s")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")  # not ASCII ?: the seeds' mojibake has runs of ?

# Where each seed's article text starts and ends (menus, headline lists, crawler notices,
# copyright footers are outside).  Markers are in Simplified, after conversion.
BODY = {
    "000_a6f9737a7e73aa1c": ("提升同质化服务水平", "标签:"),
    "001_1e554aea45242714": ("目前,京津冀区域医联体", None),
    "002_22f6b134d5afdb68": ("人城医产融合共生", "以上内容为资讯信息快照"),
    "003_8a0ceb19eaf49e50": ("2023年京津冀医联体", "编辑:"),
    "004_501e6f23cea12c4b": ("落实“双中心”功能定位", "以上内容为资讯信息快照"),
}


def clean(text: str) -> str:
    """raw seed text → Simplified text without inline pinyin."""
    return _T2S.convert(_PINYIN.sub("", text))


def sentences(text: str) -> list[str]:
    """clean text → sentences (split at 。！？ and line ends)."""
    return [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]


def body_sentences(stem: str) -> list[str]:
    """seed stem → the clean sentences of its article body."""
    text = clean((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))
    start, end = BODY[stem]
    text = text[text.index(start):]
    return sentences(text[: text.index(end)] if end else text)


# Invented articles with other phrasings (tests/fixtures) → their quantities in order:
# (value, unit, qualifier, role).
FIXTURE_EXPECTED = {
    "fixture_hebei_referrals.txt": [
        (2000, "人", "more_than", "value"), (35, "家", "approx", "value"),
        (1234, "例", "exact", "value"), (12, "%", "exact", "stated_change"),
        (3, "家", "at_least", "range_low"),
        (2, "人", "exact", "value"), (15000, "人次", "at_least", "value"),
        (800, "人", "less_than", "value"), (230000000, "元", "approx", "value"),
        (60, "%", "more_than", "value"), (3, "年", "less_than", "value"),
        (12, "天", "exact", "from"), (5, "天", "exact", "to"),
    ],
    "fixture_tianjin_beds.txt": [
        (10000, "张", "at_least", "value"), (3, "家", "exact", "value"),
        (10000, "张", "at_least", "value"), (40, "%", "nearly", "value"),
        (3, "家", "exact", "value"), (1200000, "人次", "exact", "from"),
        (1850000, "人次", "exact", "to"), (54.2, "%", "exact", "stated_change"),
        (10, "所", "at_least", "range_low"),
        (1200000000, "元", "more_than", "value"), (23, "人", "exact", "value"),
        (31, "岁", "approx", "value"), (7, "个", "exact", "value"),
    ],
}
