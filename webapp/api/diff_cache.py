"""Serialized diffs keyed by the sha256 pair of their two texts: revisions are immutable, so a
diff is a pure function of that pair. Bounded per process by total size, least recently used
first out."""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_BYTES = 64 * 2**20

_entries: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_size = 0
_lock = threading.Lock()


def get(key: tuple[str, str]) -> bytes | None:
    with _lock:
        body = _entries.get(key)
        if body is not None:
            _entries.move_to_end(key)
        return body


def put(key: tuple[str, str], body: bytes) -> bytes:
    global _size
    if len(body) > MAX_BYTES:
        return body
    with _lock:
        if key not in _entries:
            _entries[key] = body
            _size += len(body)
        while _size > MAX_BYTES:
            _, evicted = _entries.popitem(last=False)
            _size -= len(evicted)
    return body


def clear() -> None:
    global _size
    with _lock:
        _entries.clear()
        _size = 0
