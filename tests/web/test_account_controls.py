"""Account controls an office needs: deactivate, reset and change passwords, list, expire and
revoke API tokens — from the admin pages and the command line, ending sessions at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from conftest import TEST_PASSWORD
from webapp.extensions import db
from webapp.models import ApiToken
from webapp.models.types import utcnow
from webapp.services import accounts


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _logged_in_client(app, user):
    client = app.test_client()
    assert (
        client.post(
            "/login", data={"username": user.username, "password": TEST_PASSWORD}
        ).status_code
        == 302
    )
    return client


def test_deactivating_ends_sessions_and_tokens_at_once(app, client, login_as, make_user):
    login_as("admin")
    victim = make_user("drafter")
    their_browser = _logged_in_client(app, victim)
    token = accounts.issue_token(victim.username)
    assert app.test_client().get("/api/v1/me", headers=_bearer(token)).status_code == 200

    response = client.post(f"/admin/users/{victim.id}/deactivate")
    assert response.status_code == 302

    page = their_browser.get("/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    assert app.test_client().get("/api/v1/me", headers=_bearer(token)).status_code == 401
    assert "已停用" in client.get(f"/admin/users/{victim.id}").text


def test_admin_cannot_deactivate_themselves(client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}/deactivate")
    assert response.status_code == 422


def test_admin_password_reset_ends_the_users_sessions(app, client, login_as, make_user):
    login_as("admin")
    victim = make_user("reviewer")
    their_browser = _logged_in_client(app, victim)
    response = client.post(
        f"/admin/users/{victim.id}/password", data={"new_password": "brand-new-1"}
    )
    assert response.status_code == 302
    assert their_browser.get("/").status_code == 302
    fresh = app.test_client().post(
        "/login", data={"username": victim.username, "password": "brand-new-1"}
    )
    assert fresh.status_code == 302


def test_too_short_reset_password_is_a_form_message(client, login_as, make_user):
    login_as("admin")
    victim = make_user("reviewer")
    response = client.post(f"/admin/users/{victim.id}/password", data={"new_password": "short"})
    assert response.status_code == 422 and "8" in response.text


def test_admin_lists_and_revokes_a_token(app, client, login_as, make_user):
    login_as("admin")
    owner = make_user("leader")
    token = accounts.issue_token(owner.username)
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == owner.id))
    assert "有效" in client.get(f"/admin/users/{owner.id}").text
    client.post(f"/admin/users/{owner.id}/tokens/{token_id}/revoke")
    assert app.test_client().get("/api/v1/me", headers=_bearer(token)).status_code == 401
    assert "已吊销" in client.get(f"/admin/users/{owner.id}").text


def test_expired_token_gets_401(app, make_user):
    owner = make_user("leader")
    token = accounts.issue_token(owner.username)
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    api_token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get("/api/v1/me", headers=_bearer(token)).status_code == 401


def test_tokens_expire_after_the_configured_days_by_default(app, make_user):
    owner = make_user("leader")
    accounts.issue_token(owner.username)
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    lifetime = api_token.expires_at - api_token.created_at
    assert timedelta(days=89) < lifetime <= timedelta(days=90)


def test_drafters_cannot_use_the_admin_controls(client, login_as, make_user):
    login_as("drafter")
    victim = make_user("drafter")
    assert client.post(f"/admin/users/{victim.id}/deactivate").status_code == 403


def test_cli_deactivate_password_and_tokens(app, runner, make_user):
    user = make_user("drafter")
    token = accounts.issue_token(user.username)
    listed = runner.invoke(args=["users", "tokens", user.username])
    assert listed.exit_code == 0 and "active" in listed.output
    token_id = int(listed.output.split()[0])
    revoked = runner.invoke(args=["users", "tokens", user.username, "--revoke", str(token_id)])
    assert revoked.exit_code == 0
    assert app.test_client().get("/api/v1/me", headers=_bearer(token)).status_code == 401

    reset = runner.invoke(
        args=["users", "password", user.username, "--password-stdin"], input="another-pass\n"
    )
    assert reset.exit_code == 0, reset.output
    assert accounts.authenticate(user.username, "another-pass") is not None

    deactivated = runner.invoke(args=["users", "deactivate", user.username])
    assert deactivated.exit_code == 0
    assert accounts.authenticate(user.username, "another-pass") is None


def test_cli_errors_are_one_line_and_exit_1(runner, make_user):
    user = make_user("drafter")
    missing = runner.invoke(args=["users", "deactivate", "nobody-here"])
    assert missing.exit_code == 1 and "没有这个用户" in missing.output
    short = runner.invoke(
        args=["users", "password", user.username, "--password-stdin"], input="short\n"
    )
    assert short.exit_code == 1 and "至少 8" in short.output
    wrong = runner.invoke(args=["users", "tokens", user.username, "--revoke", "999999"])
    assert wrong.exit_code == 1 and "令牌" in wrong.output


def test_token_use_is_noted_for_the_admin(app, make_user):
    owner = make_user("leader")
    token = accounts.issue_token(owner.username)
    assert app.test_client().get("/api/v1/me", headers=_bearer(token)).status_code == 200
    db.session.expire_all()
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    assert api_token.last_used_at is not None
