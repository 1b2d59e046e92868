"""Domain errors: what a service raises when the request cannot be honoured.

Each carries the field it is about (if any) so the edges can say exactly what to change:
the API answers 422 with `{"detail": [{"field": ..., "message": ...}]}`, pages show the message
beside the field, commands print one line on stderr.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_details(self) -> list[dict[str, str | None]]:
        return [{"field": self.field, "message": self.message}]


class ValidationFailed(DomainError):
    """Several field errors at once."""

    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" if f else m for f, m in errors))
        self.errors = errors

    def as_details(self) -> list[dict[str, str | None]]:
        return [{"field": f, "message": m} for f, m in self.errors]


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    pass
