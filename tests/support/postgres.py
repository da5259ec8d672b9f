"""A throwaway PostgreSQL cluster (initdb in a temp dir), or a server named by the environment."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from support.ports import free_port

# initdb refuses to run as root; the Debian package creates this user.
UNPRIVILEGED_USER = "postgres"


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
    )
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (make deps installs it)")
    return found


def _as_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    pwd.getpwnam(UNPRIVILEGED_USER)
    return ["runuser", "-u", UNPRIVILEGED_USER, "--", *argv]


@contextmanager
def own_server() -> Iterator[str]:
    """Start a private cluster on a free port; yields its maintenance-database URL."""
    root = Path(tempfile.mkdtemp(prefix="tonggao-pg-"))
    data = root / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(root, UNPRIVILEGED_USER)
    subprocess.run(
        _as_user(
            [
                _binary("initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -h 127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_user(
            [
                _binary("pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_user([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def server_url() -> Iterator[str]:
    """TONGGAO_TEST_DATABASE_URL when given (a PostgreSQL server), else a private cluster."""
    given = os.environ.get("TONGGAO_TEST_DATABASE_URL")
    if given:
        yield given
        return
    with own_server() as url:
        yield url


def _driver_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new, empty database on the server; dropped afterwards."""
    name = f"tonggao_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_driver_url(server), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = _driver_url(server).rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(_driver_url(server), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
