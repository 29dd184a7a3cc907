"""publication.yml (+ JJJ_REPORT_URL, JJJ_REPOSITORY_URL) → who publishes the report and where."""

from __future__ import annotations

import os
from functools import lru_cache

from jjjhealth import yamlio
from jjjhealth.errors import RenderError
from jjjhealth.paths import PUBLICATION_YML

FIELDS = ("author", "publisher", "licence", "licence_url", "report_url", "repository_url")
_ENV = {"report_url": "JJJ_REPORT_URL", "repository_url": "JJJ_REPOSITORY_URL"}


@lru_cache(maxsize=1)
def _file() -> dict:
    """→ the settings as written in publication.yml (checked once)."""
    data = yamlio.load(PUBLICATION_YML, RenderError)
    if not isinstance(data, dict) or set(data) != set(FIELDS):
        raise RenderError(f"{PUBLICATION_YML}: needs exactly the fields {', '.join(FIELDS)}")
    return {k: str(data[k] or "") for k in FIELDS}


def settings() -> dict:
    """→ {author, publisher, licence, licence_url, report_url, repository_url} for this build."""
    out = dict(_file())
    for key, var in _ENV.items():
        if os.environ.get(var):
            out[key] = os.environ[var]
    for key in ("report_url", "repository_url", "licence_url"):
        if out[key] and not out[key].startswith("https://"):
            raise RenderError(f"{key} {out[key]!r} ({PUBLICATION_YML} or {_ENV.get(key, key)}) "
                              "must be an https:// URL")
    if out["report_url"] and not out["report_url"].endswith("/"):
        out["report_url"] += "/"  # a folder: the report's files are linked relative to it
    return out


def quarto_metadata(pub: dict, folder: str = "") -> dict:
    """settings + an edition's folder under the report URL ('' or 'zh/') → Quarto metadata:
    author, and `publication` (with the edition's own URL) for the PDF's link filter."""
    meta = {k.replace("_", "-"): v for k, v in pub.items()}
    if pub["report_url"]:  # links in an edition are relative to its own folder
        meta["edition-url"] = pub["report_url"] + folder
    return {"author": pub["author"], "publication": meta}

