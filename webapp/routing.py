"""URL converters: ids are 32-bit integers as in the database, so a larger number in a URL is a
404 rather than a driver error (SQLite cannot even bind a number beyond 64 bits)."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:name>` limited to the database's integer range."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
