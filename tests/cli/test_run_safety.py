"""Embedded mode is safe to start on a network: no demo logins (a published password) unless
on loopback or asked for, and a worker that exits is started again."""

from __future__ import annotations

import sys
import time

import pytest
from sqlalchemy import func, select

from webapp import processes
from webapp.extensions import db
from webapp.models import User
from webapp.services import demo


class _ExitedProcess:
    """Stands in for gunicorn: already exited, so `run` stops right after the demo step."""

    returncode = 1

    def __init__(self, *args, **kwargs) -> None:
        pass

    def poll(self) -> int:
        return 1

    def wait(self, timeout: float | None = None) -> int:
        return 1


def _demo_users() -> int:
    names = [login.username for login in demo.DEMO_USERS]
    return db.session.scalar(select(func.count()).where(User.username.in_(names)))


@pytest.fixture
def no_servers(monkeypatch):
    monkeypatch.setattr(processes.subprocess, "Popen", _ExitedProcess)
    monkeypatch.setattr(processes.os, "execv", lambda *args: None)


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["--host", "0.0.0.0"], False),
        (["--host", "192.0.2.10"], False),
        (["--host", "0.0.0.0", "--demo"], True),
        (["--host", "127.0.0.1"], True),
    ],
)
def test_run_loads_demo_users_only_on_loopback_or_when_asked(app, runner, no_servers, args, loaded):
    result = runner.invoke(args=["run", *args, "--port", "5999"])
    assert result.exit_code != 0  # the stand-in web server "exited"
    assert (_demo_users() > 0) is loaded


def test_serve_never_loads_demo_users(app, runner, no_servers):
    runner.invoke(args=["serve", "--host", "0.0.0.0"])
    assert _demo_users() == 0


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("::", False)],
)
def test_loopback_hosts(host, loopback):
    assert processes.is_loopback(host) is loopback


def test_a_supervised_worker_that_exits_is_started_again(monkeypatch):
    monkeypatch.setattr(processes, "WORKER_RESTART_DELAY_S", 0.0)
    child = processes.SupervisedProcess(
        [sys.executable, "-c", "import sys; sys.exit(3)"], env={}, name="worker"
    )
    deadline = time.monotonic() + 30
    while child.restarts < 2 and time.monotonic() < deadline:
        child.keep_running()
        time.sleep(0.05)
    assert child.restarts >= 2
    child.process.wait(timeout=10)


def test_a_running_worker_is_left_alone():
    child = processes.SupervisedProcess(
        [sys.executable, "-c", "import time; time.sleep(30)"], env={}, name="worker"
    )
    try:
        child.keep_running()
        assert child.restarts == 0 and child.process.poll() is None
    finally:
        child.process.kill()
        child.process.wait(timeout=10)
