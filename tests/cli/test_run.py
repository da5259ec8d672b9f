"""`tonggao run`: embedded mode comes up with demo data, a worker, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support.ports import free_port, wait_for_port

pytestmark = pytest.mark.slow
TONGGAO = str(Path(sys.executable).with_name("tonggao"))


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_run_serves_the_app_prints_logins_and_ctrl_c_leaves_nothing(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGGAO_")}
    env["TONGGAO_INSTANCE_PATH"] = str(tmp_path / "instance")
    log = (tmp_path / "run.log").open("w+")
    process = subprocess.Popen(
        [TONGGAO, "run", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd="/",
    )
    try:
        wait_for_port(port, timeout_s=90)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as response:
            assert response.status == 200 and "统稿" in response.read().decode()
        deadline = time.monotonic() + 30
        while "ready." not in Path(log.name).read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        output = Path(log.name).read_text()
        assert f"http://127.0.0.1:{port}/" in output
        assert "drafter" in output and "tonggao-demo" in output
        assert "ready." in output, "the Celery worker did not start"
        # Ctrl-C in a terminal signals the whole foreground process group.
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=60) == 0
        deadline = time.monotonic() + 20
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(process.pid), "a child process survived Ctrl-C"
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
