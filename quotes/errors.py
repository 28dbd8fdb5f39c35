"""The library's own exception types; only `cli.py` turns them into exit codes."""


class QuotesError(Exception):
    """Base class of every error the library raises on purpose."""


class RulesError(QuotesError):
    """A file under rules/ is invalid; the message names the file and the key."""


class InputError(QuotesError):
    """An input article could not be read; the message names the file."""


class BackendError(QuotesError):
    """A parser backend cannot run (model missing, package missing)."""


class ParserUnavailable(BackendError):
    """The parser asked for cannot run here (its package or models are not installed): a
    choice the user can change, so the CLI treats it as a usage error."""


class ParseInputError(QuotesError):
    """A pre-parsed input does not fit its article (missing file, tokens not in the text).
    `index` is the article's position in the batch being parsed, when known."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index
