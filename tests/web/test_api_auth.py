"""API authentication: 401 JSON for anonymous calls, bearer tokens, JSON errors."""

from __future__ import annotations

from webapp.services import accounts


def test_anonymous_api_call_gets_json_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "error" in response.json


def test_bearer_token_authenticates(client, make_user):
    user = make_user("reviewer")
    token = accounts.issue_token(user.username)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json["username"] == user.username and response.json["role"] == "reviewer"


def test_wrong_token_is_401(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer tg_forged"})
    assert response.status_code == 401


def test_unknown_api_path_is_json_404(client, make_user):
    user = make_user("leader")
    token = accounts.issue_token(user.username)
    response = client.get("/api/v1/nothing", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404 and response.is_json


def test_openapi_document_is_public_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json["openapi"].startswith("3.")


def test_report_outline_requires_read_access(client, make_user, make_report, make_department):
    report = make_report(department=make_department("zonghe"))
    outsider = make_user("drafter")
    token = accounts.issue_token(outsider.username)
    response = client.get(
        f"/api/v1/reports/{report.id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403 and response.is_json
