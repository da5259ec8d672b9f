"""POST /reports/{id}/next-year: next year's report from this one."""

from __future__ import annotations

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, operation, responses
from webapp.services import next_year


class NextYear(Body):
    """Optional body: a title for the new report when the old one names no year to move on."""

    title: str | None = Field(default=None, min_length=1, max_length=300)


class NextYearCreated(BaseModel):
    id: int
    title: str
    year: int | None
    previous_report_id: int
    sections: int


@bp.post("/reports/<int:report_id>/next-year")
@operation(json=NextYear, resp=responses(403, 404, 409, HTTP_201=NextYearCreated), tags=["reports"])
def create_next_year(report_id: int, json: NextYear):
    """生成下一年度报告: the same structure, departments, 会签 and deadlines one year on."""
    report = next_year.create(report_id, current_user, json.title)
    return NextYearCreated(
        id=report.id,
        title=report.title,
        year=report.year,
        previous_report_id=report_id,
        sections=len(report.sections),
    ), 201
