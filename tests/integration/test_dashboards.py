"""Dashboards and the report page: each role's tasks, progress, and a constant query count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import Report, Review, Revision, Section, SectionCountersign
from webapp.services import dashboards, reports
from webapp.services.deadlines import china_today

TODAY = china_today()


@pytest.fixture
def org(make_department, make_user) -> dict:
    own, other = make_department("zonghe"), make_department("xiangmu")
    return {
        "own": own,
        "other": other,
        "drafter": make_user("drafter", own),
        "reviewer": make_user("reviewer", own),
        "leader": make_user("leader", None),
        "admin": make_user("admin", None),
    }


def add_reports(org: dict, count: int, sections: int = 4) -> list[Report]:
    """`count` reports whose sections cycle through every case the pages distinguish:
    own/other/no department, each status, own/report/no deadline, overdue or not, a 会签,
    an approval already given; every third report is in review with all sections approved."""
    made = []
    for _ in range(count):
        items = [(f"第{i}项工作", f"正文{i}。") for i in range(sections)]
        report = reports.build_report(simple_outline(*items), org["admin"])
        report.deadline = TODAY + timedelta(days=len(made) % 5 - 2)
        ready = len(made) % 3 == 0
        for position, section in enumerate(report.sections):
            _shape(section, org, position, ready)
        report.status = "in_review" if ready else "drafting"
        made.append(report)
    db.session.commit()
    return made


def _shape(section: Section, org: dict, position: int, ready: bool) -> None:
    section.department = (org["own"], org["other"], None, org["own"])[position % 4]
    section.status = (
        "approved" if ready else ("draft", "submitted", "changes_requested")[position % 3]
    )
    section.deadline = (TODAY - timedelta(days=1), None, TODAY + timedelta(days=9))[position % 3]
    db.session.flush()
    if position % 4 == 1:
        db.session.add(SectionCountersign(section_id=section.id, department_id=org["own"].id))
    if position % 4 == 3 and section.status == "submitted":
        revision = db.session.scalar(select(Revision).where(Revision.section_id == section.id))
        db.session.add(
            Review(
                section_id=section.id,
                revision_id=revision.id,
                text_sha256=section.head_sha256,
                reviewer_id=org["reviewer"].id,
                department_id=org["own"].id,
                decision="approve",
            )
        )


# --- what each role is asked to do ----------------------------------------------------------


def test_drafters_see_their_departments_open_sections_most_urgent_first(org):
    add_reports(org, 3)
    tasks = dashboards.for_user(org["drafter"]).tasks
    assert tasks.total == len(tasks.items) > 0
    assert {task.status for task in tasks.items} <= {"draft", "changes_requested"}
    own_ids = set(
        db.session.scalars(select(Section.id).where(Section.department_id == org["own"].id))
    )
    assert {task.section_id for task in tasks.items} <= own_ids
    deadlines = [task.deadline for task in tasks.items if task.deadline]
    assert deadlines == sorted(deadlines)
    assert any(task.is_overdue(TODAY) for task in tasks.items)


def test_reviewers_see_submitted_sections_of_their_department_and_countersigns(org):
    add_reports(org, 6)
    tasks = dashboards.for_user(org["reviewer"]).tasks
    sections = {s.id: s for s in db.session.scalars(select(Section))}
    countersigned = set(db.session.scalars(select(SectionCountersign.section_id)))
    approved_by_us = set(db.session.scalars(select(Review.section_id)))
    expected = {
        s.id
        for s in sections.values()
        if s.status == "submitted"
        and (s.department_id == org["own"].id or s.id in countersigned)
        and s.id not in approved_by_us
    }
    assert expected and {task.section_id for task in tasks.items} == expected
    assert any(sections[i].department_id == org["other"].id for i in expected)  # via 会签


def test_leaders_see_reports_ready_to_sign_off_and_every_report(org):
    made = add_reports(org, 6)
    board = dashboards.for_user(org["leader"])
    assert board.tasks is None and len(board.reports) == 6
    assert {item.report.id for item in board.ready_to_sign_off} == {made[0].id, made[3].id}
    assert all(item.approved_percent == 100 for item in board.ready_to_sign_off)


def test_admins_see_sections_without_a_department(org):
    add_reports(org, 3)
    tasks = dashboards.for_user(org["admin"]).tasks
    unassigned = db.session.scalars(select(Section.id).where(Section.department_id.is_(None)))
    # sections of reports in review are still open; signed-off ones would be left out
    assert {task.section_id for task in tasks.items} == set(unassigned)


def test_long_task_lists_show_the_most_urgent_and_count_the_rest(org, monkeypatch):
    monkeypatch.setattr(dashboards, "TASK_LIMIT", 5)
    add_reports(org, 10)
    tasks = dashboards.for_user(org["drafter"]).tasks
    assert len(tasks.items) == 5 and tasks.total > 5 and tasks.hidden == tasks.total - 5


def test_report_overview_counts_per_department_and_flags_overdue_sections(org):
    report = add_reports(org, 2, sections=8)[1]
    overview = dashboards.report_overview(report.id, org["admin"], TODAY)
    by_name = {d.name: d for d in overview.departments}
    assert set(by_name) == {"zonghe科", "xiangmu科", None}
    assert sum(d.total for d in overview.departments) == 8
    assert by_name["zonghe科"].total == 4 and by_name[None].total == 2
    overdue = [line for line in overview.lines if line.is_overdue]
    assert overdue and all(line.deadline < TODAY for line in overdue)
    inherited = [line for line in overview.lines if line.section.deadline is None]
    assert all(line.deadline == report.deadline for line in inherited)
    assert [line.number for line in overview.lines[:3]] == ["一、", "二、", "三、"]


def test_is_overdue_ignores_approved_sections_and_sections_without_deadline():
    yesterday = date(2026, 11, 24)
    assert dashboards.is_overdue(yesterday, "draft", date(2026, 11, 25))
    assert not dashboards.is_overdue(yesterday, "approved", date(2026, 11, 25))
    assert not dashboards.is_overdue(None, "draft", date(2026, 11, 25))
    assert not dashboards.is_overdue(date(2026, 11, 25), "draft", date(2026, 11, 25))


# --- constant number of queries -------------------------------------------------------------


def statements_for(client, path: str, sql_statements: list[str]) -> int:
    sql_statements.clear()
    response = client.get(path)
    assert response.status_code == 200
    return len(sql_statements)


@pytest.mark.parametrize("role", ["drafter", "reviewer", "leader", "admin"])
def test_dashboard_query_count_does_not_grow_with_reports(client, login, org, sql_statements, role):
    login(org[role])
    add_reports(org, 3)
    with_3 = statements_for(client, "/", sql_statements)
    add_reports(org, 27)
    with_30 = statements_for(client, "/", sql_statements)
    assert with_3 == with_30 <= 6, sql_statements


@pytest.mark.parametrize("role", ["drafter", "leader"])
def test_report_page_query_count_does_not_grow_with_sections(
    client, login, org, sql_statements, role
):
    login(org[role])
    small, large = add_reports(org, 2, sections=3)[1], add_reports(org, 2, sections=30)[1]
    with_3 = statements_for(client, f"/reports/{small.id}", sql_statements)
    with_30 = statements_for(client, f"/reports/{large.id}", sql_statements)
    # 9 for the page, 2 for the sign-off checklist (head texts, 会签 chips), 1 for open
    # suggestion counts, 1 for review claims.
    assert with_3 == with_30 <= 13, sql_statements
