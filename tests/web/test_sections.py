"""The section editor pages through the test client: save, autosave, conflict, history, diff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User
from webapp.services import drafting

BODY = "全年实现地区生产总值XX亿元，同比增长5.2%。"


@pytest.fixture
def section(make_report, make_department):
    return make_report(department=make_department("zonghe")).sections[0]


def test_editor_shows_text_status_and_findings(client, login_as, section):
    login_as("drafter", section.department)
    drafting.save_revision(section.id, _admin(section), 1, BODY)
    page = client.get(f"/sections/{section.id}")
    assert page.status_code == 200
    assert "总体情况" in page.text and "起草中" in page.text
    assert "XX" in page.text and 'data-testid="findings"' in page.text


def _admin(section):
    return db.session.scalar(select(User).where(User.role == "admin"))


def test_save_creates_a_revision_and_flashes_its_number(client, login_as, section):
    login_as("drafter", section.department)
    response = client.post(
        f"/sections/{section.id}/save",
        data={"base_revision": 1, "body": BODY, "message": "补充数据"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "已保存为第 2 版" in page.text


def test_user_html_is_escaped_in_editor_and_diff(client, login_as, section):
    login_as("drafter", section.department)
    evil = "<script>alert(1)</script>"
    client.post(f"/sections/{section.id}/save", data={"base_revision": 1, "body": evil})
    for path in (f"/sections/{section.id}", f"/sections/{section.id}/diff?from=1&to=2"):
        text = client.get(path).text
        assert evil not in text and "&lt;script&gt;" in text


def test_conflicting_save_redirects_to_the_conflict_view_with_both_texts(
    client, login_as, section, make_user
):
    other = make_user("drafter", section.department)
    base = "复工复产中遇到的用工、物流、资金等问题。"
    drafting.save_revision(section.id, other, 1, base)
    drafting.save_revision(section.id, other, 2, base.replace("用工", "用工招聘"))
    login_as("drafter", section.department)
    response = client.post(
        f"/sections/{section.id}/save",
        data={"base_revision": 2, "body": base.replace("用工", "人员")},
    )
    assert response.headers["Location"].endswith(f"/sections/{section.id}/conflict")
    page = client.get(response.headers["Location"])
    assert "保存冲突" in page.text and "用工招聘" in page.text and "人员" in page.text


def test_autosave_returns_status_and_fresh_findings(client, login_as, section):
    login_as("drafter", section.department)
    response = client.post(f"/sections/{section.id}/draft", data={"base_revision": 1, "body": BODY})
    assert response.status_code == 200
    assert "已自动保存" in response.text and "XX" in response.text
    assert "正在编辑" not in response.text
    reopened = client.get(f"/sections/{section.id}")
    assert BODY in reopened.text and "已恢复您未保存的草稿" in reopened.text


def test_history_lists_revisions_and_restore_adds_one(client, login_as, section):
    login_as("drafter", section.department)
    client.post(f"/sections/{section.id}/save", data={"base_revision": 1, "body": BODY})
    page = client.get(f"/sections/{section.id}/history")
    assert "第 2 版" in page.text and "第 1 版" in page.text
    client.post(f"/sections/{section.id}/restore/1")
    assert "第 3 版" in client.get(f"/sections/{section.id}/history").text


def test_other_department_cannot_open_or_save(client, login_as, section):
    login_as("drafter")
    assert client.get(f"/sections/{section.id}").status_code == 403
    response = client.post(f"/sections/{section.id}/save", data={"base_revision": 1, "body": "x"})
    assert response.status_code == 403 and "只有本部门" in response.text


def test_report_page_lists_sections_with_numbers(client, login_as, section):
    login_as("drafter", section.department)
    page = client.get(f"/reports/{section.report_id}")
    assert "一、总体情况" in page.text and "二、存在问题" in page.text
