"""Submit, review page (changes since the last decision, anchored comments), decisions, sign-off."""

from __future__ import annotations

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import Section
from webapp.services import accounts, drafting, reports, workflow

TEXT = "全年实现地区生产总值120亿元，同比增长5.2%。"


@pytest.fixture
def section(make_user, make_department):
    department = make_department("zonghe")
    admin = make_user("admin")
    report = reports.create_from_outline(simple_outline(("总体情况", "原稿。")), admin)
    section = report.sections[0]
    section.department = department
    db.session.commit()
    return section


def test_drafter_submits_and_reviewer_requests_changes_then_approves(
    client, make_user, login, section
):
    drafter = make_user("drafter", section.department)
    reviewer = make_user("reviewer", section.department)
    drafting.save_revision(section.id, drafter, 1, TEXT)
    login(drafter)
    client.post(f"/sections/{section.id}/submit")
    assert "已提交审核" in client.get(f"/sections/{section.id}").text
    client.post("/logout")

    login(reviewer)
    page = client.get(f"/sections/{section.id}/review")
    assert page.status_code == 200 and 'data-testid="review-changes"' in page.text
    start = TEXT.index("120亿元")
    client.post(
        f"/sections/{section.id}/comments",
        data={"revision": 2, "start": start, "end": start + 5, "body": "请核实"},
    )
    client.post(
        f"/sections/{section.id}/review",
        data={"revision": 2, "decision": "request_changes", "body": "数据需要核实"},
    )
    page = client.get(f"/sections/{section.id}/review")
    assert "退回修改" in page.text and '<mark class="comment-anchor"' in page.text
    client.post("/logout")
    login(drafter)
    editor = client.get(f"/sections/{section.id}").text
    assert 'data-testid="sent-back"' in editor and "数据需要核实" in editor
    client.post("/logout")

    drafting.save_revision(section.id, drafter, 2, TEXT.replace("120亿元", "121亿元"))
    login(drafter)
    client.post(f"/sections/{section.id}/submit")
    client.post("/logout")
    login(reviewer)
    page = client.get(f"/sections/{section.id}/review")
    assert "自第 2 版以来的修改" in page.text
    assert (
        '<del class="diff-del">0</del>' in page.text
        and '<ins class="diff-ins">1</ins>' in page.text
    )
    client.post(f"/sections/{section.id}/review", data={"revision": 3, "decision": "approve"})
    db.session.expire_all()  # the requests ran in their own sessions
    assert db.session.get(Section, section.id).status == "approved"


def test_stale_decision_from_an_old_page_is_a_message_not_an_error(
    client, make_user, login, section
):
    drafter = make_user("drafter", section.department)
    drafting.save_revision(section.id, drafter, 1, TEXT)
    login(make_user("reviewer", section.department))
    response = client.post(
        f"/sections/{section.id}/review", data={"revision": 1, "decision": "comment", "body": "x"}
    )
    assert response.status_code == 302
    assert "请阅读最新版本后再审核" in client.get(response.headers["Location"]).text


def test_workflow_api_contract(client, make_user, section):
    drafter = make_user("drafter", section.department)
    reviewer = make_user("reviewer", section.department)
    leader = make_user("leader", None)
    token = {u.username: accounts.issue_token(u.username) for u in (drafter, reviewer, leader)}

    def call(user, method, url, **kwargs):
        headers = {"Authorization": f"Bearer {token[user.username]}"}
        return client.open(url, method=method, headers=headers, **kwargs)

    call(
        drafter,
        "POST",
        f"/api/v1/sections/{section.id}/revisions",
        json={"base_revision": 1, "body": TEXT},
    )
    assert (
        call(drafter, "POST", f"/api/v1/sections/{section.id}/submit").json["status"] == "submitted"
    )
    bad = call(
        reviewer,
        "POST",
        f"/api/v1/sections/{section.id}/reviews",
        json={"revision": 2, "decision": "maybe"},
    )
    assert bad.status_code == 422
    ok = call(
        reviewer,
        "POST",
        f"/api/v1/sections/{section.id}/reviews",
        json={"revision": 2, "decision": "approve"},
    )
    assert ok.status_code == 201 and ok.json["status"] == "approved"
    patch = call(leader, "PATCH", f"/api/v1/sections/{section.id}", json={"deadline": "2026-12-31"})
    assert patch.json["deadline"] == "2026-12-31"
    assert (
        call(
            leader, "PATCH", f"/api/v1/sections/{section.id}", json={"deadline": "明天"}
        ).status_code
        == 422
    )
    assert (
        call(
            drafter, "PATCH", f"/api/v1/sections/{section.id}", json={"deadline": "2026-12-31"}
        ).status_code
        == 403
    )
    signed = call(leader, "POST", f"/api/v1/reports/{section.report_id}/sign-off")
    assert signed.status_code == 200 and signed.json["status"] == "signed_off"


def test_leader_assigns_departments_deadlines_and_countersign(
    client, login_as, section, make_department
):
    make_department("caiwu", "财务股")
    login_as("leader")
    page = client.get(f"/reports/{section.report_id}/assign")
    assert page.status_code == 200 and "总体情况" in page.text
    response = client.post(
        f"/reports/{section.report_id}/assign",
        data={
            "report_deadline": "2026-12-31",
            f"dept-{section.id}": "zonghe",
            f"deadline-{section.id}": "2026-12-20",
            f"countersign-{section.id}": "caiwu",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Section, section.id)
    assert saved.deadline.isoformat() == "2026-12-20"
    assert saved.report.deadline.isoformat() == "2026-12-31"
    assert [d.code for d in workflow.countersign_departments(saved)] == ["caiwu"]


def test_bad_assignment_is_a_form_message(client, login_as, section):
    login_as("admin")
    bad_date = client.post(
        f"/reports/{section.report_id}/assign",
        data={f"dept-{section.id}": "zonghe", f"deadline-{section.id}": "明天"},
    )
    assert bad_date.status_code == 422 and "日期格式应为 2026-11-25" in bad_date.text
    same = client.post(
        f"/reports/{section.report_id}/assign",
        data={f"dept-{section.id}": "zonghe", f"countersign-{section.id}": "zonghe"},
    )
    assert same.status_code == 422 and "会签部门不能是" in same.text


def test_drafters_cannot_assign(client, login_as, section):
    login_as("drafter", section.department)
    assert client.get(f"/reports/{section.report_id}/assign").status_code == 403


def test_submitting_text_with_placeholders_warns(client, make_user, login, section):
    drafter = make_user("drafter", section.department)
    drafting.save_revision(section.id, drafter, 1, "全年实现地区生产总值XX亿元。")
    login(drafter)
    response = client.post(f"/sections/{section.id}/submit")
    page = client.get(response.headers["Location"]).text
    assert "已提交审核" in page and "校对发现 1 处错误" in page
