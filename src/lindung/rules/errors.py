"""Errors raised by the rules package. They carry the field they are about so that the edges
(commands, API, pages) can say exactly what to change; the rules package itself knows nothing of
Django or lindung's domain errors."""

from __future__ import annotations


class RulesError(ValueError):
    """The facts given cannot be computed: a missing or impossible value, or a date outside the law."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = message
        self.field = field


class ParameterFileError(ValueError):
    """A parameter file is malformed; the message names the file and the key."""
