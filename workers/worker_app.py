"""Entry point for `celery -A workers.worker_app worker`: the Flask app, then Celery bound to it."""

from webapp import create_app
from workers import celery_app

flask_app = create_app()
celery = celery_app

__all__ = ["celery", "flask_app"]
