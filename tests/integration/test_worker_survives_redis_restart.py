"""Fault soak: a worker holding an unacknowledged task survives a Redis restart.

Real processes: a redis-server with AOF and a `celery worker`. A slow task is held (started,
not acknowledged, acks_late) when Redis is stopped and started again. The worker must still be
running afterwards and must take and finish a new task (a real round trip through the broker).
With `worker_cancel_long_running_tasks_on_connection_loss = True` the worker died here with
`Unrecoverable error: AttributeError("'NoneType' object has no attribute 'hostname'")`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from support.ports import free_port
from support.processes import TESTS_DIR, ChildProcess, app_environment
from support.redis_server import RedisProcess
from webapp import create_app
from webapp.processes import worker_argv
from webapp.services import system_status

pytestmark = pytest.mark.slow

HELD_TASK_S = 8
ROUND_TRIP_TIMEOUT_S = 30
RESTARTS = 3


@pytest.fixture
def redis() -> Iterator[RedisProcess]:
    # --hz 100: Redis notices closed clients sooner, which made the crash happen every time.
    server = RedisProcess(appendonly=True, extra_args=("--hz", "100"))
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def worker_settings(tmp_path: Path, redis: RedisProcess) -> dict:
    instance = tmp_path / "instance"
    instance.mkdir()
    return {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'tonggao.db'}",
        "BROKER_URL": f"{redis.url}/0",
        "SECRET_KEY": "soak",
    }


@pytest.fixture
def sender(worker_settings: dict) -> Iterator[Celery]:
    app = Celery("soak-sender", broker=worker_settings["BROKER_URL"])
    app.conf.update(task_default_queue="tonggao", broker_connection_retry_on_startup=True)
    yield app
    app.close()


def production_worker(settings: dict) -> ChildProcess:
    """`tonggao worker` as deployed (gossip, mingle and heartbeats on), plus the soak tasks."""
    argv = worker_argv(False, 1, settings["INSTANCE_PATH"], hostname=f"soak-{free_port()}@%h")
    env = app_environment(settings)
    env["PYTHONPATH"] = str(TESTS_DIR)
    return ChildProcess([*argv, "--include", "support.soak_tasks"], env, "worker").start()


def wait_for_file(path: Path, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.2)
    return False


def test_worker_holding_a_task_survives_redis_restarts(
    worker_settings: dict, redis: RedisProcess, sender: Celery, tmp_path: Path
) -> None:
    worker = production_worker(worker_settings)
    warm = tmp_path / "warm"
    sender.send_task("tests.soak.touch_after", (str(warm), 0))
    assert wait_for_file(warm, ROUND_TRIP_TIMEOUT_S), worker.log()

    for restart in range(RESTARTS):
        held = tmp_path / f"held-{restart}"
        sender.send_task("tests.soak.touch_after", (str(held), HELD_TASK_S))
        time.sleep(2)  # the worker has taken it and sleeps: unacknowledged
        redis.stop()
        time.sleep(1 + restart * 1.5)
        redis.start()
        # The held task runs to its end; it is not terminated and left for the visibility timeout.
        assert wait_for_file(held, ROUND_TRIP_TIMEOUT_S), worker.log()
        assert worker.process.poll() is None, worker.log()

    after = tmp_path / "after"
    sender.send_task("tests.soak.touch_after", (str(after), 0))
    assert wait_for_file(after, ROUND_TRIP_TIMEOUT_S), worker.log()
    assert worker.process.poll() is None, worker.log()
    assert "Unrecoverable error" not in worker.log()
    assert worker_names_on_the_admin_page(worker_settings) == 1
    worker.stop()


def worker_names_on_the_admin_page(settings: dict) -> int:
    with create_app(settings).app_context():
        return system_status.workers(timeout_s=3).alive
