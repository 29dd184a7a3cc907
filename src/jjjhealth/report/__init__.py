"""Report layer: data/ and figures → the report's numbers, generated parts and render."""
