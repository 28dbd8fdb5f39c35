"""The library's own exception types; only `cli.py` turns them into exit codes."""


class QuotesError(Exception):
    """Base class of every error the library raises on purpose."""


class RulesError(QuotesError):
    """A file under rules/ is invalid; the message names the file and the key."""


class InputError(QuotesError):
    """An input article could not be read; the message names the file."""


class BackendError(QuotesError):
    """A parser backend cannot run (model missing, package missing)."""
