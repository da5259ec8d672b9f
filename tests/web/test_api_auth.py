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


def test_token_lookup_is_cached_but_revocation_and_expiry_still_count(
    client, make_user, sql_statements
):
    from datetime import timedelta

    from webapp.extensions import db
    from webapp.models import ApiToken
    from webapp.models.types import utcnow
    from webapp.services import token_cache

    user = make_user("drafter")
    token = accounts.issue_token(user.username)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    sql_statements.clear()
    assert client.get("/api/v1/me", headers=headers).json["username"] == user.username
    assert not [s for s in sql_statements if "api_token" in s]

    db.session.query(ApiToken).update({"revoked_at": utcnow()})
    db.session.commit()
    token_cache.forget_user(user.id)
    assert client.get("/api/v1/me", headers=headers).status_code == 401

    expiring = accounts.issue_token(user.username)
    db.session.query(ApiToken).filter(ApiToken.revoked_at.is_(None)).update(
        {"expires_at": utcnow() - timedelta(seconds=1)}
    )
    db.session.commit()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {expiring}"}).status_code == 401
    )
