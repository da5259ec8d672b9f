"""A real Celery worker process against a real Redis: a task round trip that changes the DB."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from support.processes import celery_worker
from webapp import create_app
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import audit
from workers import tasks

pytestmark = pytest.mark.slow


@pytest.fixture
def worker_app(settings, redis_url):
    """An app and a worker process sharing one database and one Redis broker."""
    broker = f"{redis_url}/{abs(hash(settings['DATABASE_URL'])) % 15 + 1}"
    shared = {**settings, "BROKER_URL": broker}
    app = create_app(shared)
    worker_settings = {
        k: v
        for k, v in shared.items()
        if k in ("DATABASE_URL", "BROKER_URL", "INSTANCE_PATH", "SECRET_KEY")
    }
    worker = celery_worker(worker_settings)
    with app.app_context():
        yield app
        db.session.remove()
    worker.stop()


def _unsealed() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).where(AuditEvent.seq.is_(None)))


def test_worker_process_runs_a_task_that_seals_the_audit_trail(worker_app):
    audit.record(None, "test.event", "report", 1)
    db.session.commit()
    assert _unsealed() == 1
    tasks.seal_audit.delay()
    deadline = time.monotonic() + 60
    while _unsealed() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _unsealed() == 0
    assert audit.verify().is_intact
