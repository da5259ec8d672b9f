"""Workflow endpoints: submit, review decisions, assignment (department, deadline, 会签);
sign-off lives in `api.lifecycle`."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api import structure as structure_api
from webapp.api.openapi import Body, Number, operation, responses
from webapp.api.structure import SectionPlaced
from webapp.services import structure, submission, workflow


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


class SectionPatch(Body):
    department: str | None = Field(default=None, description="department code")
    deadline: date | None = Field(default=None, strict=False, description="YYYY-MM-DD")
    countersign: list[str] | None = Field(
        default=None, description="codes of the countersigning (会签) departments"
    )
    heading: str | None = Field(
        default=None, max_length=structure.MAX_HEADING_CHARS, description="a new revision"
    )
    base_revision: Number | None = Field(default=None, description="for a heading edit")
    parent_id: Number | None = Field(default=None, description="move under this section")
    after_id: Number | None = Field(default=None, description="move after it (null: first)")


class SectionPatched(SectionPlaced):
    countersign: list[str]


_ASSIGN_FIELDS = frozenset({"department", "deadline", "countersign"})


@bp.patch("/sections/<int:section_id>")
@operation(
    json=SectionPatch, resp=responses(403, 404, 409, HTTP_200=SectionPatched), tags=["workflow"]
)
def assign(section_id: int, json: SectionPatch):
    """Admins and leaders: department, deadline, 会签 departments, place (a move); the
    section's drafters too: heading (a new revision). Only the fields sent change."""
    structure_api.apply_structure(section_id, json)
    if _ASSIGN_FIELDS & json.model_fields_set or not json.model_fields_set:
        workflow.assign(
            section_id,
            current_user,
            department_code=json.department,
            deadline=json.deadline,
            countersign_codes=json.countersign,
        )
    section = workflow.load_section(section_id)
    return SectionPatched(
        **structure_api.placed(section_id),
        countersign=[department.code for department in workflow.countersign_departments(section)],
    )
