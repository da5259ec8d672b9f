"""JSON API under /api/v1: bearer tokens (or a session plus CSRF header), JSON errors, and an
OpenAPI document generated from the pydantic models that validate every request and response.

How to add a route (a plain Flask view on `bp`, plus one decorator):

    from pydantic import Field
    from webapp.api import bp
    from webapp.api.openapi import Body, operation, responses

    class Rename(Body):                       # Body = strict JSON object model
        heading: str = Field(max_length=200)

    class Renamed(BaseModel):
        id: int
        heading: str

    @bp.patch("/sections/<int:section_id>/heading")
    @operation(json=Rename, resp=responses(403, 404, 409, HTTP_200=Renamed), tags=["sections"])
    def rename(section_id: int, json: Rename):
        section = structure.rename(section_id, current_user, json.heading)   # ONE service call
        return Renamed(id=section.id, heading=section.heading)   # or jsonify(...) / (body, 201)

- `json=` validates the body (`query=` a `Query` model for ?a=b); the view gets it as the
  argument named `json` / `query`. A body that is no JSON object answers 400, a bad field 422
  `{"error", "code": "invalid_field", "field"}`; you never check types by hand.
- `responses(*error_statuses, HTTP_2xx=Model)`: the success model(s) and the error bodies the
  service can raise (400/401/422 are always listed). The response is validated against the model.
- Model class names become the document's schema names: keep them unique across webapp/api.
- The operationId is the view's name; if its output feeds another operation, add an entry to
  `openapi.LINKS`. Import the new module at the bottom of this file.
- Services raise DomainError with a stable `code`; views/errors.py turns it into the JSON error.
- tests/web/test_api_openapi.py fails when a route under /api/v1 is missing from the document;
  tests/web/test_api_schemathesis.py fuzzes every operation with each role's token.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_login import current_user
from pydantic import BaseModel

from webapp.api.openapi import document, operation, responses
from webapp.extensions import csrf
from webapp.services.errors import Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi":
        return None
    if not current_user.is_authenticated:
        raise Unauthorized("需要登录或 API 令牌（Authorization: Bearer …）", code="unauthenticated")
    # A browser session has no bearer token: then the CSRF header is required as on forms.
    if request.method in _UNSAFE_METHODS and not g.get("authenticated_by_token"):
        csrf.protect()
    return None


class Me(BaseModel):
    username: str
    display_name: str
    role: str
    department: str | None


@bp.get("/me")
@operation(resp=responses(HTTP_200=Me), tags=["accounts"])
def me():
    """The caller."""
    user = current_user
    return Me(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        department=user.department.code if user.department else None,
    )


@bp.get("/openapi.json")
@operation(resp=responses(HTTP_200=None), tags=["meta"], security={})
def openapi():
    """This document (public)."""
    return jsonify(document())


# Route modules register themselves on `bp`; imported last because they import `bp`.
from webapp.api import (  # noqa: E402, F401
    assemblies,
    chasing,
    comments,
    lifecycle,
    next_year,
    notifications,
    redline,
    report_details,
    reports,
    search,
    sections,
    structure,
    suggestions,
    word,
    workflow,
)
