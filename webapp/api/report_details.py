"""PATCH /reports/{id}: title, issuing body, date of issue, number, addressee, deadline."""

from __future__ import annotations

from datetime import date

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, operation, responses
from webapp.models import Report
from webapp.services import report_details


class ReportDetailsPatch(Body):
    """Only the fields sent change; null clears a field (not the title)."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    issuer: str | None = Field(default=None, max_length=200, description="发文机关署名")
    issue_date: date | None = Field(default=None, strict=False, description="成文日期, YYYY-MM-DD")
    doc_number: str | None = Field(default=None, max_length=100, description="发文字号")
    addressee: str | None = Field(default=None, max_length=300, description="主送机关")
    deadline: date | None = Field(default=None, strict=False, description="YYYY-MM-DD")


class ReportDetails(BaseModel):
    id: int
    title: str
    issuer: str
    issue_date: date | None
    date_of_issue: date | None = Field(description="issue_date, else the sign-off day")
    doc_number: str
    addressee: str
    deadline: date | None
    status: str


def report_details_json(report: Report) -> ReportDetails:
    return ReportDetails(
        id=report.id,
        title=report.title,
        issuer=report.issuer,
        issue_date=report.issue_date,
        date_of_issue=report_details.date_of_issue(report),
        doc_number=report.doc_number,
        addressee=report.addressee,
        deadline=report.deadline,
        status=report.status,
    )


@bp.patch("/reports/<int:report_id>")
@operation(
    json=ReportDetailsPatch, resp=responses(403, 404, 409, HTTP_200=ReportDetails), tags=["reports"]
)
def update_report_details(report_id: int, json: ReportDetailsPatch):
    """Leaders and admins: the details the final document carries (署名, 成文日期, …)."""
    fields = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in json.model_dump(exclude_unset=True).items()
    }
    report = report_details.update_details(report_id, current_user, **fields)
    return report_details_json(report)
