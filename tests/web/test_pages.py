"""Error pages and language: Chinese by default, English on request."""

from __future__ import annotations


def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.text and 'lang="zh-Hans"' in response.text


def test_login_page_is_chinese_by_default_and_english_on_request(client):
    assert "用户名" in client.get("/login").text
    client.post("/lang/en", data={"next": "/login"})
    english = client.get("/login").text
    assert "Username" in english and 'lang="en"' in english


def test_dashboard_lists_reports_visible_to_the_drafter(
    client, login_as, make_report, make_department
):
    department = make_department("zonghe")
    make_report(department=department)
    login_as("drafter", department)
    page = client.get("/")
    assert "某局2026年工作总结" in page.text


def test_dashboard_hides_reports_of_other_departments(
    client, login_as, make_report, make_department
):
    make_report(department=make_department("zonghe"))
    login_as("drafter")
    page = client.get("/")
    assert "某局2026年工作总结" not in page.text and "暂无报告" in page.text
