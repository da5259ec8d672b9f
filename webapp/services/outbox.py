"""The assembly outbox: send committed jobs to Celery, and re-send the ones that got lost.

The AssemblyJob row, not the broker message, is the source of truth (DESIGN: Background
jobs): a message can be lost (Redis restarted without AOF, an embedded broker's worker died
after fetching it) or stuck unacknowledged until Redis' visibility timeout. The sweep sends
such jobs again; a duplicate message costs one failed claim (see services.assembly).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from webapp import jobs
from webapp.extensions import db
from webapp.models import AssemblyJob, JobState
from webapp.models.types import utcnow
from webapp.services import audit

log = logging.getLogger(__name__)

# A job queued this long without being claimed is presumed lost: an idle worker claims a
# delivered job within about a second (the embedded broker polls once a second). Behind busy
# workers the re-sent copy is a harmless duplicate: its claim fails in one UPDATE.
QUEUED_GRACE_S = 10.0
# A job whose runs keep dying (worker killed, out of memory) is given up after this many.
MAX_JOB_ATTEMPTS = 5


def dispatch(job_id: int) -> bool:
    """Send the committed job to the workers; False (logged) when the broker is down: the job
    stays queued for the sweep."""
    return jobs.publish(jobs.ASSEMBLE, job_id)


def sweep(queued_for_s: float = QUEUED_GRACE_S) -> int:
    """Re-send jobs queued longer than `queued_for_s` or whose lease expired; how many sent."""
    give_up_exhausted()
    now = utcnow()
    lost = db.session.scalars(
        select(AssemblyJob.id)
        .where(
            or_(
                and_(
                    AssemblyJob.state == JobState.QUEUED,
                    AssemblyJob.created_at <= now - timedelta(seconds=queued_for_s),
                ),
                and_(AssemblyJob.state == JobState.RUNNING, AssemblyJob.lease_until < now),
            )
        )
        .order_by(AssemblyJob.id)
    ).all()
    db.session.rollback()  # no transaction held open while talking to the broker
    return sum(dispatch(job_id) for job_id in lost)


def give_up_exhausted() -> int:
    """Fail the jobs whose runs died MAX_JOB_ATTEMPTS times instead of re-sending them."""
    now = utcnow()
    exhausted = and_(
        AssemblyJob.attempts >= MAX_JOB_ATTEMPTS,
        or_(
            AssemblyJob.state == JobState.QUEUED,
            and_(AssemblyJob.state == JobState.RUNNING, AssemblyJob.lease_until < now),
        ),
    )
    job_ids = db.session.scalars(select(AssemblyJob.id).where(exhausted)).all()
    if not job_ids:
        db.session.rollback()
        return 0
    message = f"生成任务中断了 {MAX_JOB_ATTEMPTS} 次，已放弃"
    db.session.execute(
        update(AssemblyJob)
        .where(AssemblyJob.id.in_(job_ids), exhausted)
        .values(state=JobState.FAILED, error=message, finished_at=now, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    for job_id in job_ids:
        audit.record(None, "assembly.fail", "assembly_job", job_id, error=message)
    db.session.commit()
    return len(job_ids)
