"""URL converters: ids are 32-bit integers as in the database, so a larger number in a URL is a
404 rather than a driver error (SQLite cannot even bind a number beyond 64 bits)."""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:name>` limited to the database's integer range: a larger id matches the rule and
    answers 404 (a `max` on the converter would make the rule not match, and werkzeug then
    answers a POST with 405 from a sibling rule)."""

    def to_python(self, value: str) -> Any:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number
