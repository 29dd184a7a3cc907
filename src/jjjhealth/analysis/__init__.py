"""Analysis layer: data/ → tables (growth, coverage, timeline, consistency); no drawing."""
