"""The HTML report in a real browser (Debian chromium via Playwright): figures, fonts, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, REPO

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTEFACTS = REPO / "build" / "test-artefacts"
CJK_FAMILIES = ("Noto Sans CJK", "Noto Sans SC", "Source Han Sans", "Noto Serif CJK")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium, or set JJJ_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


EDITIONS = {"en": "index.html", "zh": "zh/index.html"}


@pytest.fixture(scope="module", params=[("en", 1280), ("en", 390), ("zh", 1280), ("zh", 390)],
                ids=["en-desktop", "en-phone", "zh-desktop", "zh-phone"])
def loaded(request, browser, built_repo):
    """an edition opened from disk at a width → (page, console errors, requests, its folder, width)."""
    edition, width = request.param
    index = built_repo / "report" / "_output" / EDITIONS[edition]
    out = index.parent
    # a phone (390 x 844) and a laptop screen (1280 x 800)
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 600 else 800})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(index.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"html-{edition}-{width}.png"))
    page.screenshot(path=str(ARTEFACTS / f"html-{edition}-{width}-full.png"), full_page=True)
    yield page, errors, requests, out, width
    page.close()


def test_no_console_errors_and_offline(loaded):
    _, errors, requests, _, _ = loaded
    assert not errors, errors
    remote = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert not remote, f"network requests: {remote}"


def test_every_figure_loaded(loaded):
    page, *_ = loaded
    # Quarto: <div id="fig-…" class="quarto-float"><figure>…<img></figure></div>
    figs = page.evaluate("""() => [...document.querySelectorAll('.quarto-float[id^="fig-"]')]
        .map(f => { const i = f.querySelector('img'); const s = f.querySelector('svg');
                    return [f.id, i ? i.naturalWidth : (s ? 1 : 0)]; })""")
    assert figs, "no figures in the page"
    assert all(w > 0 for _, w in figs), figs


def test_download_links_exist(loaded):
    page, _, _, out, _ = loaded
    hrefs = page.evaluate("""() => [...document.querySelectorAll('a')]
        .map(a => a.getAttribute('href')).filter(h => h && /^(\\.\\.\\/)?(figures|notebooks|data)\\//.test(h))""")
    assert hrefs
    missing = [h for h in hrefs if not (out / h).is_file()]
    assert not missing, missing


def test_chinese_rendered_in_cjk_font(loaded):
    page, *_ = loaded
    found = page.evaluate("""() => { const p = [...document.querySelectorAll('li, p')]
        .find(e => e.textContent.includes('京津冀')); if (p) p.setAttribute('data-cjk', '1');
        return !!p; }""")
    assert found
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    doc = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"],
                                          "selector": "[data-cjk]"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert any(f["familyName"].startswith(CJK_FAMILIES) and f["glyphCount"] > 0 for f in fonts), fonts
    # The glyphs come from the subset embedded in the HTML, not from fonts this machine has.
    assert any(f["isCustomFont"] and f["glyphCount"] > 0 for f in fonts), fonts


def test_readable_at_width(loaded):
    page, _, _, _, width = loaded
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"page scrolls sideways at {width}px ({scroll}px wide)"
    assert page.evaluate("!!document.querySelector('nav#TOC')")


def test_every_figure_has_alt_text(loaded):
    page, *_ = loaded
    alts = page.evaluate("""() => [...document.querySelectorAll('.quarto-float[id^="fig-"] img')]
        .map(i => [i.closest('[id^="fig-"]').id,
                   (i.getAttribute('alt') || i.getAttribute('aria-label') || '').trim()])""")
    assert alts and all(a for _, a in alts), [f for f, a in alts if not a]


def test_figure_text_is_legible_at_this_width(loaded):
    """rendered width of each figure × its smallest font (figure JSON) ≥ 8.5 CSS px."""
    import json

    page, _, _, out, width = loaded
    figures = out.parent / "figures" if out.name == "zh" else out / "figures"
    shown = page.evaluate("""() => [...document.querySelectorAll('.quarto-float[id^="fig-"] img')]
        .map(i => [i.closest('[id^="fig-"]').id.slice(4), i.getBoundingClientRect().width])""")
    small = []
    for fid, px in shown:
        meta = json.loads((figures / f"{fid}.json").read_text(encoding="utf-8"))
        lang = "zh" if out.name == "zh" else "en"
        pt = min(t["size_pt"] for t in meta["text"][lang])
        shown_px = pt * px / (meta["size_in"][lang][0] * 72)  # size_in: {lang: [w, h]}
        if shown_px < 8.5:
            small.append((fid, round(shown_px, 1)))
    assert shown and not small, f"text under 8.5 px at {width} px: {small}"


_FIRST_SCREEN = """() => {
  const bottom = e => e ? e.getBoundingClientRect().bottom : 1e9;
  const li = document.querySelector('#sec-summary li');
  const number = li && li.querySelector('a[href^="#F"]');
  // the first finding's date: "as of February 2025" / 截至2025年2月, found in its text
  let date = null, dateBottom = 1e9;
  const walker = li ? document.createTreeWalker(li, NodeFilter.SHOW_TEXT) : null;
  for (let n = walker && walker.nextNode(); n; n = walker.nextNode()) {
    const m = n.textContent.match(/(as of |截至)([^;；）)]+)/);
    if (m) { const r = document.createRange(); r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length); date = m[2]; dateBottom = r.getBoundingClientRect().bottom;
      break; } }
  const dated = [...document.querySelectorAll('p')].find(p => /data as of|数据截至/.test(p.textContent));
  return {title: bottom(document.querySelector('h1.title')), dated: bottom(dated),
          number: bottom(number), fact: number ? number.getAttribute('href').slice(1) : null,
          date, dateBottom}; }"""


def test_first_screen_has_the_title_the_dateline_and_a_dated_finding(loaded):
    """First viewport (390 x 844, 1280 x 800): the title (a finding), the dated line, and the
    first key finding's number with the date its data hold for."""
    import pandas as pd

    from jjjhealth.present import wording

    page, _, _, out, width = loaded
    height = page.viewport_size["height"]
    seen = page.evaluate(_FIRST_SCREEN)
    assert seen["fact"], "no key finding links to its fact"
    for part in ("title", "dated", "number", "dateBottom"):
        assert seen[part] <= height, f"{part} ends at {seen[part]:.0f} px, below the first " \
                                     f"screen ({width} x {height})"
    data = out.parent / "data" if out.name == "zh" else out / "data"
    facts = pd.read_csv(data / "facts.csv", dtype=str, keep_default_na=False)
    as_of = facts.set_index("fact_id").loc[seen["fact"], "as_of"]
    assert seen["date"] == wording.date(as_of, "zh" if out.name == "zh" else "en")


def test_download_links_and_zips_resolve(loaded):
    import zipfile

    page, _, _, _out, _ = loaded
    hrefs = page.evaluate("""() => [...document.querySelectorAll('a')].map(a => a.href)
        .filter(h => h.startsWith('file:'))""")
    from urllib.parse import unquote

    files = [Path(unquote(h.split("#")[0].removeprefix("file://"))) for h in hrefs]
    missing = [str(f) for f in files if not f.exists()]
    assert not missing, missing
    zips = [f for f in files if f.suffix == ".zip"]
    assert zips and all(zipfile.ZipFile(z).testzip() is None for z in zips)
