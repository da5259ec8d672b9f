"""What an administrator needs to see that background jobs run: which Celery workers answer
a ping, and how long the oldest assembly job has been waiting. Never raises for a broker that
is down: that is exactly when the page is needed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AssemblyJob
from webapp.models.assembly import JobState
from webapp.models.types import utcnow

log = logging.getLogger(__name__)
PING_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Workers:
    names: tuple[str, ...] = ()
    broker_error: str = ""
    # The embedded SQLite broker cannot broadcast, so workers cannot be pinged through it.
    can_ping: bool = True

    @property
    def alive(self) -> int:
        return len(self.names)


def workers(timeout_s: float = PING_TIMEOUT_S) -> Workers:
    """The workers that answered a ping within `timeout_s`."""
    if current_app.config["BROKER_URL"].startswith("sqla+"):
        return Workers(can_ping=False)
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout_s)
            replies = celery.control.inspect(timeout=timeout_s, connection=connection).ping()
    except Exception as error:  # any broker failure is a status to show, not a 500
        log.warning("worker ping failed: %r", error)
        return Workers(broker_error=type(error).__name__)
    return Workers(tuple(sorted(replies or {})))


def oldest_queued_job_age() -> timedelta | None:
    """How long the oldest still-queued assembly job has waited (None: nothing waits)."""
    oldest = db.session.scalar(
        select(func.min(AssemblyJob.created_at)).where(AssemblyJob.state == JobState.QUEUED)
    )
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # SQLite returns aggregates without the column's type
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    return utcnow() - oldest
