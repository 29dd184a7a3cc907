"""Present layer: tables → figures, maps, wording and escaped Markdown."""
