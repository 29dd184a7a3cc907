"""Named exceptions: each says what failed, where, and what to do."""


class JJJError(Exception):
    """Base class: a failure the command line reports as one clear message."""


class SeedError(JJJError):
    """A seed file is unreadable, empty, undecodable or missing from sources.yml."""


class SourcesError(JJJError):
    """seeds/sources.yml is not valid YAML or an entry is incomplete."""


class ParameterError(JJJError):
    """A notebook parameter is unknown, of the wrong type or outside the data."""


class NotebookError(JJJError):
    """A notebook failed while papermill executed it."""


class RenderError(JJJError):
    """The report could not be rendered by the chosen renderer."""


class FactsError(JJJError):
    """data/facts.csv does not match its schema."""
