"""The navbar's unread badge and the notification list: read one, read all, open a link."""

from __future__ import annotations

import re

import pytest

from webapp.extensions import db
from webapp.services import notifications


@pytest.fixture
def user(login_as):
    return login_as("drafter")


def notify(user, *messages: str, link: str = "/") -> None:
    for message in messages:
        notifications.notify([user], "test", message, link)
    db.session.commit()


def badge(html: str) -> str:
    return re.search(r'data-testid="unread-count"[^>]*>(\d+)<', html).group(1)


def test_navbar_shows_the_unread_count(client, user):
    notify(user, "第一条", "第二条")
    assert badge(client.get("/").text) == "2"


def test_anonymous_pages_have_no_badge_and_the_list_needs_a_login(client):
    assert 'data-testid="unread-count"' not in client.get("/login").text
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_list_shows_newest_first_with_unread_marked(client, user, make_user):
    notify(user, "《报告》总体情况已提交审核", "《报告》存在问题被退回修改")
    notify(make_user("drafter"), "别人的通知")
    page = client.get("/notifications").text
    assert page.index("被退回修改") < page.index("已提交审核")
    assert page.count('data-testid="notification"') == 2 and "别人的通知" not in page
    assert page.count("未读") >= 2


def test_marking_one_read_updates_the_badge(client, user):
    notify(user, "第一条", "第二条")
    first = notifications.list_for(user, 1)[-1]
    response = client.post(f"/notifications/{first.id}/read")
    assert response.status_code == 302
    assert badge(client.get("/notifications").text) == "1"


def test_htmx_mark_read_returns_the_row_and_an_out_of_band_badge(client, user):
    notify(user, "第一条", "第二条")
    first = notifications.list_for(user, 1)[-1]
    response = client.post(f"/notifications/{first.id}/read", headers={"HX-Request": "true"})
    assert f'id="notification-{first.id}"' in response.text and "<html" not in response.text
    assert 'hx-swap-oob="true"' in response.text and badge(response.text) == "1"
    assert "标为已读" not in response.text  # the row is read now: no button left


def test_mark_all_read(client, user):
    notify(user, "一", "二", "三")
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "已将 3 条通知标为已读" in response.text and badge(response.text) == "0"


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(client, user):
    notify(user, "请审核", link="/sections/42/review")
    item = notifications.list_for(user, 1)[0]
    response = client.post(f"/notifications/{item.id}/open")
    assert response.headers["Location"] == "/sections/42/review"
    assert notifications.unread_count(user) == 0


def test_an_off_site_link_is_never_followed(client, user):
    notify(user, "可疑链接", link="//evil.example.com/")
    item = notifications.list_for(user, 1)[0]
    assert client.post(f"/notifications/{item.id}/open").headers["Location"] == "/notifications"


def test_another_users_notification_is_not_found(client, user, make_user):
    other = make_user("drafter")
    notify(other, "别人的通知")
    item = notifications.list_for(other, 1)[0]
    assert client.post(f"/notifications/{item.id}/read").status_code == 404
    assert notifications.unread_count(other) == 1


def test_forms_need_the_csrf_token(client, user, app):
    notify(user, "一")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/notifications/read-all").status_code == 400
    assert 'name="csrf_token"' in client.get("/notifications").text
    assert notifications.unread_count(user) == 1


def test_the_list_is_paginated(client, user):
    notify(user, *[f"消息{i}" for i in range(notifications.PAGE_SIZE + 1)])
    first = client.get("/notifications").text
    assert "第 1 页，共 2 页" in first and "消息0<" not in first
    assert "消息0<" in client.get("/notifications?page=2").text
    assert client.get("/notifications?page=0").status_code == 422


def test_a_partial_render_runs_no_unread_query(client, user, sql_statements):
    """The badge is computed only when base.html renders, not for htmx partials."""
    notify(user, "一")
    item = notifications.list_for(user, 1)[0]
    sql_statements.clear()
    client.post(f"/notifications/{item.id}/read", headers={"HX-Request": "true"})
    counts = [s for s in sql_statements if "count(" in s.lower()]
    assert len(counts) == 1  # the out-of-band badge, nothing more
