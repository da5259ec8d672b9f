"""Celery tasks: load by id, call a service, safe to run twice."""

from __future__ import annotations

from workers import celery_app


@celery_app.task(name="workers.tasks.seal_audit")
def seal_audit() -> int:
    """Hash pending audit events onto the chain (beat, every few seconds)."""
    from webapp.services import audit

    return audit.seal()
