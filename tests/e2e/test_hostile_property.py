"""Property (hypothesis): whatever text sources.yml's fields, a seed's file name and its body
hold — markup of every format among it — the report shows it literally: no element,
attribute or script from it in the HTML, the same characters in the HTML and the PDF.

Each example re-extracts and re-renders a copy of the session's built repository (the
notebooks' figures of that build are reused: render shows the recorded run), so an example
costs one render (~40 s here); three derandomised examples, each with every payload in
every field, keep CI deterministic and the test under three minutes.
"""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import require, run_cli
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

MARK = "jjjx"  # in every payload: an element, attribute or script holding it came from input
MARKUP = (  # one or more payloads per format
    f"<script>{MARK}()</script>", f'<img src=x onerror="{MARK}()">',
    f"<{MARK}-el data-{MARK}=1>", f"<!-- {MARK} --> ]]> </td></table>",  # HTML
    f"[{MARK}](javascript:{MARK}()) **{MARK}** _{MARK}_ `{MARK}` > {MARK}",  # Markdown
    f"#set text(fill: red) #{MARK}() = {MARK} ... -1 -? -- ~ // /* @{MARK} <{MARK}>",  # Typst
    f"${MARK}$ \\{MARK}{{x}} \\input{{/etc/passwd}} % {MARK}",  # LaTeX
    f"{{{{< var {MARK} >}}}} {{{{< include /etc/passwd >}}}}",  # Quarto shortcodes
    f"&{MARK} *{MARK} !{MARK} |- {MARK}: x # {MARK} ' \" - [a, b] {{k: v}}",  # YAML
)
# Filler between payloads: letters, CJK, Latin-1, Greek and punctuation — no line breaks,
# sentence ends (a body string must stay in one sentence) or control characters.
FILLER = st.text(st.sampled_from(
    "abcXYZ 京津冀医院协同éüßΩλ,:-_'\"()[]{}<>/\\|*&^%$#@~`+=."), max_size=6)
SENTENCE_END = re.compile("[。！？；!?;]")


@st.composite
def hostile(draw, body: bool = False) -> str:
    """→ every markup payload, in a drawn order, with drawn filler between them."""
    parts = draw(st.permutations(MARKUP))
    fill = draw(st.lists(FILLER, min_size=len(parts), max_size=len(parts)))
    text = "".join(f + p for f, p in zip(fill, parts, strict=True))
    return SENTENCE_END.sub("", text) if body else text


FIELDS = ("title", "title_en", "outlet", "outlet_en", "date_method")
CASE = st.fixed_dictionaries({
    **{k: hostile() for k in FIELDS},
    "body": st.lists(hostile(body=True), min_size=2, max_size=2),
    "suffix": st.from_regex(r"[0-9A-Za-z_-]{1,24}", fullmatch=True),
})


def _plain(text: str) -> str:
    """field text → what it shows as: one line, runs of whitespace as one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


class _Page(html.parser.HTMLParser):
    """HTML → visible text (script/style skipped), tags, attributes and script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, list]] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in = tag if tag in ("script", "style") else self._in

    def handle_endtag(self, tag):
        self._in = None if tag == self._in else self._in

    def handle_data(self, data):
        (self.scripts if self._in else self.text).append(data)


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)'
                   r"</word>")


def _pdf_columns(pdf: Path, headers: list[str]) -> dict[str, str]:
    """PDF + a table's column headers (first word of each, in order) → {header: the column's
    words below it, in page, line and x order, joined} (pdftotext reads rows across
    columns, so a wrapped cell is taken back out of its column by position)."""
    boxes = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    out = {h: [] for h in headers}
    for page in boxes.split("<page ")[1:]:
        foot = float(re.search(r'height="([\d.]+)"', page).group(1)) - 70  # the page number
        words = [(float(x), float(y), unescape(w)) for x, y, w in _WORD.findall(page)
                 if float(y) < foot]
        head = [(x, y) for h in headers for x, y, w in words if w == h]
        rows = {round(y) for _, y in head}
        lefts = next(([x for x, y in head if round(y) == r] for r in sorted(rows)
                      if sum(round(y) == r for _, y in head) == len(headers)), None)
        if not lefts:
            continue
        top = min(y for _, y in head) + 1
        bounds = [*[x - 2 for x in lefts], float("inf")]
        for (h, lo), hi in zip(zip(headers, bounds), bounds[1:], strict=False):
            out[h].extend(_reading_order([(x, y, w) for x, y, w in words
                                          if lo <= x < hi and y > top]))
    return {h: "".join(ws) for h, ws in out.items()}


