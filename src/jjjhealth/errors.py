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


class NumeralsError(JJJError):
    """numerals.yml is missing, not valid YAML or lacks a table quantities.py needs."""


class CatalogError(JJJError):
    """metrics.yml is missing, not valid YAML, or a metric entry is incomplete or wrong."""


class GoldError(JJJError):
    """The gold claims file is missing or does not have the expected columns."""


class ClusterError(JJJError):
    """Facts cannot be grouped into clusters (missing columns, or a value that is not a number)."""


class DataPackageError(JJJError):
    """data/datapackage.json cannot be built or the data/ tables do not match it."""


class YamlError(JJJError):
    """A project YAML file is unreadable, not valid YAML, or uses a duplicate key or an alias."""


class StateWarning(UserWarning):
    """build/state.json is unreadable; every stage is rebuilt."""


class AddSourceError(JJJError):
    """A file cannot be added as a seed (unreadable, duplicate, no date, nothing to extract)."""


class DuplicateSeedError(AddSourceError):
    """The file is an exact or near copy of a seed already in seeds/."""


class FurnitureWarning(UserWarning):
    """A new seed is mostly site furniture (menus, footers) or states no quantity."""


class MeaningError(JJJError):
    """meaning.yml (measure, scope and subject tables) is unreadable or incomplete."""
