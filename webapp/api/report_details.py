"""PATCH /reports/{id}: a report's title, issuing body, date of issue, number, addressee, deadline.

The body is validated by a pydantic model (the same one the OpenAPI document can describe);
a validation error is a 422 with `code: invalid_input` and the message per field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from flask import jsonify, request
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from werkzeug.exceptions import BadRequest

from webapp.api import bp
from webapp.models import Report
from webapp.services import report_details
from webapp.services.errors import InvalidInput

OptionalText = Annotated[str | None, Field(max_length=300)]


class ReportDetailsPatch(BaseModel):
    """Only the fields present are changed; null clears a field (not the title)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    issuer: Annotated[str | None, Field(max_length=200)] = None
    issue_date: date | None = None
    doc_number: Annotated[str | None, Field(max_length=100)] = None
    addressee: OptionalText = None
    deadline: date | None = None


def report_details_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "title": report.title,
        "issuer": report.issuer,
        "issue_date": _iso(report.issue_date),
        "date_of_issue": _iso(report_details.date_of_issue(report)),
        "doc_number": report.doc_number,
        "addressee": report.addressee,
        "deadline": _iso(report.deadline),
        "status": report.status,
    }


@bp.patch("/reports/<int:report_id>")
def update_report_details(report_id: int):
    fields = _patch_fields(request.get_json(silent=True))
    report = report_details.update_details(report_id, current_user, **fields)
    return jsonify(report_details_json(report))


def _patch_fields(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise BadRequest("请求体必须是 JSON 对象（Content-Type: application/json）")
    if data.get("title", "") is None:
        raise InvalidInput("标题不能为空", fields={"title": "标题不能为空"})
    try:
        patch = ReportDetailsPatch.model_validate(data)
    except ValidationError as error:
        fields = {".".join(map(str, e["loc"])) or "body": e["msg"] for e in error.errors()}
        raise InvalidInput("请求内容无效：" + "；".join(fields), fields=fields) from None
    return patch.model_dump(exclude_unset=True)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
