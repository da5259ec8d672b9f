"""Embedded broker (kombu's SQLAlchemy transport on SQLite) against Redis: 50 real tasks
through a real worker process, acks_late, timed from the first send to the last success.

Run: make bench
"""

from __future__ import annotations

import time

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from support.processes import celery_worker
from webapp import create_app
from workers import tasks

TASKS = 50
TIMEOUT_S = 120


@pytest.mark.parametrize("broker", ["sqla+sqlite", "redis"])
def test_fifty_task_round_trips(settings, redis_url, broker: str, benchmark: BenchmarkFixture):
    url = (
        f"sqla+sqlite:///{settings['INSTANCE_PATH']}/broker.db"
        if broker == "sqla+sqlite"
        else f"{redis_url}/14"
    )
    shared = {**settings, "BROKER_URL": url}
    app = create_app(shared)
    keys = ("DATABASE_URL", "BROKER_URL", "INSTANCE_PATH", "SECRET_KEY")
    worker = celery_worker({k: v for k, v in shared.items() if k in keys})
    try:
        with app.app_context():
            _round_trips(worker, 1)  # the worker is up and consuming
            benchmark.pedantic(_round_trips, args=(worker, TASKS), rounds=1, iterations=1)
    finally:
        worker.stop()
    seconds = benchmark.stats.stats.max
    print(f"\n{broker}: {TASKS} tasks in {seconds:.2f} s ({TASKS / seconds:.0f} tasks/s)")


def _round_trips(worker, count: int) -> None:
    done_before = worker.log().count("succeeded in")
    for _ in range(count):
        tasks.seal_audit.delay()
    deadline = time.monotonic() + TIMEOUT_S
    while worker.log().count("succeeded in") < done_before + count:
        assert time.monotonic() < deadline, worker.log()[-2000:]
        time.sleep(0.02)
