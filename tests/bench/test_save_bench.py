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
from urllib.parse import urlsplit

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from werkzeug.test import EnvironBuilder

from conftest import simple_outline
from support.processes import gunicorn_server
from support.prose import report_text, revise_places
from webapp.extensions import db
from webapp.services import accounts, audit, drafting, reports
from webapp.text.diff import diff

CLIENTS = 50
ROUNDS = 15
SAVES_PER_CLIENT = 10


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


def test_diff_endpoint_against_the_bare_library(app, section, make_user, benchmark):
    """The endpoint's whole server-side cost (WSGI in → JSON out, auth and queries included)
    against diff() alone, on two 50,000-character revisions differing in 1% of places."""
    drafter = make_user("drafter", section.department)
    old = report_text(50_000, seed=1)
    new = revise_places(old, 0.01, seed=2)
    drafting.save_revision(section.id, drafter, 1, old)
    drafting.save_revision(section.id, drafter, 2, new)
    token = accounts.issue_token(drafter.username)
    builder = EnvironBuilder(
        path=f"/api/v1/sections/{section.id}/diff",
        query_string="from=2&to=3",
        headers={"Authorization": f"Bearer {token}"},
    )

    def request() -> bytes:
        statuses: list[str] = []
        body = b"".join(
            app.wsgi_app(builder.get_environ(), lambda s, h, e=None: statuses.append(s))
        )
        assert statuses == ["200 OK"]
        return body

    bare = min(_timed(lambda: diff(old, new)) for _ in range(ROUNDS))
    benchmark.pedantic(request, rounds=ROUNDS)
    endpoint = benchmark.stats.stats.min
    benchmark.extra_info.update(bare_s=bare, endpoint_s=endpoint, ratio=endpoint / bare)
    print(
        f"\nbare diff {bare * 1000:.1f} ms, endpoint {endpoint * 1000:.1f} ms, "
        f"ratio {endpoint / bare:.2f}"
    )


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


@pytest.mark.postgres
def test_concurrent_clients_against_gunicorn(
    settings, make_user, make_department, benchmark: BenchmarkFixture, backend
):
    department = make_department("zonghe")
    admin = make_user("admin")
    outline = simple_outline(*[(f"第{i}节", "原稿。") for i in range(CLIENTS)])
    report = reports.create_from_outline(outline, admin)
    for section in report.sections:
        section.department = department
    db.session.commit()
    section_ids = [section.id for section in sorted(report.sections, key=lambda s: s.position)]
    tokens = [
        accounts.issue_token(make_user("drafter", department).username) for _ in range(CLIENTS)
    ]
    server_settings = {k: settings[k] for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY")}
    server, base_url = gunicorn_server(server_settings, workers=4, threads=8)
    try:
        latencies = benchmark.pedantic(
            _run_clients, args=(base_url, section_ids, tokens), rounds=1, iterations=1
        )
    finally:
        server.stop()
    elapsed = benchmark.stats.stats.max
    ok = [latency for latency, status in latencies if status == 201]
    ok.sort()
    summary = {
        "saves": len(ok),
        "saves_per_s": len(ok) / elapsed,
        "p50_ms": statistics.median(ok) * 1000,
        "p99_ms": ok[int(len(ok) * 0.99) - 1] * 1000,
    }
    benchmark.extra_info.update(summary)
    print(f"\n{CLIENTS} clients × {SAVES_PER_CLIENT} saves: {summary}")
    assert len(ok) == CLIENTS * SAVES_PER_CLIENT


def _run_clients(base_url: str, section_ids: list[int], tokens: list[str]):
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))
    host = urlsplit(base_url)

    def client(i: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        headers = {"Authorization": f"Bearer {tokens[i]}", "Content-Type": "application/json"}
        barrier.wait()
        for n in range(SAVES_PER_CLIENT):
            body = json.dumps({"base_revision": n + 1, "body": f"第{n}稿：今年工作稳中有进。"})
            start = time.perf_counter()
            connection.request(
                "POST", f"/api/v1/sections/{section_ids[i]}/revisions", body, headers
            )
            response = connection.getresponse()
            response.read()
            with lock:
                results.append((time.perf_counter() - start, response.status))
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
