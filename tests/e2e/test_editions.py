"""English and Chinese editions from the same data: same facts, same ids, each in its language."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import require

pytestmark = pytest.mark.slow

EDITIONS = {"en": Path("."), "zh": Path("zh")}
_FACT_LINK = re.compile(r'<a href="#(F\d{3}-[0-9a-f]{8})"[^>]*>([^<]+)</a>')


@pytest.fixture(scope="module")
def output(built_repo: Path) -> Path:
    return built_repo / "report" / "_output"


def _section(html: str, sid: str) -> str:
    """HTML → the text of one <section id=…> (up to the next top-level section)."""
    start = html.index(f'id="{sid}"')
    nxt = html.find('<section id="sec-', start + 10)
    return html[start:nxt if nxt != -1 else len(html)]


def _cited(output: Path, edition: str) -> dict[str, str]:
    """edition → {fact id: number text} linked from its key-findings section."""
    html = (output / EDITIONS[edition] / "index.html").read_text(encoding="utf-8")
    return dict(_FACT_LINK.findall(_section(html, "sec-summary")))


def test_both_editions_exist_with_their_language(output):
    for edition, lang in (("en", "en"), ("zh", "zh-Hans")):
        html = (output / EDITIONS[edition] / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<html[^>]+lang="{lang}"', html), edition
        assert (output / EDITIONS[edition] / "report.pdf").is_file()


def test_editions_link_to_each_other(output):
    en = (output / "index.html").read_text(encoding="utf-8")
    zh = (output / "zh" / "index.html").read_text(encoding="utf-8")
    assert 'href="zh/index.html"' in en and 'href="../index.html"' in zh


def test_same_facts_cited_in_both_summaries_with_the_same_value(output):
    from jjjhealth.qualifiers import qualified_en, qualified_zh

    en, zh = _cited(output, "en"), _cited(output, "zh")
    assert en and set(en) == set(zh)
    facts = pd.read_csv(output / "data" / "facts.csv", dtype=str, keep_default_na=False)
    facts = facts.set_index("fact_id")
    for fid in en:
        row = facts.loc[fid]
        value = float(row["value"])
        assert en[fid] == qualified_en(value, row["unit"], row["qualifier"]), fid
        assert zh[fid] == qualified_zh(value, row["unit"], row["qualifier"]), fid


def test_same_section_and_figure_ids_in_both(output):
    ids = {}
    for edition, folder in EDITIONS.items():
        html = (output / folder / "index.html").read_text(encoding="utf-8")
        ids[edition] = set(re.findall(r'id="((?:sec|fig|tbl)-[\w-]+)"', html))
    assert ids["en"] == ids["zh"]


def test_key_numbers_in_both_editions_and_csv(output):
    csv = pd.read_csv(output / "data" / "key_numbers.csv", dtype=str, keep_default_na=False)
    assert len(csv) >= 4
    for folder in EDITIONS.values():
        html = (output / folder / "index.html").read_text(encoding="utf-8")
        table = _section(html, "tbl-key-numbers") if 'id="tbl-key-numbers"' in html else ""
        assert table, folder
        for fid in csv["fact_id"]:
            assert fid in table


def test_both_pdfs_embed_cjk_regular_and_bold(output):
    require("pdffonts")
    for folder in EDITIONS.values():
        fonts = subprocess.run(["pdffonts", str(output / folder / "report.pdf")],
                               capture_output=True, text=True, check=True).stdout
        assert "NotoSansCJKsc-Regular" in fonts and "NotoSansCJKsc-Bold" in fonts, folder


def _bullets(output: Path, edition: str) -> list[str]:
    """edition → the HTML of each bullet of its Context section."""
    html = (output / EDITIONS[edition] / "index.html").read_text(encoding="utf-8")
    return re.findall(r"<li>(.*?)</li>", _section(html, "sec-context"), re.DOTALL)


def test_every_context_bullet_cites_the_fact_that_says_it(output):
    """Context bullets carry a source: a link to a ledger row whose quote holds the bullet's
    Chinese term (the term the sources use); both editions cite the same facts."""
    facts = pd.read_csv(output / "data" / "facts.csv", dtype=str, keep_default_na=False)
    quotes = facts.set_index("fact_id")["quote"]
    cited = {}
    for edition, folder in EDITIONS.items():
        html = (output / folder / "index.html").read_text(encoding="utf-8")
        ids = set(re.findall(r'id="([^"]+)"', html))
        bullets = _bullets(output, edition)
        assert len(bullets) >= 4, edition
        cited[edition] = [re.findall(r'href="#(F\d{3}-[0-9a-f]{8})"', b) for b in bullets]
        for bullet, fids in zip(bullets, cited[edition]):
            assert fids, f"{edition}: a context bullet cites no source: {bullet[:80]}"
            assert all(f in ids for f in fids), f"{edition}: {fids} not in the ledger"
    assert cited["en"] == cited["zh"]
    for bullet, fids in zip(_bullets(output, "en"), cited["en"]):
        term = re.search(r"</strong>\s*\((?:<span[^>]*>)*([^<)]+)", bullet).group(1)
        assert any(term in quotes[f] for f in fids), f"no cited quote says {term}: {fids}"
