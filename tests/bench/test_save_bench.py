"""The save path: SQL statements per save, the diff endpoint against the bare library call,
and throughput/latency with 50 concurrent clients against gunicorn on PostgreSQL.

Run: make bench   (or .venv/bin/python -m pytest tests/bench/test_save_bench.py
     --benchmark-enable -o addopts="" -p no:cacheprovider --import-mode=importlib -s)
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import simple_outline
from support.ports import free_port, wait_for_port
from support.processes import ChildProcess, app_environment
from webapp.extensions import db
from webapp.processes import SERVE_THREADS, SERVE_WORKERS, gunicorn_argv
from webapp.services import accounts, audit, drafting, reports

CLIENTS = 50
ROUNDS = 15
SAVES_PER_CLIENT = 10
WARMUP_SAVES = 3


@pytest.fixture
def section(make_user, make_department):
    department = make_department("zonghe")
    report = reports.create_from_outline(simple_outline(("总体情况", "原稿。")), make_user("admin"))
    report.sections[0].department = department
    db.session.commit()
    return report.sections[0]


@pytest.mark.both_databases
def test_sql_statements_per_save(section, make_user, sql_statements, backend, benchmark):
    drafter = make_user("drafter", section.department)
    section_id, counter = section.id, iter(range(1, 10**6))

    def save() -> None:
        head = reports.load_section(section_id).head_revision
        assert drafter.department_id  # in a request the user is loaded before the service runs
        sql_statements.clear()
        drafting.save_revision(
            section_id, drafter, head, f"第{next(counter)}稿：今年工作稳中有进。"
        )

    benchmark.pedantic(save, rounds=50, iterations=1)
    benchmark.extra_info["sql_statements_per_save"] = len(sql_statements)
    print(f"\n[{backend}] SQL statements in one no-merge save: {len(sql_statements)}")
    for statement in sql_statements:
        print("   ", " ".join(statement.split())[:110])


@pytest.mark.both_databases
@pytest.mark.parametrize("seal_inline", [False, True], ids=["seal-by-beat", "seal-inline"])
def test_save_with_and_without_inline_sealing(section, make_user, backend, benchmark, seal_inline):
    drafter = make_user("drafter", section.department)
    section_id, counter = section.id, iter(range(1, 10**6))

    def save() -> None:
        head = reports.load_section(section_id).head_revision
        drafting.save_revision(section_id, drafter, head, f"第{next(counter)}稿。")
        if seal_inline:
            audit.seal()

    benchmark.group = f"save path ({backend})"
    benchmark.pedantic(save, rounds=100, iterations=1)


def _sections_with_tokens(department, admin, make_user, title: str) -> tuple[list[int], list[str]]:
    outline = simple_outline(*[(f"第{i}节", "原稿。") for i in range(CLIENTS)])
    report = reports.create_from_outline(outline, admin, title=title)
    for section in report.sections:
        section.department = department
    db.session.commit()
    section_ids = [section.id for section in sorted(report.sections, key=lambda s: s.position)]
    tokens = [
        accounts.issue_token(make_user("drafter", department).username) for _ in range(CLIENTS)
    ]
    return section_ids, tokens


def _serve(argv_tail: list[str], settings: dict, workers: int, threads: int):
    port = free_port()
    argv = gunicorn_argv("127.0.0.1", port, workers, threads)[:-1] + argv_tail
    child = ChildProcess(argv, app_environment(settings), "web").start()
    wait_for_port(port, timeout_s=60)
    return child, f"http://127.0.0.1:{port}"


def _measure(argv_tail, settings, workers, threads, section_ids, tokens) -> dict[str, float]:
    server, base_url = _serve(argv_tail, settings, workers, threads)
    try:
        results = _run_clients(base_url, section_ids, tokens)
    finally:
        server.stop()
    ok = sorted(end - start for start, end, status in results if status == 201)
    assert len(ok) == CLIENTS * SAVES_PER_CLIENT, Counter(status for *_, status in results)
    elapsed = max(end for _, end, _ in results) - min(start for start, _, _ in results)
    return {
        "saves_per_s": len(ok) / elapsed,
        "p50_ms": statistics.median(ok) * 1000,
        "p99_ms": ok[int(len(ok) * 0.99) - 1] * 1000,
    }


OURS = ["webapp.wsgi:app"]
REFERENCE = ["--pythonpath", str(Path(__file__).parent), "reference_save:app"]


@pytest.mark.postgres
def test_concurrent_clients_ours_against_the_reference(settings, make_user, make_department):
    """50 clients each saving their own section, through `tonggao serve`'s gunicorn settings,
    then through the reference endpoint under the same settings, in the same run."""
    department, admin = make_department("zonghe"), make_user("admin")
    server_settings = {k: settings[k] for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY")}
    workers, threads = SERVE_WORKERS, SERVE_THREADS
    ours_ids, ours_tokens = _sections_with_tokens(department, admin, make_user, "甲")
    ref_ids, ref_tokens = _sections_with_tokens(department, admin, make_user, "乙")
    ours = _measure(OURS, server_settings, workers, threads, ours_ids, ours_tokens)
    reference = _measure(REFERENCE, server_settings, workers, threads, ref_ids, ref_tokens)
    ratio = ours["saves_per_s"] / reference["saves_per_s"]
    print(
        f"\n{CLIENTS} clients × {SAVES_PER_CLIENT} saves, gunicorn {workers} workers × "
        f"{threads} threads:\n  ours      {_line(ours)}\n  reference {_line(reference)}\n"
        f"  ratio (ours / reference saves/s) {ratio:.2f}"
    )


@pytest.mark.postgres
@pytest.mark.parametrize(("workers", "threads"), [(2, 4), (2, 8), (3, 4), (4, 4), (4, 8)])
def test_serve_settings(settings, make_user, make_department, workers, threads):
    """What `tonggao serve` should run on this machine: saves/s and p99 per workers × threads."""
    department, admin = make_department("zonghe"), make_user("admin")
    server_settings = {k: settings[k] for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY")}
    ids, tokens = _sections_with_tokens(department, admin, make_user, "甲")
    result = _measure(OURS, server_settings, workers, threads, ids, tokens)
    print(f"\n{workers} workers × {threads} threads: {_line(result)}")


def _line(result: dict[str, float]) -> str:
    return (
        f"{result['saves_per_s']:6.0f} saves/s  p50 {result['p50_ms']:5.1f} ms  "
        f"p99 {result['p99_ms']:6.1f} ms"
    )


def _run_clients(base_url: str, section_ids: list[int], tokens: list[str]):
    """(start, end, status) of every measured save. Each client first saves WARMUP_SAVES times
    and waits for the others, so worker start-up and first connections are not measured."""
    results: list[tuple[float, float, int]] = []
    lock = threading.Lock()
    ready, go = threading.Barrier(len(tokens)), threading.Barrier(len(tokens))
    host = urlsplit(base_url)

    def client(i: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        headers = {"Authorization": f"Bearer {tokens[i]}", "Content-Type": "application/json"}
        ready.wait()
        for n in range(WARMUP_SAVES + SAVES_PER_CLIENT):
            if n == WARMUP_SAVES:
                go.wait()
            body = json.dumps({"base_revision": n + 1, "body": f"第{n}稿：今年工作稳中有进。"})
            start = time.perf_counter()
            connection.request(
                "POST", f"/api/v1/sections/{section_ids[i]}/revisions", body, headers
            )
            response = connection.getresponse()
            response.read()
            if n >= WARMUP_SAVES:
                with lock:
                    results.append((start, time.perf_counter(), response.status))
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
