"""Build layer: the command line, the pipeline, notebook execution and benches."""
