"""Workflow endpoints: submit, review decisions, assignment (department, deadline, 会签);
sign-off lives in `api.lifecycle`."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, Number, operation, responses
from webapp.services import submission, workflow


class Submitted(BaseModel):
    id: int
    status: str
    revision: int


@bp.post("/sections/<int:section_id>/submit")
@operation(resp=responses(403, 404, 409, HTTP_200=Submitted), tags=["workflow"])
def submit(section_id: int):
    """Submit the section's head revision for review (refused with
    `unsaved_draft` while the caller's autosaved text differs from it)."""
    section = submission.submit_saved(section_id, current_user)
    return Submitted(id=section.id, status=section.status, revision=section.head_revision)


class Decide(Body):
    revision: Number = Field(description="the exact revision the reviewer read")
    decision: Literal["approve", "request_changes", "comment"]
    body: str = ""


class Decided(BaseModel):
    id: int
    decision: str
    status: str = Field(description="the section's status after the decision")


@bp.post("/sections/<int:section_id>/reviews")
@operation(json=Decide, resp=responses(403, 404, 409, HTTP_201=Decided), tags=["workflow"])
def review(section_id: int, json: Decide):
    """Approve, request changes or comment on one exact revision."""
    decision = workflow.decide(section_id, current_user, json.revision, json.decision, json.body)
    section = workflow.load_section(section_id)
    return Decided(id=decision.id, decision=decision.decision, status=section.status), 201


class Assign(Body):
    department: str | None = Field(default=None, description="department code")
    deadline: date | None = Field(default=None, strict=False, description="YYYY-MM-DD")
    countersign: list[str] | None = Field(
        default=None, description="codes of the countersigning (会签) departments"
    )


class Assigned(BaseModel):
    id: int
    department: str | None
    deadline: date | None
    countersign: list[str]


@bp.patch("/sections/<int:section_id>")
@operation(json=Assign, resp=responses(403, 404, 409, HTTP_200=Assigned), tags=["workflow"])
def assign(section_id: int, json: Assign):
    """Admins and leaders: the section's department, deadline and 会签 departments."""
    section = workflow.assign(
        section_id,
        current_user,
        department_code=json.department,
        deadline=json.deadline,
        countersign_codes=json.countersign,
    )
    return Assigned(
        id=section.id,
        department=section.department.code if section.department else None,
        deadline=section.deadline,
        countersign=[department.code for department in workflow.countersign_departments(section)],
    )
