"""The PDFs as a brief-writer lifts from them: every caption on its figure's page, with the cite
line and the bundle's address; every quote in the tables byte-equal to data/facts.csv."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, require

pytestmark = pytest.mark.slow
ARTEFACTS = REPO / "build" / "test-artefacts"
EDITIONS = {"en": "report.pdf", "zh": "zh/report.pdf"}
# How each edition labels a caption and its cite and download lines (whitespace removed).
LABEL = {"en": ("Figure{n}:{title}.", "Citethisfigure:", "Download:"),
         "zh": ("图{n}{title}。", "引用此图：", "下载：")}
_FACT_ID = r"F\d{3}-\n?[0-9a-f]{8}"  # a narrow column may break an id after its hyphen


@pytest.fixture(scope="module")
def output(built_repo: Path) -> Path:
    return built_repo / "report" / "_output"


def figure_pages(pdf: Path) -> list[tuple[str, int]]:
    """tagged PDF → (alt text, page number) of every Figure element, in document order."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(pdf)
    page_of = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, start=1)}

    def resolve(node):
        return node.get_object() if isinstance(node, IndirectObject) else node

    def first_page(node) -> int | None:  # the element's own /Pg, else its first kid's
        node = resolve(node)
        if isinstance(node, DictionaryObject):
            if "/Pg" in node:
                return page_of[node.raw_get("/Pg").idnum]
            return first_page(node.get("/K"))
        if isinstance(node, ArrayObject):
            return next((p for p in map(first_page, node) if p), None)
        return None

    found: list[tuple[str, int]] = []

    def walk(node) -> None:
        node = resolve(node)
        if isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure":
                found.append((str(node.get("/Alt", "")), first_page(node)))
            walk(node.get("/K"))
        elif isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def page_texts(pdf: Path) -> list[str]:
    """PDF → the text of each page (pdftotext), whitespace removed: index 0 is page 1."""
    require("pdftotext")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [re.sub(r"\s+", "", t) for t in text.split("\f")]


def link_pages(pdf: Path) -> dict[str, set[int]]:
    """PDF → {link target: pages it is on} (pdfinfo -url: the link annotations)."""
    require("pdfinfo")
    out = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    links: dict[str, set[int]] = {}
    for page, _, url in (ln.split(None, 2) for ln in out.splitlines()[1:] if ln.strip()):
        links.setdefault(url.strip(), set()).add(int(page))
    return links


def figures_in(output: Path, edition: str) -> list[tuple[int, dict, int]]:
    """edition → (figure number, its metadata, the page its image is on), in document order."""
    metas = [json.loads((output / "figures" / f"{fid}.json").read_text(encoding="utf-8"))
             for fid in pd.read_csv(output / "figures" / "figures.csv")["id"]]
    by_alt = {m["alt_zh" if edition == "zh" else "alt_en"]: m for m in metas}
    found = figure_pages(output / EDITIONS[edition])
    assert sorted(by_alt.get(alt, {}).get("id", alt) for alt, _ in found) == \
        sorted(m["id"] for m in metas), "the tagged figures are not the catalog's, by alt text"
    return [(n, by_alt[alt], page) for n, (alt, page) in enumerate(found, start=1)]


def _title(meta: dict, edition: str) -> str:
    return re.sub(r"\s+", "", meta.get("title_zh") or meta["title"] if edition == "zh"
                  else meta["title"])


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_caption_is_on_its_figure_page(output, edition):
    pages = page_texts(output / EDITIONS[edition])
    figures = figures_in(output, edition)
    for n, meta, page in figures:
        label = LABEL[edition][0].format(n=n, title=_title(meta, edition))
        on = [p for p, text in enumerate(pages, start=1) if label in text]
        assert on == [page], f"{meta['id']}: image on page {page}, caption on pages {on}"
    # artefact: the first figure's page, to look at
    require("pdftoppm")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    first = str(figures[0][2])
    subprocess.run(["pdftoppm", "-r", "60", "-f", first, "-l", first, "-singlefile", "-png",
                    str(output / EDITIONS[edition]), str(ARTEFACTS / f"pdf-{edition}-figure")],
                   check=True)


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_figure_page_has_its_cite_line_and_bundle_link(output, edition):
    """Under each figure: the cite line and the zip's address (relative here, as no report URL
    is set; test_report.py renders with one and finds them absolute)."""
    pages, links = page_texts(output / EDITIONS[edition]), link_pages(output / EDITIONS[edition])
    prefix = "../" if edition == "zh" else ""
    for _, meta, page in figures_in(output, edition):
        cite = meta.get("citation_zh") or meta["citation"] if edition == "zh" \
            else meta["citation"]
        text = pages[page - 1]
        assert LABEL[edition][1] + re.sub(r"\s+", "", cite)[:40] in text, meta["id"]
        assert LABEL[edition][2] + f"{meta['id']}.zip" in text, meta["id"]
        assert page in links.get(f"{prefix}figures/{meta['id']}.zip", set()), meta["id"]


def _shown(quote: str) -> str:
    """quote → a pattern for it as pdftotext -raw prints it: a line may break between any two
    characters (a space may become the break); nothing else may differ."""
    return r"\n?".join(r"[ \n]" if c == " " else re.escape(c) for c in quote)


@pytest.mark.parametrize("edition", EDITIONS)
def test_quotes_in_the_ledger_equal_the_facts_quotes(output, edition):
    """Every ledger row's quote, in its own row, byte-equal to data/facts.csv: CJK punctuation,
    curly quotes and spacing as the source has them."""
    require("pdftotext")
    text = subprocess.run(["pdftotext", "-raw", str(output / EDITIONS[edition]), "-"],
                          capture_output=True, text=True, check=True).stdout
    facts = pd.read_csv(output / "data" / "facts.csv", dtype=str, keep_default_na=False)
    ledger = facts[facts["in_scope"].eq("true") & facts["metric"].ne("unclassified")]
    assert len(ledger) > 20
    # from the row's fact id, without passing another fact id, to the quote
    row = r"(?:(?!" + _FACT_ID + r").)*?"
    wrong = [fid for fid, quote in zip(ledger["fact_id"], ledger["quote"])
             if not re.search(_shown(fid) + row + _shown(quote), text, re.DOTALL)]
    assert not wrong, f"{len(wrong)} quotes differ from data/facts.csv, e.g. {wrong[:5]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_fact_ids_stay_on_one_line(output, edition):
    """A fact id split at its hyphen cannot be searched or copied whole."""
    require("pdftotext")
    text = subprocess.run(["pdftotext", "-raw", str(output / EDITIONS[edition]), "-"],
                          capture_output=True, text=True, check=True).stdout
    split = re.findall(r"^(F\d{3}-)\n([0-9a-f]{8})", text, re.MULTILINE)
    assert not split, f"fact ids broken over two lines: {[a + b for a, b in split][:5]}"
