"""Real application processes for integration and browser tests: Celery worker, gunicorn."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path

from support.ports import free_port, wait_for_port
from webapp.processes import gunicorn_argv, worker_argv

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TESTS_DIR = PROJECT_ROOT / "tests"


def app_environment(settings: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGGAO_")}
    env.update({f"TONGGAO_{key}": str(value) for key, value in settings.items()})
    return env


class ChildProcess:
    """A child with its output in a log file, stopped gently or killed."""

    def __init__(self, argv: list[str], env: dict[str, str], name: str) -> None:
        self.argv, self.env, self.name = argv, env, name
        self.log_path = Path(tempfile.mkstemp(prefix=f"tonggao-{name}-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> ChildProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout_s: float = 20) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()


def celery_worker(settings: dict[str, str], concurrency: int = 1) -> ChildProcess:
    """A real `celery worker` process; each gets its own node name so restarts don't clash."""
    argv = worker_argv(
        False, concurrency, settings.get("INSTANCE_PATH", ""), hostname=f"test-{free_port()}@%h"
    )
    argv += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return ChildProcess(argv, app_environment(settings), "worker").start()


def gunicorn_server(settings: dict[str, str], workers: int = 1, threads: int = 4):
    port = free_port()
    argv = gunicorn_argv("127.0.0.1", port, workers, threads)
    child = ChildProcess(argv, app_environment(settings), "web").start()
    wait_for_port(port, timeout_s=60)
    return child, f"http://127.0.0.1:{port}"
