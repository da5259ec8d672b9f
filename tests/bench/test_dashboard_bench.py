"""Dashboard and report page server time with 1,000 reports × 50 sections (50,000 sections).

Run: .venv/bin/python -m pytest tests/bench/test_dashboard_bench.py --benchmark-enable \
         -o addopts="" -p no:cacheprovider --import-mode=importlib

Each round is one GET through the Flask test client (routing, the queries, rendering): the
leader's dashboard lists every report with its completion bar, the drafter's and reviewer's
show their (capped) task lists, the report page one report's 50 sections with the
department chart. Rows are bulk-inserted with SQLAlchemy Core; runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import insert, text

from webapp.extensions import db
from webapp.models import Report, Revision, Section, SectionCountersign
from webapp.models.types import utcnow
from webapp.services.deadlines import china_today

REPORTS = 1_000
SECTIONS_PER_REPORT = 50
STATUSES = ("approved", "submitted", "changes_requested", "draft")
BODY = "全年实现地区生产总值120亿元，同比增长5.2%。固定资产投资完成80亿元。" * 3

pytestmark = pytest.mark.both_databases


@pytest.fixture
def organisation(make_department, make_user) -> dict:
    departments = [make_department(f"dept{i}", f"第{i}科") for i in range(5)]
    return {
        "departments": departments,
        "leader": make_user("leader", None),
        "admin": make_user("admin", None),
        "drafter": make_user("drafter", departments[0]),
        "reviewer": make_user("reviewer", departments[0]),
    }


@pytest.fixture
def big_data(organisation: dict) -> int:
    """1,000 reports of 50 sections each, with revisions and 会签 rows; returns a report id."""
    now, today = utcnow(), china_today()
    departments = [d.id for d in organisation["departments"]]
    sha = hashlib.sha256(BODY.encode()).hexdigest()
    reports, sections, revisions, countersigns = [], [], [], []
    for r in range(1, REPORTS + 1):
        reports.append(
            {
                "id": r,
                "title": f"某局2026年第{r}号工作总结",
                "year": 2026,
                "kind": "工作总结",
                "status": "in_review" if r % 10 == 0 else "drafting",
                "deadline": today + timedelta(days=r % 30 - 10),
                "created_at": now,
                "updated_at": now,
            }
        )
        for p in range(1, SECTIONS_PER_REPORT + 1):
            section_id = (r - 1) * SECTIONS_PER_REPORT + p
            sections.append(
                {
                    "id": section_id,
                    "report_id": r,
                    "position": p,
                    "level": 1,
                    "kind": "numbered",
                    "heading": f"第{p}项重点工作",
                    "department_id": departments[(r + p) % len(departments)],
                    "status": "approved" if r % 10 == 0 else STATUSES[(r * p) % 4],
                    "deadline": today + timedelta(days=p % 7 - 3) if p % 3 else None,
                    "head_revision": 1,
                    "head_sha256": sha,
                    "updated_at": now,
                }
            )
            revisions.append({"section_id": section_id, "number": 1, "body": BODY, "sha256": sha})
            if p % 10 == 0:
                countersigns.append({"section_id": section_id, "department_id": departments[0]})
    for model, rows in (
        (Report, reports),
        (Section, sections),
        (Revision, revisions),
        (SectionCountersign, countersigns),
    ):
        db.session.execute(insert(model.__table__), rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load; without statistics the planner
        # takes the reviewer's task query for a tiny table (100 ms instead of 7 ms).
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return REPORTS // 2


def measure(benchmark, client, path: str, sql_statements: list[str]) -> str:
    sql_statements.clear()
    first = client.get(path)
    assert first.status_code == 200
    benchmark.extra_info["sql_statements"] = len(sql_statements)
    benchmark.extra_info["html_kib"] = round(len(first.data) / 1024)
    response = benchmark.pedantic(client.get, args=(path,), rounds=5, iterations=1, warmup_rounds=1)
    return response.text


@pytest.mark.parametrize("role", ["leader", "drafter", "reviewer"])
def test_dashboard(benchmark, client, login, organisation, big_data, sql_statements, role):
    login(organisation[role])
    page = measure(benchmark, client, "/", sql_statements)
    if role == "leader":
        assert page.count('data-testid="report-bar"') == REPORTS
    else:
        assert 'data-testid="task"' in page


def test_report_page(benchmark, client, login, organisation, big_data, sql_statements):
    login(organisation["drafter"])
    page = measure(benchmark, client, f"/reports/{big_data}", sql_statements)
    assert page.count('data-testid="section-row"') == SECTIONS_PER_REPORT
