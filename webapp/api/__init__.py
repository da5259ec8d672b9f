"""JSON API under /api/v1: bearer tokens (or a session plus CSRF header), JSON errors."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_login import current_user

from webapp.extensions import csrf
from webapp.services import reports
from webapp.services.errors import Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi":
        return None
    if not current_user.is_authenticated:
        raise Unauthorized("需要登录或 API 令牌（Authorization: Bearer …）")
    # A browser session has no bearer token: then the CSRF header is required as on forms.
    if request.method in _UNSAFE_METHODS and not g.get("authenticated_by_token"):
        csrf.protect()
    return None


@bp.get("/me")
def me():
    user = current_user
    return jsonify(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        department=user.department.code if user.department else None,
    )


@bp.get("/reports/<int:report_id>")
def report_outline(report_id: int):
    return jsonify(reports.outline_json(reports.get_report(report_id, current_user)))


@bp.get("/openapi.json")
def openapi():
    from webapp.api.openapi import document

    return jsonify(document())


# Route modules register themselves on `bp`; imported last because they import `bp`.
from webapp.api import assemblies, sections, suggestions, word, workflow  # noqa: E402, F401
