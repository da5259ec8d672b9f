"""Bearer-token lookups cached per process: a save should not pay a query to learn who saves.

An entry lives TTL_S at most (and never past the token's expiry), so a revocation or a
deactivation made in another process takes effect within TTL_S; in this process at once,
through `forget_user`. Entries hold column values, never a session's object: each request
gets its own User, attached to its own session without a query (merge with load=False)."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

from webapp.extensions import db
from webapp.models import User
from webapp.models.types import utcnow

TTL_S = 2.0
MAX_ENTRIES = 10_000

_entries: dict[str, tuple[dict[str, Any], float]] = {}
_lock = threading.Lock()


def get(digest: str) -> User | None:
    """The cached user of a token digest, attached to the current session; None on a miss."""
    entry = _entries.get(digest)
    if entry is None or entry[1] < time.monotonic():
        return None
    user = User(**entry[0])
    make_transient_to_detached(user)
    return db.session.merge(user, load=False)


def put(digest: str, user: User, expires_at: datetime | None) -> None:
    lifetime = TTL_S
    if expires_at is not None:
        lifetime = min(lifetime, (expires_at - utcnow()).total_seconds())
    columns = {attr.key: getattr(user, attr.key) for attr in inspect(User).column_attrs}
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[digest] = (columns, time.monotonic() + lifetime)


def forget_user(user_id: int) -> None:
    """Drop every cached token of a user (revocation, deactivation, password change)."""
    with _lock:
        for digest in [d for d, (columns, _) in _entries.items() if columns["id"] == user_id]:
            del _entries[digest]


def clear() -> None:
    with _lock:
        _entries.clear()
