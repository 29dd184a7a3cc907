"""Nothing injected: a hostile seed's HTML/JS, Markdown, Typst/LaTeX and Quarto shortcodes reach
the report as literal text — in the HTML (and a real browser), and in the PDF."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, copy_repo, overprinted_pages, run_cli

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parents[1] / "fixtures" / "injection"
SEED_ID = "006_injection"

# Literal fragments of the hostile seed that must be shown as text, verbatim.
LITERALS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[link](javascript:alert(1))",
    "**bold**",
    "#set page(fill: red)",
    r"\input{/etc/passwd}",
    "$x$",
    "{{< include /etc/passwd >}}",
    "{{< var build.commit >}}",
    '`os.system("touch /tmp/jjj_pwned")`',
    "]]> </table></div>",
    "<style>body{background:red}</style>",
]
# Tokens with no break opportunity: 6,000 characters in the English title, 900 in a quote
# (a sentence is cut at sentences.MAX_SENTENCE_CHARS, so a quote holds no more).
TOKEN, QUOTE_TOKEN = "abcdefghij" * 600, "klmnopqrst" * 90
ZERO_WIDTH = re.compile("[\u200b\u00ad]")  # break opportunities the PDF may carry
# What would show if any of them had been interpreted (markup in the HTML source).
INTERPRETED_HTML = [
    re.compile(r"<script>\s*window\.__pwned", re.IGNORECASE),
    re.compile(r"<img\b[^>]*\bonerror", re.IGNORECASE),
    re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
    re.compile(r"<strong>bold</strong>"),
    re.compile(r"<style>\s*body\s*\{\s*background:\s*red", re.IGNORECASE),
    re.compile(r"root:x:0:0"),  # /etc/passwd included
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A repo copy with the hostile seed added, built end to end with the Quarto."""
    root = copy_repo(tmp_path_factory.mktemp("injection") / "repo")
    shutil.copy(FIXTURE / f"{SEED_ID}.txt", root / "seeds")
    with (root / "seeds" / "sources.yml").open("a", encoding="utf-8") as fh:
        fh.write((FIXTURE / "sources_entry.yml").read_text(encoding="utf-8"))
    run_cli(root, "build")
    return root


