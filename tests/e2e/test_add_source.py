"""`jjjhealth add-source`: an article file → seeds/NNN_<sha256[:16]>.txt + its sources.yml entry,
with the date, encoding and script detected, copies refused and the file's comments kept."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from jjjhealth import yamlio
from jjjhealth.build import cli
from jjjhealth.build.addsource import add_source
from jjjhealth.errors import AddSourceError, DuplicateSeedError, FurnitureWarning, SeedError
from jjjhealth.text.sources import load_sources

# Self-written test articles (no third-party text).
DATED = ("京津冀协同发展再添新成果\n2024年5月6日 10:20 来源:测试日报\n"
         "记者从市卫健委获悉,京津冀医联体新增8个,覆盖河北全部设区市。\n"
         "据介绍,今年以来天津向河北派出专家300余人次。\n")
LABELLED = ("保定新建儿童医院投入使用\n类别:国内 发布时间:2023-11-02 08:00:00\n本文转自:保定晚报\n"
            "新院区设计床位600张,京津冀专家团队每周坐诊。\n")
UNDATED = "承德推进医疗协同\n承德市与北京三家医院签约,共建专科5个。\n"
TRADITIONAL = ("京津冀醫療協同走深走實\n2025-03-01 來源:測試新聞網\n"
               "北京向河北派駐專家1200人次,共建醫聯體20個。\n")
PINYIN = ("京津冀醫(yī)療協同\n2025-03-01 來源:測試新聞網\n"
          "河北新增區(qū)域醫療中心3個,覆蓋全省。\n")
MENU = "首页 新闻 国内 国际 体育 财经\n• 我的订阅\n• 国内\n版权所有 测试网\n"


@pytest.fixture
def seeds(tmp_path) -> Path:
    dest = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", dest)
    return dest


def _file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    return path


def _entry(seeds: Path, sid: str) -> dict:
    doc = yamlio.load(seeds / "sources.yml")
    return next(e for e in doc["sources"] if e["id"] == sid)


# (case, text, encoding, options, expected: encoding, script, published, date_method words)
GOOD = [
    ("dateline", DATED, "utf-8", {}, "utf-8", "simplified", "2024-05-06", ["proposed", "line 2"]),
    ("labelled_date_gb18030", LABELLED, "gb18030", {}, "gb18030", "simplified", "2023-11-02",
     ["proposed", "line 2"]),
    ("big5_traditional", TRADITIONAL, "big5", {}, "big5", "traditional_pinyin", "2025-03-01",
     ["proposed"]),
    ("pinyin", PINYIN, "utf-8", {}, "utf-8", "traditional_pinyin", "2025-03-01", ["proposed"]),
    ("undated_given", UNDATED, "utf-8", {"published": "2022-07-01", "outlet": "承德日报"},
     "utf-8", "simplified", "2022-07-01", ["given: --published 2022-07-01"]),
    ("given_over_text", DATED, "utf-8", {"published": "2024-05-07"}, "utf-8", "simplified",
     "2024-05-07", ["given", "the text states 2024-05-06 (line 2)"]),
]


@pytest.mark.parametrize("case, text, enc, opts, encoding, script, published, words", GOOD,
                         ids=[g[0] for g in GOOD])
def test_add_source(seeds, tmp_path, case, text, enc, opts, encoding, script, published, words):
    before = (seeds / "sources.yml").read_text(encoding="utf-8")
    src = _file(tmp_path, text, enc)
    added = add_source(src, seeds, url="https://example.org/a?b=1#c", **opts)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert added.id == f"005_{digest[:16]}"
    assert added.path.read_bytes() == src.read_bytes()  # copied byte for byte
    assert (added.encoding, added.script, added.published) == (encoding, script, published)
    after = (seeds / "sources.yml").read_text(encoding="utf-8")
    assert after.startswith(before)  # appended: the file's comments and layout are kept
    entry = _entry(seeds, added.id)
    assert entry["sha256"] == digest and entry["url"] == "https://example.org/a?b=1#c"
    assert str(entry["published"]) == published and entry["script"] == script
    for w in words:
        assert w in entry["date_method"]
    assert [s.id for s in load_sources(seeds)][-1] == added.id  # the build accepts it


def test_ids_count_up_and_titles_and_outlets_come_from_the_text(seeds, tmp_path):
    first = add_source(_file(tmp_path, DATED), seeds)
    second = add_source(_file(tmp_path, LABELLED), seeds)
    assert (first.id[:4], second.id[:4]) == ("005_", "006_")
    entry = _entry(seeds, second.id)
    assert entry["title"] == "保定新建儿童医院投入使用"
    assert entry["outlet"].startswith("保定晚报") and entry["about_jjj"] is True


def _near_copy(seeds: Path) -> str:
    text = (seeds / "001_1e554aea45242714.txt").read_text(encoding="utf-8")
    return text.replace("115", "116", 1)  # one character changed


# (case, text(seeds), options, error, words)
BAD = [
    ("exact_copy", lambda s: (s / "001_1e554aea45242714.txt").read_text(encoding="utf-8"), {},
     DuplicateSeedError, ["exact copy of seed 001_1e554aea45242714"]),
    ("near_copy", _near_copy, {}, DuplicateSeedError,
     ["near copy of seed 001_1e554aea45242714", "%", "--allow-duplicate-of 001_1e554aea45242714"]),
    ("near_copy_wrong_allow", _near_copy, {"allow_duplicate_of": "002_22f6b134d5afdb68"},
     DuplicateSeedError, ["near copy of seed 001_1e554aea45242714"]),
    ("allow_unknown_seed", lambda s: DATED, {"allow_duplicate_of": "999_x"}, AddSourceError,
     ["--allow-duplicate-of 999_x", "no such seed"]),
    ("no_date", lambda s: UNDATED, {"outlet": "o"}, AddSourceError, ["give --published"]),
    ("impossible_date", lambda s: DATED, {"published": "2025-02-30"}, AddSourceError,
     ["--published '2025-02-30'", "YYYY-MM-DD"]),
    ("no_outlet", lambda s: UNDATED, {"published": "2024-01-01"}, AddSourceError,
     ["give --outlet"]),
    ("empty", lambda s: " \n", {}, SeedError, ["empty"]),
    ("over_20_digits", lambda s: DATED + "编号" + "1" * 30 + "号。\n", {}, SeedError,
     ["digits"]),
]


@pytest.mark.parametrize("case, text, opts, error, words", BAD, ids=[b[0] for b in BAD])
def test_add_source_refuses(seeds, tmp_path, case, text, opts, error, words):
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    src = _file(tmp_path, text(seeds))
    with pytest.raises(error) as exc:
        add_source(src, seeds, **opts)
    for w in words:
        assert w in str(exc.value), str(exc.value)
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before


def test_a_deliberate_copy_joins_the_evidence_group(seeds, tmp_path):
    added = add_source(_file(tmp_path, _near_copy(seeds)), seeds, outlet="o",
                       allow_duplicate_of="001_1e554aea45242714")
    entry = _entry(seeds, added.id)
    assert entry["duplicate_of"] == entry["evidence_group"] == "001_1e554aea45242714"
    assert "%" in entry["duplicate_note"]


def test_site_furniture_warns(seeds, tmp_path):
    with pytest.warns(FurnitureWarning, match="site furniture"):
        add_source(_file(tmp_path, MENU + "承德推进医疗协同\n承德市与北京的医院签约。\n"), seeds,
                   published="2024-01-01", outlet="o")


def test_a_file_already_in_seeds_is_refused(seeds):
    (seeds / "new.txt").write_text(DATED, encoding="utf-8")
    with pytest.raises(AddSourceError, match="already inside seeds/"):
        add_source(seeds / "new.txt", seeds)


def test_special_files_are_refused(seeds, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(SeedError, match="FIFO"):
        add_source(fifo, seeds)


def test_cli_adds_then_extract_reads_it(repo_copy, tmp_path, capsys, monkeypatch):
    import pandas as pd

    monkeypatch.setenv("JJJ_ROOT", str(repo_copy))
    src = _file(tmp_path, DATED)
    assert cli.main(["--root", str(repo_copy), "add-source", str(src),
                     "--url", "https://example.org/a"]) == 0
    out = capsys.readouterr().out
    assert "[add-source]" in out and "2024-05-06" in out and "line 2" in out
    assert cli.main(["--root", str(repo_copy), "add-source", str(src)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "exact copy of seed 005_" in err[0]
    assert cli.main(["--root", str(repo_copy), "extract"]) == 0
    facts = pd.read_csv(repo_copy / "data" / "facts.csv", dtype=str)
    mine = facts[facts["source_id"].str.startswith("005_")]
    assert {"8", "300余"} <= set(mine["number_text"])
