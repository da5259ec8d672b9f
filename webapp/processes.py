"""Starting the server processes: gunicorn, the Celery worker and beat, embedded mode."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

import click
from flask import current_app

# Seconds the children get to finish after Ctrl-C before they are killed.
SHUTDOWN_GRACE_S = 15
STARTUP_TIMEOUT_S = 60


# `tonggao serve` on the 2-core machine, chosen by tests/bench/test_save_bench.py::
# test_serve_settings (see README "Performance").
SERVE_WORKERS = 2
SERVE_THREADS = 8


def gunicorn_argv(
    host: str, port: int, workers: int = SERVE_WORKERS, threads: int = SERVE_THREADS
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "webapp.wsgi:app",
    ]


def worker_argv(beat: bool, concurrency: int, instance_path: str, hostname: str = "") -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "workers.worker_app",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        str(concurrency),
        "--queues",
        "tonggao",
        "--hostname",
        hostname or f"tonggao@{socket.gethostname()}",
    ]
    if beat:
        argv += ["--beat", "--schedule", os.path.join(instance_path, "celerybeat-schedule")]
    return argv


def beat_argv(instance_path: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "workers.worker_app",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        os.path.join(instance_path, "celerybeat-schedule"),
    ]


def exec_gunicorn(host: str, port: int, workers: int, threads: int = SERVE_THREADS) -> None:
    argv = gunicorn_argv(host, port, workers, threads)
    os.execv(argv[0], argv)


def exec_worker(beat: bool, concurrency: int) -> None:
    argv = worker_argv(beat, concurrency, _instance_path())
    os.execv(argv[0], argv)


def exec_beat() -> None:
    argv = beat_argv(_instance_path())
    os.execv(argv[0], argv)


def _instance_path() -> str:
    from webapp.config import from_environment

    return from_environment()["INSTANCE_PATH"]


def run_embedded(host: str, port: int, print_logins: Callable[[], None]) -> None:
    """Upgrade the database, load demo data once, run web + worker until Ctrl-C."""
    from flask_migrate import upgrade

    from webapp.services import demo

    upgrade()
    if demo.load():
        click.echo("首次启动：已载入演示数据。")
    instance = current_app.config["INSTANCE_PATH"]
    env = {**os.environ, "TONGGAO_INSTANCE_PATH": instance}
    children = [
        subprocess.Popen(worker_argv(True, 1, instance), env=env),
        subprocess.Popen(gunicorn_argv(host, port, workers=1, threads=8), env=env),
    ]
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        _wait_for_port(host, port, children)
        click.echo(f"\n统稿已启动：http://{host}:{port}/  （Ctrl-C 停止）")
        print_logins()
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
    finally:
        _stop_all(children)
    if not stopping:
        raise SystemExit("a server process exited unexpectedly; see its log above")


def _wait_for_port(host: str, port: int, children: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise SystemExit("a server process failed to start; see its log above")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the web server did not listen on {host}:{port} in time")


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + SHUTDOWN_GRACE_S
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
