"""Celery workers: the tasks (workers.tasks) and the entry point (workers.worker_app). The Celery
app itself is configured in webapp.task_queue, so webapp never imports this package."""

from webapp.task_queue import celery_app, init_celery

__all__ = ["celery_app", "init_celery"]
