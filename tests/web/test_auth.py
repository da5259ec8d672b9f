"""Logging in and out, rate limiting, CSRF, cookies, and who may open admin pages."""

from __future__ import annotations

import pytest
from flask import Flask

from conftest import TEST_PASSWORD
from webapp import create_app


def test_wrong_password_shows_a_form_error_and_no_session(client, make_user):
    user = make_user("drafter")
    response = client.post("/login", data={"username": user.username, "password": "nope-nope"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert client.get("/").status_code == 302


def test_login_sets_an_httponly_samesite_session_and_shows_the_dashboard(client, make_user):
    user = make_user("drafter")
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    assert page.status_code == 200 and "工作台" in page.text and user.display_name in page.text


def test_ten_failed_logins_are_rate_limited(client, make_user):
    user = make_user("drafter")
    for _ in range(10):
        assert (
            client.post("/login", data={"username": user.username, "password": "x" * 9}).status_code
            == 401
        )
    blocked = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert "尝试次数过多" in blocked.text
    assert client.get("/").status_code == 302


def test_successful_logins_do_not_count_against_the_limit(client, make_user):
    user = make_user("drafter")
    for _ in range(12):
        response = client.post(
            "/login", data={"username": user.username, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        client.post("/logout")


@pytest.fixture
def csrf_client(settings: dict) -> Flask:
    app = create_app({**settings, "WTF_CSRF_ENABLED": True})
    return app.test_client()


def test_post_without_csrf_token_is_rejected(csrf_client):
    response = csrf_client.post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "安全令牌" in response.text


def test_drafter_cannot_open_admin_pages(client, login_as):
    login_as("drafter")
    for path in ("/admin/users", "/admin/departments"):
        response = client.get(path)
        assert response.status_code == 403
        assert "无权访问" in response.text


def test_admin_creates_a_department_and_sees_duplicate_as_form_error(client, login_as):
    login_as("admin")
    assert (
        client.post("/admin/departments", data={"code": "caiwu", "name": "财务科"}).status_code
        == 302
    )
    again = client.post("/admin/departments", data={"code": "caiwu", "name": "财务科"})
    assert again.status_code == 200 and "部门代码已存在" in again.text


def test_logout_requires_post_and_ends_the_session(client, login_as):
    login_as("leader")
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client, make_user):
    user = make_user("drafter")
    response = client.post(
        "/login?next=//evil.example/", data={"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/reports/1",
        "/sections/1",
        "/sections/1/review",
        "/notifications",
        "/reports/1/documents",
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
