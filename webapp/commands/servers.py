"""Commands that start processes: web server, worker, beat, embedded mode."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.commands import fails_cleanly
from webapp.commands.accounts import print_demo_logins
from webapp.processes import SERVE_THREADS, SERVE_WORKERS


@click.command("worker")
@click.option("--beat", is_flag=True, help="also run the periodic scheduler (one machine only)")
@click.option("--concurrency", type=int, default=2, show_default=True)
def worker_command(beat: bool, concurrency: int) -> None:
    """Celery worker with the app's config."""
    from webapp import processes

    processes.exec_worker(beat=beat, concurrency=concurrency)


@click.command("beat")
def beat_command() -> None:
    """Celery beat: the periodic outbox sweep and audit sealing."""
    from webapp import processes

    processes.exec_beat()


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--workers", default=SERVE_WORKERS, type=int, show_default=True)
@click.option("--threads", default=SERVE_THREADS, type=int, show_default=True)
def serve_command(host: str, port: int, workers: int, threads: int) -> None:
    """Production web server (gunicorn), no worker; never loads demo data."""
    from webapp import processes

    processes.exec_gunicorn(host, port, workers, threads)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=int, show_default=True)
@click.option("--demo", is_flag=True, help="load the demo users even on a non-loopback host")
@with_appcontext
@fails_cleanly
def run_command(host: str, port: int, demo: bool) -> None:
    """Embedded mode: create the database (and demo data on 127.0.0.1), then web + worker."""
    from webapp import processes

    processes.run_embedded(host, port, demo, print_demo_logins)
