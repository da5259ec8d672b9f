"""The sections JSON API: contract shapes, bad input as JSON 4xx, authorization."""

from __future__ import annotations

import pytest

from webapp.services import accounts


@pytest.fixture
def section(make_report, make_department):
    return make_report(department=make_department("zonghe")).sections[0]


@pytest.fixture
def auth(make_user, section):
    def headers(role: str = "drafter", same_department: bool = True) -> dict[str, str]:
        department = section.department if same_department else "auto"
        user = make_user(role, None if role in ("admin", "leader") else department)
        return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}

    return headers


def test_get_section_returns_the_contract_fields(client, section, auth):
    response = client.get(f"/api/v1/sections/{section.id}", headers=auth())
    assert response.status_code == 200
    assert {"id", "heading", "body", "revision", "status", "department"} <= response.json.keys()
    assert response.json["revision"] == 1 and response.json["department"] == "zonghe"


def test_save_merge_and_conflict_through_the_api(client, section, auth):
    headers = auth()
    url = f"/api/v1/sections/{section.id}/revisions"
    base = "复工复产中遇到的用工、物流、资金等问题。"
    assert client.post(url, json={"base_revision": 1, "body": base}, headers=headers).json == {
        "revision": 2,
        "merged": False,
        "created": True,
    }
    client.post(
        url, json={"base_revision": 2, "body": base.replace("用工", "用工招聘")}, headers=headers
    )
    merged = client.post(
        url, json={"base_revision": 2, "body": base.replace("资金", "资金链")}, headers=headers
    )
    assert merged.status_code == 201 and merged.json["merged"] is True
    conflict = client.post(
        url, json={"base_revision": 2, "body": base.replace("用工", "人员")}, headers=headers
    )
    assert conflict.status_code == 409
    assert conflict.json["head"] == 4 and conflict.json["error"]
    draft = client.get(f"/api/v1/sections/{section.id}/draft", headers=headers).json
    assert draft["body"] == base.replace("用工", "人员") and draft["has_conflict"] is True


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "not json", "content_type": "text/plain"}, 400),
        ({"json": [1, 2]}, 400),
        ({"json": {"body": "x"}}, 422),
        ({"json": {"base_revision": "1", "body": "x"}}, 422),
        ({"json": {"base_revision": True, "body": "x"}}, 422),
        ({"json": {"base_revision": 1, "body": 5}}, 422),
        ({"json": {"base_revision": 99, "body": "x"}}, 422),
    ],
)
def test_bad_revision_requests_get_json_errors(client, section, auth, kwargs, status):
    response = client.post(f"/api/v1/sections/{section.id}/revisions", headers=auth(), **kwargs)
    assert response.status_code == status
    assert response.is_json and response.json["error"]


def test_body_over_the_limit_is_413(client, app, section, auth):
    body = "字" * (app.config["MAX_BODY_CHARS"] + 1)
    response = client.post(
        f"/api/v1/sections/{section.id}/revisions",
        json={"base_revision": 1, "body": body},
        headers=auth(),
    )
    assert response.status_code == 413 and response.is_json


def test_unknown_section_is_404_json(client, auth):
    response = client.get("/api/v1/sections/999999", headers=auth())
    assert response.status_code == 404 and response.is_json


@pytest.mark.parametrize(
    ("role", "same_department", "read", "write"),
    [
        ("drafter", True, 200, 201),
        ("reviewer", True, 200, 201),
        ("drafter", False, 403, 403),
        ("reviewer", False, 403, 403),
        ("leader", False, 200, 403),
        ("admin", False, 200, 201),
    ],
)
def test_authorization_matrix(client, section, auth, role, same_department, read, write):
    headers = auth(role, same_department)
    assert client.get(f"/api/v1/sections/{section.id}", headers=headers).status_code == read
    saved = client.post(
        f"/api/v1/sections/{section.id}/revisions",
        json={"base_revision": 1, "body": "新文字"},
        headers=headers,
    )
    assert saved.status_code == write


def test_autosave_history_and_diff(client, section, auth):
    headers = auth()
    put = client.put(
        f"/api/v1/sections/{section.id}/draft",
        json={"base_revision": 1, "body": "草稿"},
        headers=headers,
    )
    assert put.status_code == 200
    assert (
        client.get(f"/api/v1/sections/{section.id}/draft", headers=headers).json["body"] == "草稿"
    )
    client.post(
        f"/api/v1/sections/{section.id}/revisions",
        json={"base_revision": 1, "body": "今年工作稳中有进，成效明显。"},
        headers=headers,
    )
    history = client.get(f"/api/v1/sections/{section.id}/revisions", headers=headers).json[
        "revisions"
    ]
    assert [entry["number"] for entry in history] == [2, 1]
    ops = client.get(f"/api/v1/sections/{section.id}/diff?from=1&to=2", headers=headers).json["ops"]
    assert "".join(text for op, text in ops if op != 1) == "今年工作稳中有进。"
    assert "".join(text for op, text in ops if op != -1) == "今年工作稳中有进，成效明显。"
    bad = client.get(f"/api/v1/sections/{section.id}/diff?from=a&to=2", headers=headers)
    assert bad.status_code == 422


