"""The Celery app configured from the Flask config: the web side publishes to it (webapp.jobs,
by task name), the workers (workers/) register their tasks on it. It lives in webapp so that
the package graph runs one way: workers → webapp, never back."""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

from webapp import embedded_broker

celery_app = Celery("tonggao", include=["workers.tasks"])


def init_celery(app: Flask) -> Celery:
    """Configure the shared Celery app from the Flask config; tasks run in an app context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    config = app.config
    if config["BROKER_URL"].startswith("sqla+"):
        embedded_broker.register()
    if celery_app.conf.broker_url != config["BROKER_URL"]:
        # Connection pools are cached on first use; a re-configured app (tests build many)
        # must not keep sending to the previous broker.
        celery_app._after_fork()
    celery_app.Task = FlaskTask
    celery_app.conf.update(
        broker_url=config["BROKER_URL"],
        result_backend=None,
        task_ignore_result=True,
        # DESIGN "Background jobs": nothing is lost when a worker dies mid-task.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        # False: a task held when Redis goes away runs to its end. True terminated it, left its
        # message unacknowledged until the visibility timeout, and could kill the worker
        # (celery#9250; tests/integration/test_worker_survives_redis_restart.py).
        worker_cancel_long_running_tasks_on_connection_loss=False,
        broker_transport_options=_transport_options(config),
        task_default_queue="tonggao",
        worker_hijack_root_logger=False,
        timezone="Asia/Shanghai",
        beat_schedule={
            "seal-audit": {
                "task": "workers.tasks.seal_audit",
                "schedule": config["AUDIT_SEAL_INTERVAL_S"],
            },
            "sweep-outbox": {
                "task": "workers.tasks.sweep_outbox",
                "schedule": config["SWEEP_INTERVAL_S"],
            },
            "remind-deadlines": {
                "task": "workers.tasks.remind_deadlines",
                "schedule": config["DEADLINE_SCAN_INTERVAL_S"],
            },
            "escalate-overdue": {
                "task": "workers.tasks.escalate_overdue",
                "schedule": config["DEADLINE_SCAN_INTERVAL_S"],
            },
        },
        beat_schedule_filename=f"{config['INSTANCE_PATH']}/celerybeat-schedule",
    )
    app.extensions["celery"] = celery_app
    return celery_app


def _transport_options(config) -> dict:
    # kombu's SQLAlchemy transport hands every option to create_engine: Redis-only settings.
    if config["BROKER_URL"].startswith(("redis://", "rediss://")):
        return {"visibility_timeout": config["BROKER_VISIBILITY_TIMEOUT_S"]}
    return {}
