"""Extract layer: sentences → quantities, facts, clusters and the released data/."""
