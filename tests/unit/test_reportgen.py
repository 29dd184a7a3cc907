"""reportgen: numbers come from data, figure blocks link their files, references are checked."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import assert_no_typed_numbers, prose

from jjjhealth import config
from jjjhealth.extract.facts import read_facts, read_sources
from jjjhealth.present import markdown as md
from jjjhealth.report import blocks, reportgen, tables

REPO = Path(__file__).resolve().parents[2]
QMD = REPO / "report" / "index.qmd"
@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return read_facts(REPO / "data" / "facts.csv")


@pytest.fixture(scope="module")
def milestones() -> list[dict]:
    return reportgen.report_inputs(REPO)["milestones"]


def test_index_qmd_has_no_typed_numbers():
    assert_no_typed_numbers(QMD.read_text(encoding="utf-8"), "report/index.qmd")


@pytest.mark.parametrize("text, found", [
    ("a {{< var x.text >}} b", ""), ("beds 3000余张", "3000"), ("<!-- 12 -->", ""),
    ("::: {#fig-growth-2}", ""), ("see @fig-a1", ""), ("year 2014", "2014"),
])
def test_prose_filter(text, found):
    assert "".join(re.findall(r"\d+", prose(text))) == found


def test_every_var_in_index_exists(facts, milestones):
    selectors = yaml.safe_load((REPO / "report" / "numbers.yml").read_text(encoding="utf-8"))
    vars_ = reportgen.variables(facts, selectors, milestones)
    vars_["corpus"] = reportgen.corpus_counts(facts, read_sources(REPO / "data" / "sources.csv"),
                                              [])
    vars_["series"] = tables.series_summary(facts)
    for key in re.findall(r"\{\{<\s*var\s+([\w.]+)\s*>\}\}", QMD.read_text(encoding="utf-8")):
        node = vars_
        for part in key.split("."):
            assert part in node, f"index.qmd uses {{{{< var {key} >}}}}, not produced"
            node = node[part]


@pytest.mark.parametrize("key, sel, text", [
    ("a", {"metric": "jjj_medical_alliances", "source": "001"}, "115"),
    ("b", {"metric": "beds_relocated", "source": "001"}, "3,000+"),
    ("c", {"metric": "new_technologies", "source": "001"}, "nearly 300"),
    ("d", {"metric": "out_of_area_patient_share", "source": "001"}, "more than 80%"),
    ("e", {"metric": "institutions", "role": "to"}, "11,753"),
    ("f", {"milestone": "Coordination strategy begins"}, "2014"),
    ("g", {"context": "xiongan_established"}, "2017"),
])
def test_variables_read_as_meant(facts, milestones, key, sel, text):
    assert reportgen.variables(facts, {key: sel}, milestones)[key]["text"] == text


HOSTILE = "<b>x</b> *y* #set text(red) {{< var build.commit >}} `z` $1$ 2025-01-01"


@pytest.mark.parametrize("path", [
    ("k", "as_of"), ("k", "value"), ("k", "text"), ("k", "text_zh"), ("k", "year"),
    ("k", "meta"), ("m", "quote"), ("corpus", "dateline"), ("series", "fastest"),
    ("build", "commit"), ("build", "built_at"),
])
def test_every_variable_reaches_quarto_escaped(path):
    """_variables.yml holds Markdown: each value from data/ or the build through md.escape."""
    tree = {path[0]: {path[1]: HOSTILE, "fact": "F001-0a1b2c3d"}}
    out = reportgen.markdown_variables(tree)
    assert out[path[0]][path[1]] == md.escape(HOSTILE)
    assert "<b>" not in out[path[0]][path[1]] and "{{<" not in out[path[0]][path[1]]
    assert out[path[0]]["fact"] == "F001-0a1b2c3d"  # a link target: md.ident, unchanged


def test_variables_are_plain_until_written(facts, milestones):
    """variables() gives plain text (keys, titles, CSVs use it); only the write escapes."""
    got = reportgen.variables(facts, {"b": {"metric": "beds_relocated", "source": "001"}},
                              milestones)["b"]
    assert got["text"] == "3,000+"
    written = reportgen.markdown_variables({"b": got})["b"]
    assert written["text"] == r"3,000\+" and written["as_of"] == md.escape(got["as_of"])


@pytest.mark.parametrize("sel", [
    {"metric": "no_such_metric"}, {"milestone": "never happened"}, {"context": "no_such_key"},
])
def test_bad_selectors_fail(facts, milestones, sel):
    with pytest.raises(KeyError):
        reportgen.variables(facts, {"bad": sel}, milestones)


def test_corrupted_facts_are_not_picked_unless_asked(facts):
    sel = {"metric": "tcm_key_specialties", "source": "000"}
    with pytest.raises(KeyError):
        reportgen.variables(facts, {"x": sel})
    assert reportgen.variables(facts, {"x": {**sel, "flagged": True}})["x"]["zh"] == "6"


def test_figure_block_links_files_notebook_and_citation():
    meta = {"id": "growth-x", "title": "T [1]", "caption": "C *x*", "notebook": "01_nb",
            "sources": [{"id": "002_a", "outlet": "Baoding Daily", "published": "2024-02-29"}],
            "citation": "“T”. Data: Baoding Daily."}
    block = blocks.figure_block(meta)
    assert block.startswith("::: {#fig-growth-x}\n![](figures/growth-x.svg)")
    for target in ("figures/growth-x.png", "figures/growth-x.svg", "figures/growth-x.csv",
                   "figures/growth-x.json", "notebooks/01_nb.html"):
        assert f"]({target})" in block
    assert "Cite this figure:" in block and "Sources: Baoding Daily" in block
    assert r"T \[1\]" in block and r"C \*x\*" in block  # titles are text, never Markdown
    assert 'fig-alt="T \\[1\\]"' in block  # no alt text given → the title


@pytest.mark.parametrize(("extra", "alt", "shown"), [
    ({"alt_en": "Bar chart: 40 in 2023 \"q\"", "takeaway_en": "Rose to 115."},
     r'fig-alt="Bar chart\: 40 in 2023 \"q\""', r"Rose to 115\."),  # md.escape
    ({}, r'fig-alt="T"', "Cite this figure:"),
])
def test_figure_block_alt_text_and_takeaway(extra, alt, shown):
    meta = {"id": "x", "title": "T", "caption": "C", "notebook": "nb", "sources": [],
            "citation": "cite", **extra}
    block = blocks.figure_block(meta)
    assert alt in block and shown in block and "figures/x.zip" in block


@pytest.mark.parametrize("qmd, ok", [
    ("see @fig-a and @tbl-ledger", True), ("see @fig-b", False), ("mail a@b.c", True),
])
def test_check_references(qmd, ok):
    ids = {"fig-a", "tbl-ledger"}
    if ok:
        reportgen.check_references(qmd, ids)
    else:
        with pytest.raises(reportgen.MissingFigureError, match="@fig-b.*fig-a"):
            reportgen.check_references(qmd, ids)


def test_table_widths_go_in_the_rule_line():
    df = pd.DataFrame({"a": ["x"], "b": ["y"]})
    assert tables.table(df, [3, 7]).splitlines()[1] == "|---|-------|"


@pytest.mark.parametrize("sid, short", [("000_a6f9737a7e73aa1c", "000"), ("004", "004")])
def test_short_id(sid, short):
    assert tables.short_id(sid) == short


def test_qualifier_table_shows_chinese_hedges(facts):
    text = tables.qualifiers_table(facts, "en")
    assert "余" in text and "近" in text and "超过" in text
    assert "3,000+" in text or "nearly" in text


def test_title_has_no_typed_numbers():
    templates = yaml.safe_load((REPO / "report" / "title.yml").read_text(encoding="utf-8"))
    project = yaml.safe_load((REPO / "report" / "_quarto.yml").read_text(encoding="utf-8"))
    assert "title" not in project and "subtitle" not in project  # one place: title.yml
    for text in templates.values():
        assert_no_typed_numbers(text, "report/title.yml")


def test_title_comes_from_the_data(facts, milestones):
    selectors = yaml.safe_load((REPO / "report" / "numbers.yml").read_text(encoding="utf-8"))
    vars_ = reportgen.variables(facts, selectors, milestones)
    templates = yaml.safe_load((REPO / "report" / "title.yml").read_text(encoding="utf-8"))
    titles = reportgen.title_block(templates, vars_)
    assert f"{vars_['years_of_coordination']['text']} years of " in titles["title"]
    assert vars_["alliances"]["text"] in titles["title"]
    assert vars_["strategy_year"]["text"] in titles["subtitle"]


@pytest.mark.parametrize("text", ["Ten years of care", "10 years of care"])
def test_typed_title_numbers_are_caught(text):
    with pytest.raises(AssertionError, match="title.yml"):
        assert_no_typed_numbers(text, "report/title.yml")


def test_title_slot_must_exist():
    vars_ = {"a": {"text": "9"}}
    assert reportgen.title_block({"title": "{{< var a.text >}} x"}, vars_) == {"title": "9 x"}
    with pytest.raises(KeyError, match=r"var b.text >\}\}: no such variable"):
        reportgen.title_block({"title": "{{< var b.text >}} x"}, vars_)


def test_report_reads_the_release_not_the_seeds(tmp_path):
    """data/ + report/numbers.yml alone (no seeds/, no package milestones) → every input."""
    import shutil
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "report").mkdir()
    shutil.copy(REPO / "report" / "numbers.yml", tmp_path / "report")
    got = reportgen.report_inputs(tmp_path)
    assert {"facts", "sources", "stats", "milestones", "selectors"} <= set(got)
    assert len(got["sources"]) == len(tables.source_frame(got["sources"])) > 0
    assert got["milestones"] and all("label_en" in m for m in got["milestones"])


def _pair(metric, label, a, b):
    return [{"metric": metric, "label_en": label, "label_zh": label, "role": r, "value": v,
             "in_scope": True, "fact_id": f"{metric}-{r}", "as_of": y, "place": "保定"} for r, v, y in (("from", a, "2013"),
                                                                      ("to", b, "2023"))]


@pytest.mark.parametrize(("pairs", "fastest", "change"), [
    ([("beds", "Beds", 100, 300), ("nurses", "Nurses", 100, 150)], "beds", "+200%"),
    ([("beds", "Beds", 100, 110), ("nurses", "Nurses", 100, 262)], "nurses", "+162%"),
    ([], "no series", ""),
])
def test_fastest_series_is_computed(pairs, fastest, change):
    facts = pd.DataFrame([r for p in pairs for r in _pair(*p)],
                         columns=["metric", "label_en", "label_zh", "role", "value", "in_scope",
                                  "fact_id", "as_of", "place"])
    got = tables.series_summary(facts)
    assert (got["fastest"], got["fastest_change"]) == (fastest, change)


# A self-written later report (not a real article): 1,326 institutions recognise lab results.
NEWER_TEXT = ("京津冀检查检验结果互认范围持续扩大\n"
              "记者从三地卫生健康部门获悉,截至11月20日,京津冀参与检验结果互认的医疗机构达到1326家,"
              "互认项目增至104项。\n")


def test_a_newer_source_moves_the_summary_without_editing_numbers_yml(tmp_path):
    import hashlib
    import shutil

    from jjjhealth.extract.facts import extract

    seeds = tmp_path / "seeds"
    shutil.copytree(config.PATHS.seeds, seeds)
    (seeds / "900_newer.txt").write_text(NEWER_TEXT, encoding="utf-8")
    entry = {"id": "900_newer", "title": "京津冀检查检验结果互认范围持续扩大",
             "outlet": "test", "outlet_en": "test", "published": "2025-11-25",
             "date_method": "assigned: self-written test text", "script": "simplified",
             "about_jjj": True,
             "sha256": hashlib.sha256(NEWER_TEXT.encode("utf-8")).hexdigest()}
    doc = yaml.safe_load((seeds / "sources.yml").read_text(encoding="utf-8"))
    doc["sources"].append(entry)
    (seeds / "sources.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    selectors = yaml.safe_load((REPO / "report" / "numbers.yml").read_text(encoding="utf-8"))
    wanted = {k: selectors[k] for k in ("lab_institutions", "lab_items")}
    before = reportgen.variables(read_facts(config.PATHS.facts_csv), wanted)
    after = reportgen.variables(extract(seeds, tmp_path / "data"), wanted)
    assert (before["lab_institutions"]["value"], before["lab_items"]["value"]) == ("914", "60")
    assert (after["lab_institutions"]["value"], after["lab_institutions"]["as_of"]) == (
        "1,326", "2025-11-20")
    assert after["lab_items"]["source"] == "900"