def _reading_order(words: list[tuple[float, float, str]]) -> list[str]:
    """(x, y, word) → words line by line, left to right; a line is words within 3 pt of its
    first word's top (CJK and Latin glyphs of one line do not share a top)."""
    lines: list[list[tuple[float, str]]] = []
    last = None
    for x, y, w in sorted(words, key=lambda t: t[1]):
        if last is None or y - last > 3:
            lines.append([])
            last = y
        lines[-1].append((x, w))
    return [w for line in lines for _, w in sorted(line)]


def _entry(case: dict, sid: str, text: str) -> str:
    """drawn fields → the sources.yml entry (YAML-quoted by the dumper), indented as a list item."""
    import hashlib

    entry = {"id": sid, **{k: case[k] for k in FIELDS}, "published": "2020-01-01",
             "script": "simplified", "about_jjj": True,
             "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10**6)
    return "".join("  " + line + "\n" for line in dumped.splitlines())


@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(case=CASE)
def test_any_text_reaches_the_report_literally(built_repo, case):
    require("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(built_repo, root, symlinks=True)
        sid = f"900_{case['suffix']}"
        text = "".join(f"京津冀建立区域医联体{31 + i}个{s}。\n" for i, s in enumerate(case["body"]))
        (root / "seeds" / f"{sid}.txt").write_text(text, encoding="utf-8")
        with (root / "seeds" / "sources.yml").open("a", encoding="utf-8") as fh:
            fh.write(_entry(case, sid, text))
        run_cli(root, "extract")
        run_cli(root, "render")
        _check(root, case, sid)


def _check(root: Path, case: dict, sid: str) -> None:
    """built copy + drawn case → assertions on data/, the HTML and the PDF."""
    import pandas as pd

    facts = pd.read_csv(root / "data" / "facts.csv", dtype=str, keep_default_na=False)
    quotes = [q for q in facts.loc[facts["source_id"] == sid, "quote"].unique()]
    assert quotes, "precondition: the hostile seed gave no fact"
    out = root / "report" / "_output"
    shown = {"title": case["title"], "title_en": case["title_en"],
             "outlet_en": case["outlet_en"], "date_method": case["date_method"].split(":")[0]}
    for path, expected in ((out / "index.html", [*shown.values(), *quotes]),
                           (out / "zh" / "index.html", [case["outlet"], *quotes])):
        page = _page(path)
        for tag, attrs in page.tags:  # nothing from the input became markup
            assert MARK not in tag and not any(MARK in n for n, _ in attrs), (path, tag, attrs)
            assert not any(n.startswith("on") and MARK in (v or "") for n, v in attrs)
            assert not any((v or "").strip().lower().startswith("javascript:") for _, v in attrs)
        assert not any(MARK in s for s in page.scripts), f"{path}: input in a script or style"
        visible = _plain("".join(page.text)).replace("\u200b", "")
        for s in expected:
            assert _plain(s) in visible, (path, s)
    columns = _pdf_columns(out / "report.pdf", ["Source", "Title", "Outlet", "Published", "How"])
    squeeze = lambda s: re.sub(r"[\s\u200b\u00ad-]+", "", s)  # pdftotext drops a line-end "-"
    for key, column in (("title", "Title"), ("title_en", "Title"), ("outlet_en", "Outlet")):
        assert squeeze(shown[key]) in squeeze(columns[column]), (key, shown[key])
    ledger = squeeze(_pdf_columns(out / "report.pdf", ["Quote"])["Quote"])
    for q in quotes:
        assert squeeze(q) in ledger, q
