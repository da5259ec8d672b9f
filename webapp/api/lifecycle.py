"""Report lifecycle endpoints: the sign-off checklist, signing off, withdrawing a sign-off."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, operation, responses
from webapp.models import Report
from webapp.services import reports, signoff


class CheckItemOut(BaseModel):
    section_id: int
    code: str = Field(
        description="not_approved, no_department, countersign_pending, placeholder_in_heading, …"
    )
    section: str = Field(description="the section's number and heading")
    detail: str
    message: str
    link: str


class SignOffChecks(BaseModel):
    ready: bool
    blocking: list[CheckItemOut]
    warnings: list[CheckItemOut]


class Checks(BaseModel):
    sign_off: SignOffChecks
    consistency: list[dict[str, Any]]


class Lifecycle(BaseModel):
    id: int
    status: str
    signed_off_at: datetime | None
    signed_off_by: str | None


class Withdraw(Body):
    reason: str = Field(min_length=1, max_length=signoff.MAX_REASON_CHARS)


def _lifecycle(report: Report) -> Lifecycle:
    return Lifecycle(
        id=report.id,
        status=report.status,
        signed_off_at=report.signed_off_at,
        signed_off_by=report.signed_off_by.username if report.signed_off_by else None,
    )


@bp.get("/reports/<int:report_id>/checks")
@operation(resp=responses(403, 404, HTTP_200=Checks), tags=["lifecycle"])
def checks(report_id: int):
    """The sign-off checklist (blocking reasons, warnings) and whole-report consistency."""
    report = reports.get_report(report_id, current_user)
    return Checks(
        sign_off=signoff.checklist(report).to_dict(),
        consistency=signoff.consistency_findings(report),
    )


@bp.post("/reports/<int:report_id>/sign-off")
@operation(resp=responses(403, 404, 409, HTTP_200=Lifecycle), tags=["lifecycle"])
def sign_off(report_id: int):
    """签发; 409 `sign_off_blocked` with the blocking list while the checklist fails."""
    return _lifecycle(signoff.sign_off(report_id, current_user))


@bp.post("/reports/<int:report_id>/sign-off/withdraw")
@operation(json=Withdraw, resp=responses(403, 404, 409, HTTP_200=Lifecycle), tags=["lifecycle"])
def withdraw_sign_off(report_id: int, json: Withdraw):
    """The leader withdraws a sign-off with a reason; the report reopens."""
    return _lifecycle(signoff.withdraw(report_id, current_user, json.reason))
