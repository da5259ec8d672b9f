"""How Flask-Login finds the current user: the session cookie, or an API bearer token."""

from __future__ import annotations

from flask import Request, g
from flask_login import LoginManager

from webapp.models import User
from webapp.services import accounts


def register(login_manager: LoginManager) -> None:
    login_manager.user_loader(_load_from_session)
    login_manager.request_loader(_load_from_bearer)


def _load_from_session(session_user_id: str) -> User | None:
    # "id:generation": logout, a password change or deactivation ends older sessions.
    return accounts.user_for_session(session_user_id)


def _load_from_bearer(request: Request) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    user = accounts.user_for_token(token.strip())
    g.authenticated_by_token = user is not None
    return user
