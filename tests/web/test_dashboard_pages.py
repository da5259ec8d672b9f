"""The dashboard per role and the report page: tasks, overdue in red, SVG progress chart."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import Report
from webapp.services import reports
from webapp.services.deadlines import china_today

TODAY = china_today()


@pytest.fixture
def departments(make_department):
    return make_department("zonghe", "综合规划股"), make_department("xiangmu", "项目管理股")


@pytest.fixture
def report(make_user, departments) -> Report:
    """Four sections: 综合 draft overdue, 综合 submitted, 项目 approved, one unassigned."""
    outline = simple_outline(
        ("总体情况", "正文。"), ("存在问题", "正文。"), ("下一步打算", "正文。"), ("附记", "正文。")
    )
    report = reports.create_from_outline(outline, make_user("admin", None))
    first, second, third, fourth = sorted(report.sections, key=lambda s: s.position)
    zonghe, xiangmu = departments
    first.department, first.deadline = zonghe, TODAY - timedelta(days=1)
    second.department, second.status = zonghe, "submitted"
    third.department, third.status = xiangmu, "approved"
    fourth.department = None
    report.deadline = TODAY + timedelta(days=10)
    db.session.commit()
    return report


def rows(html: str, testid: str) -> list[str]:
    return re.findall(rf'<tr[^>]*data-testid="{testid}".*?</tr>', html, re.S)


def test_drafter_dashboard_lists_sections_to_draft_with_overdue_in_red(
    client, login_as, report, departments
):
    login_as("drafter", departments[0])
    page = client.get("/").text
    assert "待我起草的章节" in page
    tasks = rows(page, "task")
    assert len(tasks) == 1 and "总体情况" in tasks[0]
    assert 'data-overdue="1"' in tasks[0] and "已逾期" in tasks[0] and "text-danger" in tasks[0]


def test_reviewer_dashboard_lists_sections_waiting_for_review(
    client, login_as, report, departments
):
    login_as("reviewer", departments[0])
    page = client.get("/").text
    tasks = rows(page, "task")
    assert "待我审核的章节" in page and len(tasks) == 1 and "存在问题" in tasks[0]
    second = sorted(report.sections, key=lambda s: s.position)[1]
    assert f"/sections/{second.id}/review" in tasks[0]


def test_reviewer_of_another_department_has_nothing_to_review(client, login_as, report):
    login_as("reviewer")
    assert 'data-testid="no-tasks"' in client.get("/").text


def test_leader_dashboard_shows_reports_ready_to_sign_off_and_completion_bars(
    client, login_as, report
):
    login_as("leader", None)
    page = client.get("/").text
    assert "没有等待签发的报告" in page
    assert page.count('data-testid="report-bar"') == 1 and "25%" in page
    for section in report.sections:
        section.status = "approved"
    report.status = "in_review"
    db.session.commit()
    page = client.get("/").text
    ready = page[page.index('data-testid="ready-to-sign-off"') :]
    assert "某局2026年工作总结" in ready and f"/reports/{report.id}/sign-off" in ready


def test_admin_dashboard_lists_sections_without_a_department(client, login_as, report):
    login_as("admin", None)
    page = client.get("/").text
    tasks = rows(page, "task")
    assert "未分配部门的章节" in page and len(tasks) == 1 and "附记" in tasks[0]


def test_an_overdue_report_is_highlighted_on_the_dashboard(client, login_as, report):
    report.deadline = TODAY - timedelta(days=3)
    db.session.commit()
    login_as("leader", None)
    page = client.get("/").text
    assert 'data-overdue="1"' in page and "已逾期" in page


def test_report_page_shows_every_section_with_department_status_and_deadlines(
    client, login_as, report
):
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}").text
    sections = rows(page, "section-row")
    assert len(sections) == 4
    assert "综合规划股" in sections[0] and "起草中" in sections[0]
    assert 'data-overdue="1"' in sections[0] and "已逾期" in sections[0]
    assert "已通过" in sections[2] and "data-overdue" not in sections[2]
    assert "未分配" in sections[3]
    report_deadline = report.deadline
    assert f"{report_deadline.year}年{report_deadline.month}月{report_deadline.day}日" in page
    assert "（报告）" in sections[1]  # the report's deadline stands in for the section's
    assert "1 个章节已逾期" in page


def test_report_page_draws_a_stacked_bar_per_department(client, login_as, report):
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}").text
    chart = page[page.index('data-testid="department-chart"') : page.index("</svg>")]
    segments = re.findall(r'width="([\d.]+)"[^>]*data-status="(\w+)" data-count="(\d+)"', chart)
    # 综合: submitted + draft; 项目: approved; unassigned: draft. Lengths scale with counts.
    assert [(status, count) for _w, status, count in segments] == [
        ("submitted", "1"),
        ("draft", "1"),
        ("approved", "1"),
        ("draft", "1"),
    ]
    assert len({width for width, _s, _c in segments}) == 1
    assert "综合规划股" in chart and "项目管理股" in chart and "未分配部门" in chart
    assert "<script" not in chart


def test_report_page_offers_sign_off_to_leaders_only_when_everything_is_approved(
    client, login_as, report
):
    login_as("leader", None)
    assert 'data-testid="sign-off"' not in client.get(f"/reports/{report.id}").text
    for section in report.sections:
        section.status = "approved"
    report.status = "in_review"
    db.session.commit()
    assert 'data-testid="sign-off"' in client.get(f"/reports/{report.id}").text


def test_report_page_escapes_headings(client, login_as, make_user):
    outline = simple_outline(("<script>alert(1)</script>", "正文。"))
    report = reports.create_from_outline(outline, make_user("admin", None))
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
