"""Errors that name the input they are about."""
from __future__ import annotations


class QantarError(Exception):
    """Base class: a user-facing error, printed without a traceback by the CLI."""


class InputError(QantarError):
    """Bad input, located as ``file:row``."""

    def __init__(self, message: str, file: str | None = None, row: int | None = None):
        self.file, self.row, self.message = file, row, message
        where = ""
        if file:
            where = f"{file}" + (f" row {row}" if row is not None else "") + ": "
        super().__init__(where + message)


class ValidationFailed(QantarError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n  {shown}{more}")