def test_session_api_write_needs_the_csrf_header(settings, make_user, section):
    from webapp import create_app

    app = create_app({**settings, "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    user = make_user("drafter", section.department)
    login_token = _csrf_token(client.get("/login").text)
    client.post(
        "/login",
        data={"username": user.username, "password": "correct-horse-42", "csrf_token": login_token},
    )
    token = _csrf_token(client.get("/").text)
    url = f"/api/v1/sections/{section.id}/revisions"
    assert client.post(url, json={"base_revision": 1, "body": "x"}).status_code == 400
    ok = client.post(url, json={"base_revision": 1, "body": "x"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 201


def _csrf_token(page: str) -> str:
    return page.split('name="csrf-token" content="')[1].split('"')[0]


def test_a_common_save_costs_four_statements(client, section, auth, sql_statements):
    """Token lookup cached, head compare-and-set (which also says whether a draft buffer
    exists and which report it is in), revision insert, search-index upsert and audit insert:
    nothing else in the common case."""
    headers = auth()
    url = f"/api/v1/sections/{section.id}/revisions"
    assert (
        client.post(url, json={"base_revision": 1, "body": "甲。"}, headers=headers).status_code
        == 201
    )
    sql_statements.clear()
    saved = client.post(url, json={"base_revision": 2, "body": "乙。"}, headers=headers)
    assert saved.status_code == 201
    assert len(sql_statements) == 4, sql_statements
    assert "search_entry" in sql_statements[2], sql_statements


def test_a_save_retires_the_autosaved_draft(client, section, auth):
    headers = auth()
    base = f"/api/v1/sections/{section.id}"
    client.put(f"{base}/draft", json={"base_revision": 1, "body": "草稿"}, headers=headers)
    assert client.get(f"{base}/draft", headers=headers).json["body"] == "草稿"
    client.post(f"{base}/revisions", json={"base_revision": 1, "body": "定稿。"}, headers=headers)
    assert client.get(f"{base}/draft", headers=headers).json["body"] is None


def test_diff_is_cacheable_forever_and_answers_304(client, section, auth, sql_statements):
    from webapp.api import diff_cache

    headers = auth()
    url = f"/api/v1/sections/{section.id}/revisions"
    client.post(
        url, json={"base_revision": 1, "body": "今年工作稳中有进，成效明显。"}, headers=headers
    )
    diff_url = f"/api/v1/sections/{section.id}/diff?from=1&to=2"
    diff_cache.clear()
    first = client.get(diff_url, headers=headers)
    assert first.status_code == 200 and first.headers["ETag"]
    assert {"private", "immutable"} <= set(
        first.headers["Cache-Control"].replace(" ", "").split(",")
    )
    sql_statements.clear()
    again = client.get(diff_url, headers=headers)
    assert again.data == first.data
    assert not [s for s in sql_statements if "revision.body" in s]  # served from the cache
    unchanged = client.get(diff_url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""
    other = client.get(f"/api/v1/sections/{section.id}/diff?from=2&to=1", headers=headers)
    assert other.headers["ETag"] != first.headers["ETag"]
    outsider = auth("drafter", same_department=False)
    assert (
        client.get(
            diff_url, headers={**outsider, "If-None-Match": first.headers["ETag"]}
        ).status_code
        == 403
    )


def test_an_autosave_arriving_after_the_save_leaves_no_stale_draft(client, section, auth):
    """The editor autosaves on blur, so the save click races an autosave of the same text."""
    headers = auth()
    base = f"/api/v1/sections/{section.id}"
    client.post(f"{base}/revisions", json={"base_revision": 1, "body": "定稿。"}, headers=headers)
    late = client.put(f"{base}/draft", json={"base_revision": 1, "body": "定稿。"}, headers=headers)
    assert late.status_code == 200
    assert client.get(f"{base}/draft", headers=headers).json["body"] is None


def test_the_editor_ignores_a_raced_autosave_equal_to_the_head(client, login, section, make_user):
    """Autosave and save of the same text can commit in either order: a draft that equals the
    head must not pin the editor to its old base."""
    from webapp.extensions import db
    from webapp.services import drafting

    drafter = make_user("drafter", section.department)
    drafting.save_revision(section.id, drafter, 1, "定稿。")
    drafting._upsert_draft(section.id, drafter.id, 1, "定稿。", has_conflict=False)
    db.session.commit()
    login(drafter)
    page = client.get(f"/sections/{section.id}").text
    assert 'name="base_revision" value="2"' in page
