"""seeds/ → a stream of synthetic article-like documents: the text the bench and the adversarial cases measure."""

from __future__ import annotations

import random
from collections.abc import Iterator

from jjjhealth import config


def synthetic_corpus(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """n → (id, text) documents made of random runs of seed lines (streamed, never all held)."""
    rng = random.Random(seed)
    lines = []
    for path in sorted(config.PATHS.seeds.glob("*.txt")):
        lines.append(path.read_text(encoding="utf-8").splitlines())
    for i in range(n):
        src = lines[rng.randrange(len(lines))]
        start = rng.randrange(len(src))
        yield f"syn{i:06d}", "\n".join(src[start:start + rng.randint(3, 12)]) + "\n"
