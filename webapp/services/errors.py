"""Domain errors raised by services and mapped to HTTP/CLI errors in one place each."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: a message meant for the user, a stable machine-readable `code` (API clients
    and translations key on it, never on the wording), and optional details for the API."""

    status = 400
    default_code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details = details


class InvalidInput(DomainError):
    status = 422
    default_code = "invalid_input"


class NotFound(DomainError):
    status = 404
    default_code = "not_found"


class Forbidden(DomainError):
    status = 403
    default_code = "forbidden"


class Conflict(DomainError):
    status = 409
    default_code = "conflict"


class PayloadTooLarge(DomainError):
    status = 413
    default_code = "payload_too_large"


class Unauthorized(DomainError):
    status = 401
    default_code = "unauthorized"


class TooManyRequests(DomainError):
    status = 429
    default_code = "too_many_requests"
