"""Publishing background jobs: the one place the web side hands work to the Celery workers.

Tasks are sent by name, so nothing here (or in services) imports `workers/` and the package
graph has no cycle (DESIGN "Background jobs"). Work belonging to a transaction is published
after that transaction commits (`publish_after_commit`; a rollback sends nothing). A broker
that cannot be reached is logged, never raised: the outbox row or the in-app notification is
the source of truth. Tests observe what was sent through `publish`, the one seam.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from webapp.extensions import db

log = logging.getLogger(__name__)

ASSEMBLE = "workers.tasks.assemble"
SEND_EMAIL = "workers.tasks.send_email"

# Publishing gives up after about a second: whatever the job is for is committed already, and
# a broker outage must not hold up the web request.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Where one transaction's jobs wait for its commit (Session.info is per session).
_PENDING = "tonggao.pending_jobs"


def publish(task_name: str, *args: Any) -> bool:
    """Send one task now; False (logged) when the broker cannot be reached."""
    try:
        current_app.extensions["celery"].send_task(
            task_name, args=args, retry=True, retry_policy=RETRY_POLICY
        )
    except Exception as error:
        # Whatever the transport raises (kombu, redis, sockets, SQLAlchemy for the embedded
        # broker): failing the request would not un-commit what the job is for.
        log.warning("%s%r not queued: broker unreachable (%s)", task_name, args, error)
        return False
    return True


def publish_after_commit(task_name: str, *args: Any) -> None:
    """Send the task once the current transaction commits; never if it rolls back."""
    db.session.info.setdefault(_PENDING, []).append((task_name, args))


@event.listens_for(db.session, "after_commit")
def _send_after_commit(session: Session) -> None:
    # A savepoint's commit is not the transaction's: its rows can still be rolled back.
    if session.in_nested_transaction():
        return
    pending = session.info.pop(_PENDING, [])
    for position, (task_name, args) in enumerate(pending):
        if not publish(task_name, *args):
            # One timeout is enough: the rest would wait for the same dead broker.
            if position + 1 < len(pending):
                log.warning("%d more jobs not queued", len(pending) - position - 1)
            return


@event.listens_for(db.session, "after_transaction_end")
def _forget_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    # After a root commit the list is already sent; after a rollback it must never be.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
