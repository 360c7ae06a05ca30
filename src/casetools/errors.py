"""Errors that reach users as one clear line instead of a traceback.

Two kinds, matching the CLI's exit statuses: :class:`ContentError` (exit 1)
when a data file or template is wrong, :class:`UsageError` (exit 2) when the
user asked for something impossible. Both name what is at fault.
"""

from __future__ import annotations

from pathlib import Path


class CasetoolsError(Exception):
    """Base class for expected errors; ``str(error)`` is the user-facing line."""

    exit_status = 1


class ContentError(CasetoolsError):
    """A data file or template is wrong: names its file, line and key."""

    exit_status = 1

    def __init__(self, path: Path | str, line: int | None, key: str, message: str) -> None:
        """Keep the location apart from the message so callers can test both."""
        self.path = Path(path)
        self.line = line
        self.key = key
        self.message = message
        super().__init__(self.format())

    def format(self) -> str:
        """Render as ``file:line: key: message``, the form editors can jump to."""
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class UsageError(CasetoolsError):
    """The user asked for something that cannot be done (bad code, bad option)."""

    exit_status = 2
