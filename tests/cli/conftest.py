"""Run the real `tonggao` executable, as a user would, against a fresh instance folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TONGGAO = str(Path(sys.executable).with_name("tonggao"))


@pytest.fixture
def run_cli(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGGAO_")}
    env["TONGGAO_INSTANCE_PATH"] = str(tmp_path / "instance")
    env["TONGGAO_ARGON2_MEMORY_COST_KIB"] = "1024"

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [TONGGAO, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
            timeout=120,
        )

    return run
