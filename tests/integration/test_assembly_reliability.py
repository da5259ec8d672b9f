"""Nothing lost, nothing duplicated: real worker processes, a real Redis that we stop and start.

(a) SIGKILL the worker in the middle of a job (a 200-section report converted to PDF, which
    takes a few seconds): the message stays unacknowledged in Redis until the visibility
    timeout, so recovery is the outbox's job: the lease expires, the sweep re-sends, a new
    worker takes over, and the job ends with exactly one document per format.
(b) Stop Redis, request an assembly: the request still succeeds and the job waits in the
    outbox. Start Redis again and sweep: the worker — which reconnected by itself — runs it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from support.big_report import long_outline
from support.processes import ChildProcess, celery_worker
from support.redis_server import RedisProcess
from webapp import create_app
from webapp.extensions import db
from webapp.models import AssemblyJob, AuditEvent, FinalDocument, Report
from webapp.services import assembly, outbox

pytestmark = pytest.mark.slow

# Long enough that the kill surely lands inside the lease, short enough to wait out.
LEASE_S = 5
JOB_TIMEOUT_S = 45
WORKER_KEYS = ("DATABASE_URL", "BROKER_URL", "INSTANCE_PATH", "SECRET_KEY", "ASSEMBLY_LEASE_S")


@pytest.fixture
def redis() -> Iterator[RedisProcess]:
    server = RedisProcess()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def shared_settings(settings: dict, redis: RedisProcess) -> dict:
    return {**settings, "BROKER_URL": f"{redis.url}/0", "ASSEMBLY_LEASE_S": LEASE_S}


@pytest.fixture
def app(shared_settings: dict) -> Iterator[Flask]:
    """The test's app on the same database and broker as the worker processes."""
    app = create_app(shared_settings)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def start_worker(shared_settings: dict) -> Iterator:
    workers: list[ChildProcess] = []

    def start() -> ChildProcess:
        worker = celery_worker({k: v for k, v in shared_settings.items() if k in WORKER_KEYS})
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def leader(make_user):
    return make_user("leader")


def job_row(job_id: int) -> AssemblyJob:
    db.session.rollback()
    return db.session.get(AssemblyJob, job_id, populate_existing=True)


def wait_until(predicate, timeout_s: float, what: str, worker: ChildProcess) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; worker log:\n{worker.log()[-3000:]}")
        time.sleep(0.05)


def documents_of(job_id: int) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(FinalDocument.format, FinalDocument.version).where(FinalDocument.job_id == job_id)
    )
    return sorted(tuple(row) for row in rows)


def succeeded(job_id: int) -> bool:
    return job_row(job_id).state == "succeeded"


def test_killed_worker_mid_job_is_recovered_by_the_sweep_exactly_once(
    app, make_report, leader, start_worker
):
    report: Report = make_report(long_outline())
    first = start_worker()
    job = assembly.request_assembly(report.id, leader, ["docx", "pdf"], draft=True)
    # Past the DOCX, inside the PDF conversion (the longest step).
    weights = assembly.STEP_WEIGHTS
    docx_done = (
        (weights["load"] + weights["docx"])
        * 100
        // sum(weights[step] for step in ("load", "docx", "pdf"))
    )
    wait_until(
        lambda: job_row(job.id).state == "running" and job_row(job.id).progress >= docx_done,
        JOB_TIMEOUT_S,
        "the job to be half done",
        first,
    )
    killed_at = time.monotonic()
    first.kill()
    stuck = job_row(job.id)
    assert (stuck.state, stuck.attempts, documents_of(job.id)) == ("running", 1, [])

    second = start_worker()
    assert outbox.sweep() == 0  # its lease still runs: nobody may take it over yet
    wait_until(lambda: job_row(job.id).lease_until < assembly.utcnow(), 10, "lease", second)
    assert outbox.sweep() == 1
    wait_until(lambda: succeeded(job.id), JOB_TIMEOUT_S, "the job to finish", second)
    recovered_s = time.monotonic() - killed_at

    done = job_row(job.id)
    assert done.attempts == 2 and done.progress == 100
    assert documents_of(job.id) == [("docx", 1), ("pdf", 1)]
    assert db.session.scalar(select(func.count()).select_from(FinalDocument)) == 2
    events = select(func.count()).where(AuditEvent.action == "assembly.succeed")
    assert db.session.scalar(events) == 1
    print(f"\nrecovered {recovered_s:.1f} s after the kill (lease {LEASE_S} s)")


def test_broker_outage_is_bridged_by_the_outbox(app, make_report, leader, start_worker, redis):
    report: Report = make_report()
    worker = start_worker()
    before = assembly.request_assembly(report.id, leader, ["txt"], draft=True)
    wait_until(lambda: succeeded(before.id), JOB_TIMEOUT_S, "a first round trip", worker)

    redis.stop()
    started = time.monotonic()
    during = assembly.request_assembly(report.id, leader, ["txt", "md"], draft=True)
    request_s = time.monotonic() - started  # reported, not asserted: a hang would time out
    time.sleep(1)
    assert job_row(during.id).state == "queued"

    redis.start()  # same port, empty: whatever was queued in it is gone
    assert outbox.sweep(queued_for_s=0) == 1
    wait_until(lambda: succeeded(during.id), JOB_TIMEOUT_S, "the swept job", worker)
    assert documents_of(during.id) == [("md", 2), ("txt", 2)]

    after = assembly.request_assembly(report.id, leader, ["txt"], draft=True)
    wait_until(lambda: succeeded(after.id), JOB_TIMEOUT_S, "a round trip after restart", worker)
    assert documents_of(after.id) == [("txt", 3)]
    assert job_row(during.id).attempts == 1
    print(f"\nrequest during the outage took {request_s:.2f} s")
