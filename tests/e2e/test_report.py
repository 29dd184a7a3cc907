"""The rendered report (Quarto): numbers, fonts, page size, links, and a changed fact."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, overprinted_pages, require, run_cli

pytestmark = pytest.mark.slow
ARTEFACTS = REPO / "build" / "test-artefacts"
HEADLINES = ["115", "914", "686", "542", "11,753", "63,574", "37,133", "32,581", "3,000+"]


class _Links(HTMLParser):
    """HTML → hrefs and srcs of every element."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("src"):
            self.srcs.append(a["src"])
        if a.get("id"):
            self.ids.add(a["id"])


def pdf_text(pdf: Path) -> str:
    """PDF → its text with runs of whitespace collapsed."""
    require("pdftotext")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def parse(html: Path) -> _Links:
    p = _Links()
    p.feed(html.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def output(built_repo: Path) -> Path:
    return built_repo / "report" / "_output"


@pytest.mark.parametrize("number", HEADLINES)
def test_pdf_has_headline_number(output, number):
    assert number in pdf_text(output / "report.pdf")


@pytest.mark.parametrize("number", HEADLINES)
def test_html_has_headline_number(output, number):
    assert number in (output / "index.html").read_text(encoding="utf-8")


def test_pdf_embeds_cjk_font_and_is_a4(output):
    require("pdffonts", "pdfinfo")
    fonts = subprocess.run(["pdffonts", str(output / "report.pdf")], capture_output=True,
                           text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSansCJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    assert any("NotoSansCJKsc-Bold" in line for line in cjk), "no Bold CJK weight embedded"
    assert any("NotoSansCJKsc-Regular" in line for line in cjk), fonts
    info = subprocess.run(["pdfinfo", str(output / "report.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info), info
    assert "保定" in pdf_text(output / "report.pdf")


def test_pdf_pages_as_png_artefacts(output):
    require("pdftoppm")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for pdf, name in (("report.pdf", "report-page"), ("zh/report.pdf", "report-zh-page")):
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "3", "-png",
                        str(output / pdf), str(ARTEFACTS / name)], check=True)
        assert len(list(ARTEFACTS.glob(f"{name}-*.png"))) == 3


def test_html_is_self_contained(output):
    links = parse(output / "index.html")
    remote = [s for s in links.srcs if not s.startswith("data:")]
    assert not remote, f"resources not embedded: {remote[:5]}"
    html = (output / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<link[^>]+href=\"https?:", html)


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_the_pdf_is_offered_once_and_named_pdf(output, edition):
    html = (output / edition / "index.html").read_text(encoding="utf-8")
    assert "Typst" not in re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.DOTALL)
    assert len(re.findall(r'<a [^>]*href="report\.pdf"[^>]*>\s*PDF\s*</a>', html)) == 1


def test_html_links_resolve(output):
    links = parse(output / "index.html")
    local = [h for h in links.hrefs if not h.startswith(("http:", "https:", "mailto:", "data:"))]
    for href in local:
        if href.startswith("#"):
            assert href[1:] in links.ids, f"anchor {href} has no target"
        else:
            assert (output / href.split("#")[0]).is_file(), f"{href} does not resolve in _output/"
    assert any(h.startswith("notebooks/") for h in local)


def test_every_figure_is_in_the_report_with_downloads(output):
    cat = pd.read_csv(output / "figures" / "figures.csv")
    assert len(cat) > 0
    links = parse(output / "index.html")
    for fid, nb in zip(cat["id"], cat["notebook"]):
        assert f"fig-{fid}" in links.ids
        for ext in ("png", "svg", "csv", "json"):
            assert f"figures/{fid}.{ext}" in links.hrefs
        assert f"notebooks/{nb}.html" in links.hrefs
    pdf = pdf_text(output / "report.pdf")
    assert f"Figure {len(cat)}" in pdf


def test_both_formats_have_the_same_sections(output):
    html = (output / "index.html").read_text(encoding="utf-8")
    pdf = pdf_text(output / "report.pdf")
    for title in ("Key findings", "Context", "Sources and method", "Resource growth", "Coverage",
                  "Flagship cases", "Timeline", "Consistency and limits", "Facts ledger",
                  "Figure catalog", "Reproducibility", "Cite this report"):
        assert title in html and title in pdf, title


def test_changed_fact_reaches_html_and_pdf(built_repo, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(built_repo, root, ignore=shutil.ignore_patterns("_output", "_output.old",
                                                                   "test-artefacts"))
    facts = root / "data" / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [ln.replace(",115,个,", ",116,个,") if ",jjj_medical_alliances," in ln else ln
               for ln in lines]
    assert changed != lines
    facts.write_text("".join(changed), encoding="utf-8")
    # not extract: it would rewrite facts.csv. With a report URL, the PDF's links are absolute.
    run_cli(root, "render", env={"JJJ_REPORT_URL": "https://example.org/jjj"})
    out = root / "report" / "_output"
    require("pdfinfo")
    bundles = {f"https://example.org/jjj/figures/{fid}.zip"
               for fid in pd.read_csv(out / "figures" / "figures.csv")["id"]}
    for pdf in ("report.pdf", "zh/report.pdf"):  # the Chinese edition's ../ resolved too
        urls = subprocess.run(["pdfinfo", "-url", str(out / pdf)], capture_output=True,
                              text=True, check=True).stdout.split()
        files = [u for u in urls if "/notebooks/" in u or "/figures/" in u or "/data/" in u]
        assert files and all(u.startswith("https://example.org/jjj/") and "/../" not in u
                             for u in files), (pdf, urls)
        assert bundles <= set(urls), (pdf, sorted(bundles - set(urls)))  # every figure's zip
    assert "https://example.org/jjj/" in (out / "index.html").read_text(encoding="utf-8")
    html = (out / "index.html").read_text(encoding="utf-8")
    # the summary's text without the source titles its key-numbers table cites (a headline
    # may say 115 too: it is the source's words, not the changed fact)
    titles = pd.read_csv(root / "data" / "sources.csv", dtype=str, keep_default_na=False)
    titles = sorted({t for t in titles["title"].tolist() + titles["title_en"].tolist() if t},
                    key=len, reverse=True)

    def summary_text(page: str) -> str:
        text = page[page.index('id="sec-summary"'):page.index('id="sec-context"')]
        text = unescape(re.sub(r"<[^>]+>", "", text))
        for t in titles:
            text = text.replace(t, "")
        return text

    summary = summary_text(html)
    assert "116" in summary and "115" not in summary
    pdf = pdf_text(out / "report.pdf")
    assert "116 Beijing" in pdf
    # the Chinese edition, from the same data, shows the new value too (Chinese convention)
    zh = (out / "zh" / "index.html").read_text(encoding="utf-8")
    summary_zh = summary_text(zh)
    assert "116个" in summary_zh and "115个" not in summary_zh
    assert "区域医联体116个" in pdf_text(out / "zh" / "report.pdf").replace(" ", "")


def test_cross_references_resolved(output):
    html = (output / "index.html").read_text(encoding="utf-8")
    pdf = pdf_text(output / "report.pdf")
    for text in (html, pdf):
        assert not re.search(r"\?@(fig|tbl|sec)-", text)
    assert re.search(r'<a href="#fig-[\w-]+" class="quarto-xref">Figure[\s\u00a0]\d+</a>', html)


def test_no_cdn_math_or_scripts(output):
    html = (output / "index.html").read_text(encoding="utf-8")
    assert "mathjax" not in html.lower() and "cdn.jsdelivr" not in html


def test_output_records_the_quarto_version(output):
    import json

    from jjjhealth.report.quarto import QUARTO_VERSION

    info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    assert info["renderer"] == f"Quarto {QUARTO_VERSION}"
    assert f"Quarto {QUARTO_VERSION}" in (output / "index.html").read_text(encoding="utf-8")


def test_dataset_is_in_the_output_and_linked(output):
    import json

    from jjjhealth.extract.datapackage import validate
    from jjjhealth.report.downloads import dataset_files

    names = [n for n, _ in dataset_files(output / "data")]
    assert {"facts.csv", "sources.csv", "datapackage.json", "key_numbers.csv"} <= set(names)
    released = output.parents[1] / "data"
    for name in names:
        if (released / name).exists() and name != "datapackage.json":
            assert (output / "data" / name).read_bytes() == (released / name).read_bytes()
    hrefs = parse(output / "index.html").hrefs
    assert all(f"data/{n}" in hrefs for n in names)
    # the copy's package lists the released tables and key_numbers.csv, and validates
    package = json.loads((output / "data" / "datapackage.json").read_text("utf-8"))
    before = json.loads((released / "datapackage.json").read_text("utf-8"))["resources"]
    assert package["resources"][:-1] == before
    assert package["resources"][-1]["path"] == "key_numbers.csv"
    assert validate(output / "data" / "datapackage.json") == []


def test_chinese_runs_are_marked_in_the_english_edition(output):
    html = (output / "index.html").read_text(encoding="utf-8")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"' in html
    assert '<span lang="zh-Hans">京津冀区域医联体</span>' in html


def test_pdf_keeps_chinese_quotes_as_in_the_source(output):
    import pandas as pd

    facts = pd.read_csv(output / "data" / "facts.csv", dtype=str, keep_default_na=False)
    curly = [q for q in facts["quote"] if "“" in q and len(q) < 60]
    pdf = pdf_text(output / "report.pdf")
    assert curly, "no short quote with Chinese quotation marks to check"
    assert any(q.split("“")[1][:6] in pdf and "“" + q.split("“")[1][:6] in pdf for q in curly)


def test_pdf_has_no_overprinted_text(output):
    """No two words of a line share the same place (a table that cannot break is overprinted)."""
    clashes = overprinted_pages(output / "report.pdf")
    assert not clashes, f"overprinted words on pages {clashes}"


def test_pdf_title_words_are_not_hyphenated(output):
    """The title block's words stay whole in the PDF (Typst hyphenated Tian-jin and on-ward)."""
    require("pdftotext")
    page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(output / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    joined = page.replace("\n", "")  # a line broken at a dash or space joins back whole
    title = unescape(re.search(r"<title>(.*?)</title>", (output / "index.html").read_text(
        encoding="utf-8"), re.DOTALL).group(1))
    words = [w for w in re.split(r"[\s:–—]+", title) if len(w) > 3]
    assert words and all(w in joined for w in words), [w for w in words if w not in joined]
