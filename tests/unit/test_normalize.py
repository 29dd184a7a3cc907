"""Tests for jjjhealth.text.normalize on the seeds and on small inputs (decode, offsets, noise, sentences)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import opencc
import pytest

from jjjhealth.errors import SeedError
from jjjhealth.text.normalize import NormalizedText, Span, decode_bytes, normalize, normalize_file
from jjjhealth.text.pinyin import strip_annotations, to_simplified

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
IDS = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}
T2S = opencc.OpenCC("t2s")
PINYIN = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
TRADITIONAL_ONLY = "醫區聯衛數萬質務負責導續術結認協業設發現學構療農個實際報網來時"


@pytest.fixture(scope="module")
def seeds() -> dict[str, NormalizedText]:
    return {k: normalize_file(p) for k, p in IDS.items()}


def find(doc: NormalizedText, needle: str, nth: int = 0) -> tuple[int, int]:
    """doc + text → clean [start, end) of its nth occurrence."""
    pos = -1
    for _ in range(nth + 1):
        pos = doc.clean.index(needle, pos + 1)
    return pos, pos + len(needle)


def test_all_seeds_present(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


def test_first_body_line_of_000(seeds):
    line = seeds["000"].clean.split("\n")[1]
    assert line.startswith(
        "北京市卫生健康委负责人介绍,十一年来,北京市卫生健康委持续推动核心区中心城区大型医疗机构向外疏解,"
    )


@pytest.mark.parametrize("sid", ["000", "001", "002", "003", "004"])
def test_sentences_are_clean_simplified(seeds, sid):
    doc = seeds[sid]
    assert doc.sentences
    for s in doc.sentences:
        assert doc.clean[s.start : s.end] == s.text
        assert not PINYIN.search(s.text), s.text
        assert not any(c in TRADITIONAL_ONLY for c in s.text), s.text
        assert T2S.convert(s.text) == s.text
        assert not doc.in_noise(s.start, s.end)
        assert s.text == s.text.strip()
        assert s.section in {"title", "body", "related"}


@pytest.mark.parametrize("sid", ["000", "001", "002", "003", "004"])
def test_offsets_roundtrip_on_seeds(seeds, sid):
    doc = seeds[sid]
    assert len(doc.raw_starts) == len(doc.clean) + 1
    for i, ch in enumerate(doc.clean):
        s, e = doc.raw_span(i, i + 1)
        assert e - s == 1
        assert T2S.convert(doc.raw[s]) == ch or doc.raw[s] == ch
    for sent in doc.sentences:
        s, e = doc.raw_span(sent.start, sent.end)
        assert to_simplified(strip_annotations(doc.raw[s:e]).text) == sent.text


@pytest.mark.parametrize(
    "sid, annotations, encoding",
    [
        ("000", 451, "utf-8"),
        ("001", 0, "utf-8"),
        ("002", 0, "utf-8"),
        ("003", 250, "utf-8"),
        ("004", 0, "utf-8"),
    ],
)
def test_stats(seeds, sid, annotations, encoding):
    st = seeds[sid].stats()
    assert set(st) == {
        "raw_chars",
        "clean_chars",
        "noise_chars",
        "noise_share",
        "annotations_removed",
        "corrupted_spans",
        "sentences",
        "encoding",
    }
    assert st["annotations_removed"] == annotations
    assert st["encoding"] == encoding
    assert st["raw_chars"] >= st["clean_chars"] > st["noise_chars"]
    assert 0 <= st["noise_share"] < 1
    assert st["sentences"] == len(seeds[sid].sentences)


@pytest.mark.parametrize(
    "sid, needle, kind",
    [
        ("000", "标签:", "tags"),
        ("000", "抢先读", "headlines"),
        ("000", "胸怀报国志,一心谋发展", "headlines"),
        ("000", "武侠竞技游戏《永劫无间》入选2026年亚运会电竞项目", "headlines"),
        ("001", "2025-02-25 14:24", "dateline"),
        ("002", "• 我的订阅", "menu"),
        ("002", "类别:国内", "dateline"),
        ("002", "本文转自:保定日报", "byline"),
        ("002", "北京儿童医院保定医院鸟瞰图。 北京儿童医院保定医院供图", "photo_caption"),
        ("002", "以上内容为资讯信息快照", "snapshot_notice"),
        ("002", "快照生成时间:2024-02-29 06:45:03", "snapshot_notice"),
        ("002", "本站信息快照查询为非营利公共服务", "snapshot_notice"),
        ("002", "信息原文地址:", "snapshot_notice"),
        ("002", "保定,开创生命健康产业美好未来", "related_news"),
        ("002", "2023-10-12 12:09:00", "related_news"),
        ("002", "更多关于国内的资讯:", "more_news"),
        ("002", "2025-12-28 07:42:00", "more_news"),
        ("003", "首页 新闻中心 即时新闻", "menu"),
        ("003", "您当前的位置:首页", "breadcrumb"),
        ("003", "2024-04-10 08:52:40", "dateline"),
        ("003", "编辑:苏颖", "footer"),
        ("003", "移动客户端", "footer"),
        ("003", "版权声明", "copyright"),
        ("003", "联系电话:0313-2051987", "copyright"),
        ("004", "本文转自:人民网", "byline"),
        ("004", "圆桌论坛现场", "photo_caption"),
        ("004", "阳信县中医医院: 深化区域中医药医疗协作", "related_news"),
        ("004", "济南市莱芜区举行2026年百姓春晚启动仪式", "more_news"),
    ],
)
def test_noise_kinds(seeds, sid, needle, kind):
    doc = seeds[sid]
    s, e = find(doc, needle)
    assert doc.in_noise(s, e)
    assert doc.noise_kind(s) == kind


@pytest.mark.parametrize(
    "sid, needle",
    [
        ("000", "提升同质化服务水平 京津冀11年来建立115个区域医联体"),
        ("000", "成立京津冀医养结合联盟,覆盖542家单位。"),
        ("000", "(完)"),
        ("001", "13家医院完成疏解项目建设"),
        ("001", "■相关"),
        ("002", "从2014年的春天启程"),
        ("002", "全市总诊疗人次增长34%。"),
        ("003", "2023年京津冀医联体实现11个设区市全覆盖"),
        ("003", "为71.4万人次免费提供无创产前基因筛查;"),
        ("004", "重庆市于2021年被国家纳入第二批国家区域医疗中心建设试点省市。"),
    ],
)
def test_article_text_is_not_noise(seeds, sid, needle):
    doc = seeds[sid]
    assert not doc.in_noise(*find(doc, needle))


def test_noise_spans_sorted_and_disjoint(seeds):
    for doc in seeds.values():
        for spans in (doc.noise, doc.corrupted):
            for a, b in itertools.pairwise(spans):
                assert a.end <= b.start
            assert all(0 <= s.start < s.end <= len(doc.clean) for s in spans
                       if s.kind != "lost_character")
            assert all(s.start == s.end for s in spans if s.kind == "lost_character")


@pytest.mark.parametrize(
    "sid, needle, section",
    [
        ("000", "提升同质化服务水平 京津冀11年来建立115个区域医联体", "title"),
        ("000", "不断深化医疗卫生合作", "title"),
        ("000", "北京市卫生健康委负责人介绍", "body"),
        ("001", "13家医院完成疏解项目建设", "title"),
        ("001", "目前,京津冀区域医联体达115个", "body"),
        ("001", "■相关", "related"),
        ("001", "京津冀近1700万家机构信用代码实现数据共享", "related"),
        ("001", "维护市场秩序。", "related"),
        ("002", "人城医产融合共生 全力打造“世界一流生命健康之都”", "title"),
        ("003", "2023年京津冀医联体实现11个设区市全覆盖", "title"),
        ("003", "去年,河北省持续优化完善医疗卫生服务体系", "body"),
        ("004", "落实“双中心”功能定位 助力提升区域医疗服务能力", "title"),
    ],
)
def test_sections(seeds, sid, needle, section):
    doc = seeds[sid]
    s, _ = find(doc, needle)
    [sent] = [x for x in doc.sentences if x.start <= s < x.end]
    assert sent.section == section


def sentence_with(doc: NormalizedText, needle: str) -> str:
    """doc + text → the one sentence holding it."""
    hits = [s.text for s in doc.sentences if needle in s.text and s.section != "related"]
    assert hits, needle
    return hits[0]


@pytest.mark.parametrize(
    "needle",
    [
        "成立京津冀医养结合联盟,覆盖542家单位。",
        "合作领域涵盖医疗、中医药、基层卫生健康、职业健康、卫生健康人才交流、疾病预防控制等多个重点领域。",
    ],
)
def test_same_press_conference_same_sentences(seeds, needle):
    assert sentence_with(seeds["000"], needle) == sentence_with(seeds["001"], needle) == needle


@pytest.mark.parametrize(
    "needle",
    [
        "京津冀区域医联体115个,覆盖河北省11个设区市和雄安新区;",
        "60项临床检验结果在京津冀914家医疗机构实现互认",
        "50项医学影像检查资料在三地686家医疗机构共享",
        "累计疏解床位3000余张",
    ],
)
def test_same_press_conference_same_wording(seeds, needle):
    assert needle in sentence_with(seeds["000"], needle)
    assert needle in sentence_with(seeds["001"], needle)


def test_000_question_marks_touch_the_six(seeds):
    doc = seeds["000"]
    s, _e = find(doc, "???6个")
    assert Span(s, s + 3, "question_marks") in doc.corrupted
    assert doc.near_corruption(s + 3, s + 4)  # the "6"
    assert doc.near_corruption(s + 3, s + 5)  # "6个"
    assert not doc.near_corruption(*find(doc, "名中医室站21个"))
    q, _ = find(doc, "???;")
    assert any(c.start == q and c.end == q + 3 for c in doc.corrupted)


def test_003_mojibake_run(seeds):
    doc = seeds["003"]
    for nth in (0, 1):
        s, _ = find(doc, "京津<", nth)
        span = next(c for c in doc.corrupted if c.start <= s + 2 < c.end)
        assert span.kind == "mojibake"
        assert doc.clean[span.start] == "<" and doc.clean[span.end - 1] == "塾"
        assert doc.clean[span.end : span.end + 2] == "诊疗"
        raw_s, raw_e = doc.raw_span(span.start, span.end)
        assert doc.raw[raw_s - 5 : raw_e + 5].count("?") == 2  # "?qū)<…塾?jì)" in raw
    assert [c.kind for c in doc.corrupted].count("mojibake") == 2


@pytest.mark.parametrize("sid", ["001", "002", "004"])
def test_simplified_seeds_have_no_corruption(seeds, sid):
    assert seeds[sid].corrupted == []


def test_lost_characters_recorded(seeds):
    doc = seeds["003"]
    s, _ = find(doc, "河北日讯")
    assert s + 3 in doc.lost_chars  # 報 of 日報訊 was lost with its "(": not guessed back
    assert Span(s + 3, s + 3, "lost_character") in doc.corrupted


@pytest.mark.parametrize(
    "raw, number, near",
    [
        ("床位36?wàn)张。", "36", True),  # 万 lost after the number: 36 is not what was written
        ("?wàn)36张床位。", "36", True),
        ("共有36张床位,日?qǐng)?bào)讯。", "36", False),
        ("共有36张床位。", "36", False),
    ],
)
def test_number_beside_lost_character_is_near_corruption(raw, number, near):
    doc = normalize(raw, "x")
    s = doc.clean.index(number)
    assert doc.near_corruption(s, s + len(number)) is near


def test_lost_character_in_noise_is_not_corruption():
    doc = normalize("正文有36张床位。\n\n版权所有 日?qǐng)?bào)社\n", "x")
    assert doc.lost_chars and doc.in_noise(doc.lost_chars[0] - 1, doc.lost_chars[0])
    assert doc.corrupted == []


@pytest.mark.parametrize(
    "text",
    [
        "北京市已累计疏解床位3000余张(首都功能核心区除外)。",
        "27岁的孕妈妈张楠(化名)被确诊为库欣综合征。",
        "开展新技术(引进新项目)712项,与京津共建科室361个。",
        "执业(助理)医师从17313人增长到37133人,增长114%;",
        "(经济观察)中国证监会密集发声。",
        "河北日报讯(记者赵泽众)从4月8日召开的发布会上获悉。",
        "",
    ],
)
def test_simplified_input_unchanged(text):
    doc = normalize(text, "x")
    assert doc.clean == text
    assert doc.annotations_removed == 0
    assert doc.raw_span(0, len(text)) == (0, len(text))


@pytest.mark.parametrize(
    "spans, start, end, near",
    [
        ([(5, 8)], 8, 9, True),  # adjacent after
        ([(5, 8)], 3, 5, True),  # adjacent before
        ([(5, 8)], 6, 7, True),  # inside
        ([(5, 8)], 9, 10, False),
        ([(5, 8)], 0, 4, False),
        ([(1, 2), (20, 22)], 10, 12, False),
        ([], 0, 1, False),
    ],
)
def test_near_corruption(spans, start, end, near):
    doc = normalize("x" * 30)
    doc.corrupted = [Span(s, e, "question_marks") for s, e in spans]
    assert doc.near_corruption(start, end) is near


@pytest.mark.parametrize(
    "spans, start, end, inside",
    [
        ([(5, 8)], 8, 9, False),
        ([(5, 8)], 7, 9, True),
        ([(5, 8)], 5, 5, True),
        ([(5, 8)], 4, 5, False),
        ([], 0, 3, False),
    ],
)
def test_in_noise(spans, start, end, inside):
    doc = normalize("x" * 30)
    doc.noise = [Span(s, e, "menu") for s, e in spans]
    assert doc.in_noise(start, end) is inside


TEXT = "京津冀醫聯體實現11個設區市全覆蓋,覆蓋542家單位。"


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (TEXT.encode("utf-8"), "utf-8", TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", TEXT),
        (
            "京津冀医联体实现11个设区市全覆盖,覆盖542家单位。".encode("gbk"),
            "gb18030",
            "京津冀医联体实现11个设区市全覆盖,覆盖542家单位。",
        ),
        (
            "北京市卫生健康委负责人介绍,十一年来持续推动疏解。".encode("gb18030"),
            "gb18030",
            "北京市卫生健康委负责人介绍,十一年来持续推动疏解。",
        ),
        (TEXT.encode("big5"), "big5", TEXT),
        (
            "北京市衛生健康委負責人介紹，十一年來持續推動疏解。".encode("big5"),
            "big5",
            "北京市衛生健康委負責人介紹，十一年來持續推動疏解。",
        ),
    ],
)
def test_decode_bytes(data, encoding, text):
    assert decode_bytes(data, "seeds/x.txt") == (text, encoding)


@pytest.mark.parametrize(
    "data, why",
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"PK\x03\x04\x00\x00binary", "NUL"),
        (bytes(range(1, 32)) * 4, "control"),
        (b"\xff\xfe\xff\xfe\xff", "UTF-8"),
    ],
)
def test_decode_bytes_fails_naming_the_file(data, why):
    with pytest.raises(SeedError, match=r"seeds/bad\.txt.*" + why):
        decode_bytes(data, "seeds/bad.txt")


def test_normalize_file_encoding_and_id(tmp_path):
    path = tmp_path / "009_big5.txt"
    path.write_bytes("京津冀醫聯體覆蓋11個設區市。".encode("big5"))
    doc = normalize_file(path)
    assert doc.source_id == "009_big5"
    assert doc.encoding == "big5"
    assert doc.clean == "京津冀医联体覆盖11个设区市。"
    assert doc.raw == "京津冀醫聯體覆蓋11個設區市。"


def test_normalize_file_utf8_annotated(tmp_path):
    path = tmp_path / "010_pinyin.txt"
    path.write_text("區(qū)域醫(yī)聯(lián)體覆蓋11個設區市。", encoding="utf-8")
    doc = normalize_file(path)
    assert (doc.source_id, doc.encoding, doc.annotations_removed) == ("010_pinyin", "utf-8", 3)
    assert doc.clean == "区域医联体覆盖11个设区市。"
    assert doc.raw_span(0, 1) == (0, 1)  # 區 without its "(qū)"
    assert doc.raw_span(0, 2) == (0, 6)  # "區(qū)域": inner annotation inside, none after 域


def test_normalize_file_missing(tmp_path):
    with pytest.raises(SeedError, match="missing.txt"):
        normalize_file(tmp_path / "missing.txt")


def test_linear_time():
    import time

    unit = IDS["000"].read_text(encoding="utf-8")
    t0 = time.perf_counter()
    normalize(unit * 2)
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    normalize(unit * 16)
    big = time.perf_counter() - t0
    assert big < small * 8 * 3 + 0.5  # 8× the text: well under quadratic (64×)
