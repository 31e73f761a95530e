"""The errors govkg reports to people: one family, each said in one line, which the CLI prints and exits 2 on."""


class GovkgError(Exception):
    """Something the user can fix: bad input, a busy folder, an unreachable store. Its message is one line."""


class InputError(GovkgError):
    """A report or graph that cannot be read: missing, binary, empty, not text in a known encoding."""


class QueryError(GovkgError):
    """A query that cannot run: unknown name, syntax, refused by the guard, or a graph that cannot be opened."""


class BusyError(GovkgError):
    """Another build is writing the output folder."""


class LoadError(GovkgError):
    """The triple store failed, or holds other counts than were sent."""


class EndpointError(GovkgError):
    """A store URL that can never work."""


class TrainingError(GovkgError):
    """No usable training data, or a model that cannot be written."""