class _Text(html.parser.HTMLParser):
    """HTML → its visible text nodes (script/style bodies skipped), entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _html(root: Path) -> str:
    return (root / "report" / "_output" / "index.html").read_text(encoding="utf-8")


def _visible_text(root: Path) -> str:
    """index.html → its visible text, runs of whitespace as one space (pandoc wraps lines)."""
    parser = _Text()
    parser.feed(_html(root))
    return re.sub(r"\s+", " ", "".join(parser.parts))


def test_hostile_sentences_reach_the_ledger(hostile):
    import pandas as pd

    facts = pd.read_csv(hostile / "data" / "facts.csv", dtype=str, keep_default_na=False)
    mine = facts[(facts["source_id"] == SEED_ID) & (facts["in_scope"] == "true")
                 & (facts["metric"] != "unclassified")]
    quotes = "\n".join(mine["quote"])
    for lit in LITERALS:
        assert lit in quotes, f"precondition: {lit!r} is not in a ledger quote"


@pytest.mark.parametrize("literal", LITERALS)
def test_html_shows_literal_text(hostile, literal):
    assert literal in _visible_text(hostile)


@pytest.mark.parametrize("token", [TOKEN, QUOTE_TOKEN], ids=["title", "quote"])
def test_html_shows_a_long_token_whole(hostile, token):
    assert token in _visible_text(hostile)  # the HTML carries no inserted break character


@pytest.mark.parametrize("pattern", INTERPRETED_HTML, ids=lambda p: p.pattern[:30])
def test_html_has_no_interpreted_markup(hostile, pattern):
    assert not pattern.search(_html(hostile))


def test_no_side_effects_on_the_machine(hostile):
    assert not Path("/tmp/jjj_pwned").exists()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed")
def test_browser_runs_no_injected_script(hostile):
    from playwright.sync_api import sync_playwright

    dialogs, requests = [], []
    page_url = (hostile / "report" / "_output" / "index.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, java_script_enabled=True)
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def block(route):
                requests.append(route.request.url)
                route.abort()

            page.route(re.compile(r"^(?!file:|data:).*"), block)
            page.goto(page_url, wait_until="load")
            page.wait_for_timeout(500)  # let any onerror handler fire
            pwned = page.evaluate("typeof window.__pwned")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            shown = page.inner_text("body")
        finally:
            browser.close()
    assert pwned == "undefined"
    assert dialogs == []
    assert background != "rgb(255, 0, 0)"
    assert "<script>window.__pwned=1</script>" in shown
    assert requests == [], f"the report tried to load {requests}"


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>')


def _pdf_text(root: Path) -> str:
    """report.pdf → whole text, then the ledger's Quote column read cell by cell, without spaces.

    pdftotext reads a table row by row across its columns, so a wrapped quote comes out in
    pieces; words right of the "Quote" header, in page/line order, put each quote back together.
    """
    pdf = str(root / "report/_output/report.pdf")
    plain = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                           capture_output=True, text=True, check=True).stdout
    boxes = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"],
                           capture_output=True, text=True, check=True).stdout
    column, left = [], None
    for page in boxes.split("<page ")[1:]:
        words = [(float(x), float(y), unescape(w)) for x, y, w in _WORD.findall(page)]
        top = 0.0
        for x, y, w in words:
            if w == "Quote":
                left, top = x - 2, y + 1
        if left is not None:
            column.extend(w for _, x, w in sorted((round(y), x, w) for x, y, w in words
                                                 if x >= left and y > top))
    return re.sub(r"[\s\u00ad]+", "", plain + "".join(column))  # soft hyphens of line breaks


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("literal", LITERALS)
def test_pdf_shows_literal_text(hostile, literal):
    assert re.sub(r"\s+", "", literal) in _pdf_text(hostile)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_includes_no_file(hostile):
    assert "root:x:0:0" not in _pdf_text(hostile)


def _red_share(ppm: bytes) -> float:
    """binary PPM (P6) → share of pixels that are strongly red."""
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
    assert m, "not a P6 image"
    w, h = int(m.group(1)), int(m.group(2))
    px = ppm[m.end():m.end() + 3 * w * h]
    red = sum(1 for i in range(0, len(px), 3) if px[i] > 200 and px[i + 1] < 80 and px[i + 2] < 80)
    return red / (w * h)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_typst_code_took_no_effect_on_any_page(hostile, tmp_path):
    subprocess.run(["pdftoppm", "-r", "12", str(hostile / "report/_output/report.pdf"),
                    str(tmp_path / "page")], check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page*.ppm"))
    assert pages
    shares = {p.name: round(_red_share(p.read_bytes()), 3) for p in pages}
    assert all(s < 0.2 for s in shares.values()), shares


def _title_token(root: Path) -> str:
    """report.pdf → the runs of the title token's letters in its words (10 or more: a cell's
    first and last line hold other text too), joined in page, line and x order (other cells'
    words on a wrapped title's lines are left out)."""
    boxes = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox",
                            str(root / "report/_output/report.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    letters = []
    for page in boxes.split("<page ")[1:]:
        words = [(round(float(y)), float(x), ZERO_WIDTH.sub("", unescape(w)))
                 for x, y, w in _WORD.findall(page)]
        letters.extend(run for _, _, w in sorted(words) for run in re.findall("[a-j]{10,}", w))
    return "".join(letters)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_shows_a_long_token_whole(hostile):
    """A token with no break opportunity is wrapped in its table cell, never cut off."""
    assert TOKEN in _title_token(hostile)
    assert QUOTE_TOKEN in ZERO_WIDTH.sub("", _pdf_text(hostile))  # the ledger's Quote column


def test_pdf_has_no_overprinted_text(hostile):
    assert overprinted_pages(hostile / "report/_output/report.pdf") == []
