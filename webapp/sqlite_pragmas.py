"""SQLite settings for embedded mode: WAL so the web server and the worker share the file."""

from __future__ import annotations

from sqlalchemy import Engine, event

# Seconds a writer waits for the lock before SQLite gives up with "database is locked".
BUSY_TIMEOUT_MS = 15_000


def install(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    if event.contains(engine, "connect", _on_connect):
        return
    event.listen(engine, "connect", _on_connect)


def _on_connect(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
        # SQLite's advice for WAL: no fsync per commit (only at checkpoints). The database
        # stays consistent after a crash; a power cut may lose the last commits. Each commit
        # cost 3–6 ms of fsync, the larger part of a re-assembly (tests/bench).
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
