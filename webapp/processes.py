"""Starting the server processes: gunicorn, the Celery worker and beat, embedded mode."""

from __future__ import annotations

import ipaddress
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
# A worker that exits is started again, but not more often than this.
WORKER_RESTART_DELAY_S = 2.0


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


def is_loopback(host: str) -> bool:
    """Only this machine can reach the host (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def should_load_demo(host: str, demo: bool) -> bool:
    """Demo users share a published password: load them only where no one else can log in,
    unless asked for explicitly."""
    return demo or is_loopback(host)


class SupervisedProcess:
    """A child process that is started again whenever it exits (the Celery worker: a worker
    that dies leaves jobs waiting forever)."""

    def __init__(self, argv: list[str], env: dict[str, str], name: str) -> None:
        self.argv, self.env, self.name = argv, env, name
        self.restarts = 0
        self.process = self._spawn()
        self._started_at = time.monotonic()

    def _spawn(self) -> subprocess.Popen:
        return subprocess.Popen(self.argv, env=self.env)

    def keep_running(self) -> None:
        """Call regularly: restart the child if it has exited (at most every few seconds)."""
        if self.process.poll() is None:
            return
        if time.monotonic() - self._started_at < WORKER_RESTART_DELAY_S:
            return
        click.echo(
            f"{self.name} exited with status {self.process.returncode}; starting it again", err=True
        )
        self.process = self._spawn()
        self._started_at = time.monotonic()
        self.restarts += 1


def run_embedded(host: str, port: int, demo: bool, print_logins: Callable[[], None]) -> None:
    """Upgrade the database, load demo data once (loopback or --demo only), run web + a
    supervised worker until Ctrl-C."""
    from flask_migrate import upgrade

    from webapp.services import demo as demo_data

    upgrade()
    load_demo = should_load_demo(host, demo)
    if load_demo and demo_data.load():
        click.echo("首次启动：已载入演示数据。")
    if not load_demo:
        click.echo(f"监听 {host}（非本机地址）：不载入演示账号；需要时加 --demo。")
    instance = current_app.config["INSTANCE_PATH"]
    env = {**os.environ, "TONGGAO_INSTANCE_PATH": instance}
    worker = SupervisedProcess(worker_argv(True, 1, instance), env, "worker")
    web = subprocess.Popen(gunicorn_argv(host, port, workers=1, threads=8), env=env)
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _wait_for_port(host, port, [web])
        click.echo(f"\n统稿已启动：http://{host}:{port}/  （Ctrl-C 停止）")
        if load_demo:
            print_logins()
        while not stopping and web.poll() is None:
            worker.keep_running()
            time.sleep(0.2)
    finally:
        _stop_all([worker.process, web])
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not stopping:
        raise SystemExit("the web server exited unexpectedly; see its log above")


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
