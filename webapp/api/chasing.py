"""Claiming a section for review and 催办 of a late department."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, operation, responses
from webapp.services import chasing, claims
from webapp.services.deadlines import china_today


class Claimed(BaseModel):
    section_id: int
    reviewer: str = Field(description="display name of the reviewer holding the claim")
    claimed_at: datetime
    expires_at: datetime


@bp.post("/sections/<int:section_id>/claim")
@operation(resp=responses(403, 404, 409, HTTP_200=Claimed), tags=["workflow"])
def claim_section(section_id: int):
    """Claim a submitted section for review (“正在审核”); renews the caller's own claim."""
    claim = claims.claim(section_id, current_user)
    return Claimed(
        section_id=claim.section_id,
        reviewer=claim.reviewer,
        claimed_at=claim.claimed_at,
        expires_at=claim.expires_at,
    )


@bp.delete("/sections/<int:section_id>/claim")
@operation(resp=responses(403, 404, HTTP_204=None), tags=["workflow"])
def release_section(section_id: int):
    """Give the claim back (no error when it has already lapsed)."""
    claims.release(section_id, current_user)
    return "", 204


class ChaseRequest(Body):
    department: str = Field(min_length=1, max_length=64, description="department code")


class Chased(BaseModel):
    report_id: int
    department: str
    notified: int = Field(description="how many drafters were notified")
    chased_on: date


@bp.post("/reports/<int:report_id>/chase")
@operation(json=ChaseRequest, resp=responses(403, 404, 429, HTTP_200=Chased), tags=["workflow"])
def chase_department(report_id: int, json: ChaseRequest):
    """催办: notify the department's drafters of its overdue sections (leaders, admins)."""
    today = china_today()
    notified = chasing.chase(report_id, json.department, current_user, today)
    return Chased(
        report_id=report_id, department=json.department, notified=notified, chased_on=today
    )
