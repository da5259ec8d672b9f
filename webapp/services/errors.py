"""Domain errors raised by services and mapped to HTTP/CLI errors in one place each."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: a message meant for the user, and optional details for the API."""

    status = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class PayloadTooLarge(DomainError):
    status = 413


class Unauthorized(DomainError):
    status = 401
