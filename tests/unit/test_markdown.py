"""markdown: the one escaping boundary — any string, put through escape or a table builder,
reaches pandoc's document as literal text (so HTML, Typst and PDF show it as written)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pypandoc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jjjhealth.extract.facts import read_facts
from jjjhealth.present import markdown as md
from jjjhealth.report import tables

REPO = Path(__file__).resolve().parents[2]
# Markup of every format the report passes through, mixed into arbitrary text.
MARKUP = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "**b**", "_i_",
          "[a](javascript:x)", "`#text(size: 30pt)[X]`{=typst}", "#set page(fill: red)",
          "{{< include /etc/passwd >}}", "{{< var build.commit >}}", "$x^2$", "\\LaTeX",
          "@fig-x", "| a | b |", "1. item", "    code", "% title", "...", "--", "'q' \"q\"",
          "![i](x.png)", "<!-- c -->", "&amp;", "^[note]", "~~s~~", ":::", "```", "\\", "a\nb"]
HOSTILE = st.one_of(
    st.sampled_from(MARKUP),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=12)), max_size=4).map("".join),
    st.text(max_size=30),
)
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT_NODES = {"Str", "Space", "SoftBreak"}
TABLE_PARTS = {"Table", "AlignDefault", "ColWidth", "ColWidthDefault", "Plain", "Para"}


def shown(s: object) -> str:
    """input value → the text a reader should see (whitespace runs are one space, as in HTML)."""
    return " ".join(md._plain(s).split())


def ast(markdown: str) -> list:
    """Markdown → pandoc's block list."""
    return json.loads(pypandoc.convert_text(str(markdown), "json", format="markdown"))["blocks"]


def walk(node, kinds: list[str], text: list[str]) -> None:
    """pandoc JSON → every element type (kinds) and its literal text, in document order."""
    if isinstance(node, list):
        for n in node:
            walk(n, kinds, text)
    elif isinstance(node, dict) and "t" in node:
        kinds.append(node["t"])
        if node["t"] == "Str":
            text.append(node["c"])
        elif node["t"] in ("Space", "SoftBreak"):
            text.append(" ")
        elif node["t"] in ("Link", "Image", "Span", "Div"):  # shown text, not target/attributes
            walk(node["c"][1], kinds, text)
        elif node["t"] == "Cite":  # only the code's own cross-references may become one
            kinds[-1] = "Cite:" + ",".join(c["citationId"] for c in node["c"][0])
            text.append(" ")
        elif node["t"] == "Table":            # caption, head, bodies
            walk(node["c"][1:], kinds, text)
        elif "c" in node:
            walk(node["c"], kinds, text)
    elif isinstance(node, dict):
        for v in node.values():
            walk(v, kinds, text)


def literal(markdown: str) -> tuple[set[str], str]:
    """Markdown → (element types pandoc made, all visible text with spaces normalised)."""
    kinds: list[str] = []
    text: list[str] = []
    walk(ast(markdown), kinds, text)
    return set(kinds), " ".join("".join(text).split())


@SETTINGS
@given(HOSTILE)
def test_escape_shows_any_string_literally(s):
    out = md.escape(s)
    assert "{{<" not in out and "\n" not in out  # Quarto never sees a shortcode
    kinds, text = literal(out)
    assert kinds <= TEXT_NODES | {"Para", "Plain"}, (s, out, kinds)
    assert text == shown(s)


@SETTINGS
@given(HOSTILE, HOSTILE, HOSTILE)
def test_table_cells_links_and_anchors_stay_literal(a, b, c):
    df = pd.DataFrame({"Plain": [a, c], "Link": [md.link(b, b), md.anchor(c, c)],
                       "Mixed": [md.join([a, md.strong(b)]), md.href(c, "notebooks/x.html")]})
    out = md.table(df)
    assert "{{<" not in out
    kinds, text = literal(out)
    assert kinds <= TEXT_NODES | TABLE_PARTS | {"Link", "Span", "Strong"}, kinds
    for s in (a, b, c):
        assert shown(s) in text


@pytest.mark.parametrize(("parts", "sep", "html"), [
    (["a", md.strong("b")], " ", "<p>a <strong>b</strong></p>"),
    ([md.link("1", "F1"), "(2023)"], " ", '<p><a href="#F1">1</a> (2023)</p>'),
    (["x", "y"], " · ", "<p>x · y</p>"),
])
def test_join_keeps_the_separator(parts, sep, html):
    assert pypandoc.convert_text(str(md.join(parts, sep)), "html5", format="markdown").strip() \
        == html


@pytest.mark.parametrize("text, ident", [("F002-5f41f1e0", "F002-5f41f1e0"),
                                         ("a b<", "a-u0020-b-u003c-"), ("", "")])
def test_ident(text, ident):
    assert md.ident(text) == ident


def test_code_block_fence_outlasts_content():
    block = md.code_block("x ```` y", "bibtex")
    assert str(block).startswith("`````bibtex\n")
    assert [k for k in literal(block)[0]] == ["CodeBlock"]


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return read_facts(REPO / "data" / "facts.csv")


# Not `place`: a place must be an id of catalog/places.yml, and an unknown one stops the report
# with one clear error (tests/unit/test_places.py), so it never reaches a table as text.
FIELDS = ("fact_id", "source_id", "quote", "as_of", "label_en", "number_text", "unit")
# builder → (function, the fields it shows verbatim for the hostile rows).
BUILDERS = {
    "ledger": (lambda f: tables.ledger(f, "en"), ("quote", "as_of", "label_en", "fact_id")),
    "ledger_zh": (lambda f: tables.ledger(f, "zh"), ("quote", "as_of", "fact_id")),
    "untrusted": (lambda f: tables.untrusted_table(f, "en"), ("number_text", "quote", "fact_id")),
    "series": (lambda f: tables.series_table(f, "en"), ("as_of",)),
    "qualifiers": (lambda f: tables.qualifiers_table(f, "en"), ()),
}


@pytest.mark.parametrize("builder", sorted(BUILDERS))
@SETTINGS
@given(values=st.lists(HOSTILE, min_size=len(FIELDS), max_size=len(FIELDS)))
def test_report_tables_show_hostile_fields_literally(facts, builder, values):
    """every text field of a fact (ids, quote, date, label …) → the table shows it as written."""
    f = facts.copy()
    hostile = dict(zip(FIELDS, values))
    # The hostile values go into a ledger fact that ends a series, a flagged (untrusted) fact
    # and a hedged one, so each table shows some of them.
    rows = [f.index[f["in_scope"] & f["metric"].ne("unclassified") & f["role"].eq("to")][0],
            f.index[f["flags"].str.contains("near_corruption")][0],
            f.index[f["in_scope"] & f["qualifier"].ne("exact")][0]]
    for col, v in hostile.items():
        f.loc[rows, col] = v
    f.loc[rows, "fact_id"] = [f"{hostile['fact_id']}{i}" for i in range(len(rows))]
    build, fields = BUILDERS[builder]
    out = build(f)
    assert "{{<" not in out
    kinds, text = literal(out)
    assert kinds <= TEXT_NODES | TABLE_PARTS | {"Div", "Link", "Span", "Strong",
                                                "Cite:tbl-sources"}, kinds
    for col in fields:
        wants = [f"{hostile[col]}{i}" for i in range(len(rows))] if col == "fact_id" \
            else [hostile[col]]
        assert any(shown(w) in text for w in wants), (col, wants, out)
