"""Who publishes the report and where: one settings file, CITATION.cff agrees, URLs are checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from jjjhealth import publication
from jjjhealth.errors import RenderError

REPO = Path(__file__).resolve().parents[2]


def test_citation_cff_agrees_with_the_settings(monkeypatch):
    for var in ("JJJ_REPORT_URL", "JJJ_REPOSITORY_URL"):
        monkeypatch.delenv(var, raising=False)
    pub = publication.settings()
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["authors"][0]["name"] == pub["author"]
    assert cff["license"] == pub["licence"]
    assert cff.get("url", "") == pub["report_url"]
    assert cff.get("repository-code", "") == pub["repository_url"]


@pytest.mark.parametrize("env, expected", [
    ({}, ""),
    ({"JJJ_REPORT_URL": "https://example.org/jjj"}, "https://example.org/jjj/"),
    ({"JJJ_REPORT_URL": "https://example.org/jjj/"}, "https://example.org/jjj/"),
])
def test_report_url_from_the_environment(monkeypatch, env, expected):
    monkeypatch.delenv("JJJ_REPORT_URL", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert publication.settings()["report_url"] == expected


@pytest.mark.parametrize("bad", ["http://example.org/", "javascript:alert(1)", "example.org"])
def test_url_must_be_https(monkeypatch, bad):
    monkeypatch.setenv("JJJ_REPORT_URL", bad)
    with pytest.raises(RenderError, match="must be an https:// URL"):
        publication.settings()


@pytest.mark.parametrize(("report_url", "folder", "edition_url"), [
    ("https://x.org/", "", "https://x.org/"), ("https://x.org/r/", "zh/", "https://x.org/r/zh/"),
    ("", "zh/", None),  # unpublished: the PDF's links stay relative
])
def test_quarto_metadata_carries_author_and_urls(report_url, folder, edition_url):
    meta = publication.quarto_metadata({"author": "A", "publisher": "P", "licence": "L",
                                        "licence_url": "", "report_url": report_url,
                                        "repository_url": ""}, folder)
    assert meta["author"] == "A" and meta["publication"]["report-url"] == report_url
    assert meta["publication"].get("edition-url") == edition_url


@pytest.mark.parametrize(("url", "target", "expected"), [
    ("https://x.org/r/", "figures/a.zip", "https://x.org/r/figures/a.zip"),
    ("https://x.org/r/zh/", "../figures/a.zip", "https://x.org/r/figures/a.zip"),  # zh edition
    ("https://x.org/r/zh/", "report.pdf", "https://x.org/r/zh/report.pdf"),
    ("https://x.org/r/", "#F000-1a2b3c4d", "#F000-1a2b3c4d"),  # inside the document
    ("https://x.org/r/", "https://y.org/a", "https://y.org/a"),  # already absolute
    ("", "figures/a.zip", "figures/a.zip"),  # no report URL: stays relative
])
def test_pdf_links_are_made_absolute_with_the_edition_url(url, target, expected):
    """report/absolute-links.lua: relative links → under the edition's URL, '../' resolved."""
    import pypandoc

    meta = f"---\npublication:\n  edition-url: '{url}'\n---\n\n" if url else ""
    out = pypandoc.convert_text(f"{meta}[a]({target})", "json", format="markdown", filters=[
        str(REPO / "report" / "absolute-links.lua")])
    assert json.loads(out)["blocks"][0]["c"][0]["c"][2][0] == expected
