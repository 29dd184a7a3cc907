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


@pytest.fixture(scope="module", params=[1280, 390], ids=["desktop", "phone"])
def loaded(request, browser, built_repo):
    """index.html opened from disk at a width → (page, console errors, requests, output dir)."""
    out = built_repo / "report" / "_output"
    page = browser.new_page(viewport={"width": request.param, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "index.html").as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"html-{request.param}.png"))
    page.screenshot(path=str(ARTEFACTS / f"html-{request.param}-full.png"), full_page=True)
    yield page, errors, requests, out, request.param
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
        .map(a => a.getAttribute('href')).filter(h => h && /^(figures|notebooks)\\//.test(h))""")
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
