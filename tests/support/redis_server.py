"""A private redis-server on a free port that tests may stop and restart."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from support.ports import free_port, wait_for_port


class RedisProcess:
    """redis-server as a child process; `stop()`/`start()` simulate a broker restart."""

    def __init__(
        self, port: int | None = None, appendonly: bool = False, extra_args: tuple[str, ...] = ()
    ) -> None:
        self.port = port or free_port()
        self.appendonly = appendonly
        self.extra_args = extra_args
        self.dir = tempfile.mkdtemp(prefix="tonggao-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server is not installed (make deps installs it)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.appendonly else "no",
                "--dir",
                self.dir,
                *self.extra_args,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def server_url() -> Iterator[str]:
    """TONGGAO_TEST_REDIS_URL when given, else a private redis-server."""
    given = os.environ.get("TONGGAO_TEST_REDIS_URL")
    if given:
        yield given.rstrip("/")
        return
    server = RedisProcess()
    server.start()
    try:
        yield server.url
    finally:
        server.cleanup()
