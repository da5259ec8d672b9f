"""Celery tasks: load by id, call a service, safe to run twice."""

from __future__ import annotations

import logging

from celery import Task
from sqlalchemy.exc import OperationalError

from workers import celery_app

log = logging.getLogger(__name__)


@celery_app.task(name="workers.tasks.seal_audit")
def seal_audit() -> int:
    """Hash pending audit events onto the chain (beat, every few seconds)."""
    from webapp.services import audit

    return audit.seal()


@celery_app.task(
    name="workers.tasks.assemble",
    bind=True,
    acks_late=True,
    # Transient database trouble (locked, restarting, connection lost): try again later.
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
)
def assemble(self: Task, job_id: int) -> str:
    """Run an assembly job; a duplicate delivery finds the job claimed or done and returns."""
    from webapp.services import assembly
    from webapp.services.errors import NotFound

    try:
        return assembly.run_job(job_id)
    except NotFound:
        log.warning("assembly job %s no longer exists", job_id)
        return "missing"


@celery_app.task(name="workers.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Re-send assembly jobs that are still queued or whose lease expired (beat)."""
    from webapp.services import outbox

    return outbox.sweep()


@celery_app.task(
    name="workers.tasks.send_email",
    # SMTPException is an OSError: a server that is down or busy gets a few more tries.
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_email(to: str, subject: str, body: str) -> None:
    """Send the e-mail copy of a notification (queued after the notification committed)."""
    from webapp.services import mail

    mail.send(to, subject, body)


@celery_app.task(name="workers.tasks.remind_deadlines")
def remind_deadlines() -> int:
    """Deadline soon / overdue reminders, at most once per section, user and day (beat)."""
    from webapp.services import deadlines

    return deadlines.remind(deadlines.china_today())


@celery_app.task(name="workers.tasks.escalate_overdue")
def escalate_overdue() -> int:
    """Sections overdue by more than ESCALATE_AFTER_DAYS, reported to the leaders once (beat)."""
    from webapp.services import chasing, deadlines

    return chasing.escalate(deadlines.china_today())
