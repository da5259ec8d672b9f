"""`tonggao reports assemble` as a user runs it: --inline writes files, --wait needs a worker."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from support.processes import celery_worker

TONGGAO = str(Path(sys.executable).with_name("tonggao"))
TITLE = "县发展和改革局2020年工作总结和2021年工作思路"
Run = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("assemble") / "instance"


@pytest.fixture(scope="module")
def demo_cli(instance: Path) -> Run:
    """`tonggao` on one SQLite instance with the demo data, shared by this module's tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGGAO_")}
    env["TONGGAO_INSTANCE_PATH"] = str(instance)
    env["TONGGAO_ARGON2_MEMORY_COST_KIB"] = "1024"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TONGGAO, *args], capture_output=True, text=True, env=env, cwd="/", timeout=120
        )

    for setup in (("db", "upgrade"), ("demo",)):
        assert run(*setup).returncode == 0
    return run


def test_inline_writes_one_file_per_format_with_chinese_names(demo_cli: Run, tmp_path: Path):
    out = tmp_path / "新建文件夹"
    result = demo_cli(
        "reports", "assemble", "1", "--formats", "docx,txt,md", "--draft", "--inline",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert names == [f"{TITLE}-征求意见稿-v1.{ext}" for ext in ("docx", "txt", "md")]
    assert (out / names[0]).read_bytes().startswith(b"PK")
    text = (out / names[1]).read_text(encoding="utf-8")
    assert text.startswith(f"【征求意见稿】\n\n{TITLE}\n") and "一、主要经济指标稳中有进" in text


def test_final_is_refused_until_every_section_is_approved(demo_cli: Run, tmp_path: Path):
    result = demo_cli("reports", "assemble", "1", "--inline", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "尚未审核通过" in result.stderr
    assert "Traceback" not in result.stderr and list(tmp_path.iterdir()) == []


def test_wait_without_a_worker_times_out_with_a_hint(demo_cli: Run, tmp_path: Path):
    result = demo_cli(
        "reports", "assemble", "1", "--draft", "--formats", "txt", "--wait", "--timeout", "1",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 1
    assert "仍在排队" in result.stderr and "tonggao worker" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("1", "--draft", "--out", "x"), 2, "--wait"),
        (("1", "--draft", "--wait", "--inline", "--out", "x"), 2, "--inline"),
        (("1", "--formats", "docx,odt", "--inline", "--out", "x"), 2, "--formats"),
        (("1", "--inline"), 2, "--out"),
        (("99", "--draft", "--inline", "--out", "x"), 1, "没有这个报告"),
        (("1", "--draft", "--inline", "--as", "nobody", "--out", "x"), 1, "没有这个用户"),
    ],
)
def test_bad_invocations_fail_cleanly(demo_cli: Run, tmp_path: Path, args, code, message):
    result = demo_cli("reports", "assemble", *args)
    assert result.returncode == code and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_wait_returns_once_the_worker_has_run_the_job(
    demo_cli: Run, instance: Path, tmp_path: Path
):
    # Embedded mode: the worker finds the database and the SQLite broker in the instance.
    worker = celery_worker({"INSTANCE_PATH": str(instance)})
    try:
        result = demo_cli(
            "reports", "assemble", "1", "--draft", "--formats", "md", "--wait", "--timeout", "60",
            "--out", str(tmp_path),
        )  # fmt: skip
    finally:
        worker.stop()
    assert result.returncode == 0, result.stderr + worker.log()[-2000:]
    (path,) = result.stdout.splitlines()
    # Any version: the job queued by the time-out test above runs too, in its turn.
    assert Path(path).parent == tmp_path
    assert re.fullmatch(f"{TITLE}-征求意见稿-v[0-9]+[.]md", Path(path).name)
