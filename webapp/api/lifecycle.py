"""Report lifecycle endpoints: the sign-off checklist, signing off, withdrawing a sign-off.

Bodies are validated by pydantic models (the schemas the OpenAPI document is built from).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from webapp.api import bp
from webapp.api.payload import json_object
from webapp.models import Report
from webapp.services import reports, signoff
from webapp.services.errors import InvalidInput


class WithdrawBody(BaseModel):
    """POST /reports/{id}/sign-off/withdraw"""

    model_config = ConfigDict(extra="forbid", strict=True)
    reason: str = Field(min_length=1, max_length=signoff.MAX_REASON_CHARS)


def _parse(model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(json_object())
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidInput(
            f"字段 {name} 无效：{first['msg']}", code="invalid_field", field=name
        ) from None


def _lifecycle_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "status": report.status,
        "signed_off_at": report.signed_off_at.isoformat() if report.signed_off_at else None,
        "signed_off_by": report.signed_off_by.username if report.signed_off_by else None,
    }


@bp.get("/reports/<int:report_id>/checks")
def checks(report_id: int):
    report = reports.get_report(report_id, current_user)
    return jsonify(
        sign_off=signoff.checklist(report).to_dict(),
        consistency=signoff.consistency_findings(report),
    )


@bp.post("/reports/<int:report_id>/sign-off")
def sign_off(report_id: int):
    # No body is needed; one that is sent must still be JSON (or nothing at all).
    if request.content_length:
        json_object()
    return jsonify(_lifecycle_json(signoff.sign_off(report_id, current_user)))


@bp.post("/reports/<int:report_id>/sign-off/withdraw")
def withdraw_sign_off(report_id: int):
    body = _parse(WithdrawBody)
    return jsonify(_lifecycle_json(signoff.withdraw(report_id, current_user, body.reason)))


def openapi_paths() -> dict[str, Any]:
    """This module's part of /api/v1/openapi.json, from the same pydantic schemas."""
    error = {"$ref": "#/components/schemas/Error"}
    errors = {
        str(code): {"description": "error", "content": {"application/json": {"schema": error}}}
        for code in (401, 403, 404, 409, 422)
    }
    report_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    ok = {"200": {"description": "the report's lifecycle state"}, **errors}
    return {
        "/reports/{id}/checks": {
            "get": {
                "parameters": [report_id],
                "responses": {"200": {"description": "sign-off checklist"}, **errors},
            }
        },
        "/reports/{id}/sign-off": {"post": {"parameters": [report_id], "responses": ok}},
        "/reports/{id}/sign-off/withdraw": {
            "post": {
                "parameters": [report_id],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": WithdrawBody.model_json_schema()}},
                },
                "responses": ok,
            }
        },
    }
