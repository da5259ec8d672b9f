"""Test support: real servers (PostgreSQL, Redis, Celery, gunicorn) started on free ports."""
