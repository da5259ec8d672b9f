"""Attacks on logging in: open redirects, copied session cookies, throttling a whole office."""

from __future__ import annotations

import pytest

from conftest import TEST_PASSWORD
from webapp import create_app

OFF_SITE = [
    "//evil.example/",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "http:/evil.example",
    " //evil.example",
    "evil.example",
]


def _login(client, user, next_url: str):
    return client.post(
        "/login",
        query_string={"next": next_url},
        data={"username": user.username, "password": TEST_PASSWORD},
    )


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_after_login_never_leaves_the_site(client, make_user, target):
    response = _login(client, make_user("drafter"), target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_after_login_keeps_a_same_site_path(client, make_user):
    response = _login(client, make_user("drafter"), "/notifications?page=2#top")
    assert response.headers["Location"] == "/notifications?page=2#top"


@pytest.mark.parametrize("target", OFF_SITE)
def test_language_switch_never_leaves_the_site(client, target):
    response = client.post("/lang/en", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_cookie_copied_before_logout_no_longer_works(client, app, login_as):
    login_as("drafter")
    copied = client.get_cookie("tonggao_session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("tonggao_session", copied)
    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_changing_ones_password_ends_other_sessions_but_not_this_one(app, client, login_as):
    user = login_as("drafter")
    other = app.test_client()
    other.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert other.get("/").status_code == 200
    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "a-new-password",
            "confirm": "a-new-password",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    again = app.test_client().post(
        "/login", data={"username": user.username, "password": "a-new-password"}
    )
    assert again.status_code == 302


def test_wrong_current_password_is_a_form_message(client, login_as):
    login_as("drafter")
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong-one!",
            "new_password": "abcdefgh1",
            "confirm": "abcdefgh1",
        },
    )
    assert response.status_code == 200 and "当前密码不正确" in response.text


def test_one_users_failures_do_not_lock_out_colleagues_behind_the_same_address(client, make_user):
    guessed, colleague = make_user("drafter"), make_user("drafter")
    for _ in range(10):
        client.post("/login", data={"username": guessed.username, "password": "x" * 9})
    assert (
        client.post(
            "/login", data={"username": guessed.username, "password": TEST_PASSWORD}
        ).status_code
        == 429
    )
    response = client.post(
        "/login", data={"username": colleague.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_spraying_many_accounts_from_one_address_is_throttled(app, client, make_user):
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "5 per 15 minutes"
    user = make_user("drafter")
    for n in range(5):
        client.post("/login", data={"username": f"nobody{n}", "password": "x" * 9})
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(settings, make_user):
    app = create_app({**settings, "TRUSTED_PROXIES": 1, "LOGIN_ADDRESS_RATE_LIMIT": "3 per hour"})
    client = app.test_client()
    for n in range(3):
        client.post(
            "/login",
            data={"username": f"nobody{n}", "password": "x" * 9},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
    blocked = client.post(
        "/login",
        data={"username": "x", "password": "y"},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    other = client.post(
        "/login",
        data={"username": "x", "password": "y"},
        headers={"X-Forwarded-For": "203.0.113.8"},
    )
    assert (blocked.status_code, other.status_code) == (429, 401)


def test_without_trusted_proxies_forwarded_headers_are_ignored(settings):
    app = create_app({**settings, "LOGIN_ADDRESS_RATE_LIMIT": "3 per hour"})
    client = app.test_client()
    for n in range(3):
        client.post(
            "/login",
            data={"username": f"nobody{n}", "password": "x" * 9},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
    assert client.post("/login", data={"username": "x", "password": "y"}).status_code == 429
