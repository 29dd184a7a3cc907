"""→ the font files the PDF embeds: Latin (DejaVu Sans) and CJK (Noto Sans CJK SC), Regular and Bold."""

from __future__ import annotations

import sys
from pathlib import Path

# Typst finds fonts only in the folders it is given (`font-paths` in _quarto.yml), so the PDF
# looks the same on every machine. Regular CJK comes from mplfonts (a PyPI dependency); mplfonts
# has no Bold, which comes from Debian's fonts-noto-cjk (tools/system-deps installs it).
# DejaVu Sans ships with matplotlib: Latin text and the curly quotes of English and Chinese
# quotations are set in it, so Noto's full-width quote glyphs never replace them.
CJK_BOLD_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
)
LATIN_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
               "DejaVuSans-BoldOblique.ttf")


def pdf_fonts() -> list[Path]:
    """→ font files to put in the report's fonts/ folder (a warning when Bold CJK is missing)."""
    import matplotlib

    from jjjhealth.present.figures import cjk_font_path

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    files = [cjk_font_path(), *(ttf / name for name in LATIN_FILES)]
    bold = next((p for p in CJK_BOLD_CANDIDATES if p.is_file()), None)
    if bold is None:
        print("warning: Noto Sans CJK Bold not found (apt-get install fonts-noto-cjk); the PDF's "
              "Chinese bold text will use the Regular weight", file=sys.stderr)
    else:
        files.append(bold)
    return files
