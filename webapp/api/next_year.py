"""POST /reports/{id}/next-year: next year's report from this one (pydantic request/response)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from werkzeug.exceptions import BadRequest

from webapp.api import bp
from webapp.services import next_year
from webapp.services.errors import InvalidInput


class NextYearRequest(BaseModel):
    """Optional body: a title for the new report when the old one names no year to move on."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=300)


class NextYearResponse(BaseModel):
    id: int
    title: str
    year: int | None
    previous_report_id: int
    sections: int


def openapi_paths() -> dict[str, Any]:
    """This route in the OpenAPI document, its schemas generated from the pydantic models."""
    return {
        "/reports/{id}/next-year": {
            "post": {
                "summary": "生成下一年度报告 (next year's report)",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "requestBody": {
                    "required": False,
                    "content": {
                        "application/json": {"schema": NextYearRequest.model_json_schema()}
                    },
                },
                "responses": {
                    "201": {
                        "description": "the new report",
                        "content": {
                            "application/json": {"schema": NextYearResponse.model_json_schema()}
                        },
                    },
                    **{
                        str(status): {"description": "error with a stable code"}
                        for status in (400, 401, 403, 404, 409, 422)
                    },
                },
            }
        }
    }


@bp.post("/reports/<int:report_id>/next-year")
def create_next_year(report_id: int):
    body = _request_body()
    report = next_year.create(report_id, current_user, body.title)
    response = NextYearResponse(
        id=report.id,
        title=report.title,
        year=report.year,
        previous_report_id=report_id,
        sections=len(report.sections),
    )
    return response.model_dump(), 201


def _request_body() -> NextYearRequest:
    """An empty body is fine; anything else must be a JSON object the model accepts."""
    if not request.get_data():
        return NextYearRequest()
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("请求体必须是 JSON 对象（Content-Type: application/json）")
    try:
        return NextYearRequest.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"字段 {field} 无效：{first['msg']}", field=field) from None
