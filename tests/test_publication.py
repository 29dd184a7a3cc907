"""Who publishes the report and where: one settings file, CITATION.cff agrees, URLs are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jjjhealth import publication
from jjjhealth.errors import RenderError

REPO = Path(__file__).resolve().parents[1]


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


def test_quarto_metadata_carries_author_and_urls():
    meta = publication.quarto_metadata({"author": "A", "publisher": "P", "licence": "L",
                                        "licence_url": "", "report_url": "https://x.org/",
                                        "repository_url": ""})
    assert meta["author"] == "A" and meta["publication"]["report-url"] == "https://x.org/"
