"""One exception family: stages raise these, the CLI turns them into a one-line message."""


class NewsdigestError(Exception):
    """Base of every error newsdigest raises on purpose."""

    exit_code = 1


class InputError(NewsdigestError):
    """The input cannot be used (missing, empty, binary, malformed, too large)."""

    exit_code = 2

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # so it crosses a process boundary (the API's worker pool) intact
        return InputError, (self.where, self.reason)


class ConfigError(NewsdigestError):
    """An option or setting is invalid."""

    exit_code = 2


class NotFound(NewsdigestError):
    """What was asked for is not there (an event id that was merged away or never stored)."""

    exit_code = 2
